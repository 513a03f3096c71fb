/**
 * Host status of any configured connection without terminus: `status(name)` now, `status$(name)`
 * as an Observable (e.g. for an SSE endpoint or a readiness flag).
 */
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Observable } from 'rxjs';
import { findConnection } from './connections';
import { hostStatus$, statusOf, type CassandraStatus } from './host-status';

@Injectable()
export class CassandraStatusService {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** The status now, from the driver's host states (no query sent). */
  status(connection?: string): CassandraStatus {
    const c = findConnection(this.moduleRef, connection, 'CassandraStatusService');
    return statusOf(c.name, c.cluster.hosts().map((h) => h.snapshot()), c.localDatacenter);
  }

  /** The status now, then on every change of a host's state; completes when the cluster shuts down. */
  status$(connection?: string): Observable<CassandraStatus> {
    const c = findConnection(this.moduleRef, connection, 'CassandraStatusService');
    return hostStatus$(c.cluster, c.name, c.localDatacenter);
  }
}
