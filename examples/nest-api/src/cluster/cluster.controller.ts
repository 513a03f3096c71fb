/**
 * The cluster's life over Server-Sent Events, straight from the driver's event bus: the status
 * (current on connect, then each change), host events (up / down / added / removed), schema
 * changes and, every `metricsMs`, a metrics snapshot. The stream ends when the cluster shuts down.
 *
 *   curl -N 'http://127.0.0.1:3000/cluster/events?metricsMs=2000'
 */
import { BadRequestException, Controller, Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Cluster, MetricsSnapshot } from 'cassandra-rx';
import { clusterEventsSse, InjectCluster, InjectConnection, type CassandraConnection } from 'cassandra-rx/nestjs';

@Controller('cluster')
export class ClusterController {
  constructor(
    @InjectCluster() private readonly cluster: Cluster,
    @InjectConnection() private readonly connection: CassandraConnection,
  ) {}

  /** `GET /cluster/events?metricsMs=5000` (0: no metrics events). */
  @Sse('events')
  events(@Query('metricsMs') metricsText?: string): Observable<MessageEvent> {
    const metricsIntervalMs = metricsText === undefined ? 5000 : Number(metricsText);
    if (!Number.isInteger(metricsIntervalMs) || metricsIntervalMs < 0) throw new BadRequestException('metricsMs must be a non-negative integer');
    return clusterEventsSse(this.cluster, {
      metricsIntervalMs,
      schema: true,
      connection: this.connection.name,
      ...(this.connection.localDatacenter !== undefined ? { localDatacenter: this.connection.localDatacenter } : {}),
    });
  }

  /** `GET /cluster/metrics`: one snapshot (requests, errors, latency percentiles in µs, per host). */
  @Get('metrics')
  metrics(): MetricsSnapshot {
    return this.cluster.metrics();
  }
}
