/**
 * A terminus health indicator (it returns terminus's result shape, so terminus itself stays an
 * optional dependency): up when the local datacenter has at least one host up and a probe query
 * answers within the timeout; the details list every host with its state.
 *
 *   this.health.check([() => this.cassandra.isHealthy('cassandra', { timeoutMs: 1000 })])
 */
import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { firstValueFrom } from 'rxjs';
import { findConnection } from './connections';
import { statusOf, type HostStatusEntry } from './host-status';

export interface CassandraHealthOptions {
  /** Connection name. Default 'default'. */
  connection?: string;
  /** How long the probe may take, ms. Default 2000. */
  timeoutMs?: number;
  /** The probe statement. Default `SELECT release_version FROM system.local`. */
  probe?: string;
}

/** What `isHealthy` reports under its key (terminus's `HealthIndicatorResult` shape). */
export interface CassandraHealthDetails {
  status: 'up' | 'down';
  connection: string;
  localDatacenter: string | undefined;
  localHostsUp: number;
  hosts: readonly HostStatusEntry[];
  /** Probe round trip, ms (absent when not probed). */
  probeMs?: number;
  /** Why it is down. */
  reason?: string;
}

export type CassandraHealthResult<K extends string = string> = Record<K, CassandraHealthDetails>;

const PROBE = 'SELECT release_version FROM system.local';

@Injectable()
export class CassandraHealthIndicator {
  constructor(private readonly moduleRef: ModuleRef) {}

  /** Never throws: a down connection is reported as `status: 'down'` (terminus then answers 503). */
  async isHealthy<K extends string = 'cassandra'>(key: K = 'cassandra' as K, options: CassandraHealthOptions = {}): Promise<CassandraHealthResult<K>> {
    const c = findConnection(this.moduleRef, options.connection, 'CassandraHealthIndicator');
    const s = statusOf(c.name, c.cluster.hosts().map((h) => h.snapshot()), c.localDatacenter);
    const base = { connection: s.connection, localDatacenter: s.localDatacenter, localHostsUp: s.localHostsUp, hosts: s.hosts };
    const result = (details: CassandraHealthDetails): CassandraHealthResult<K> => ({ [key]: details }) as CassandraHealthResult<K>;
    if (s.status === 'down') {
      return result({ status: 'down', ...base, reason: `no host of ${s.localDatacenter ?? 'the cluster'} is up` });
    }
    const timeoutMs = options.timeoutMs ?? 2000;
    const started = Date.now();
    try {
      await firstValueFrom(c.session.execute(options.probe ?? PROBE, undefined, { timeoutMs, idempotent: true }));
      return result({ status: 'up', ...base, probeMs: Date.now() - started });
    } catch (e) {
      const why = e instanceof Error ? e.name : 'Error';
      return result({ status: 'down', ...base, probeMs: Date.now() - started, reason: `probe failed: ${why}` });
    }
  }
}
