/**
 * The cluster's life over Server-Sent Events, straight from the driver's event bus: the status
 * (current on connect, then each change), host events (up / down / added / removed), schema
 * changes, every `metricsMs` a metrics snapshot and, with `requestsPerSecond`, a tail of the finished
 * executions. The stream ends (with an `end` event) when the cluster shuts down. The events are the
 * wire shapes `ClusterStreamEvents` that `cassandra-rx/web` reads in the browser (the dashboard).
 *
 *   curl -N 'http://127.0.0.1:3000/cluster/events?metricsMs=2000&requestsPerSecond=5'
 */
import { BadRequestException, Controller, Get, Query, Sse, type MessageEvent } from '@nestjs/common';
import type { Observable } from 'rxjs';
import type { Cluster, MetricsSnapshot } from 'cassandra-rx';
import { clusterEventsSse, InjectCluster, InjectConnection, type CassandraConnection } from 'cassandra-rx/nestjs';

function count(text: string | undefined, fallback: number, name: string): number {
  const n = text === undefined ? fallback : Number(text);
  if (!Number.isInteger(n) || n < 0) throw new BadRequestException(`${name} must be a non-negative integer`);
  return n;
}

@Controller('cluster')
export class ClusterController {
  constructor(
    @InjectCluster() private readonly cluster: Cluster,
    @InjectConnection() private readonly connection: CassandraConnection,
  ) {}

  /** `GET /cluster/events?metricsMs=5000&requestsPerSecond=0` (0: no metrics / request events). */
  @Sse('events')
  events(@Query('metricsMs') metricsText?: string, @Query('requestsPerSecond') requestsText?: string): Observable<MessageEvent> {
    const metricsIntervalMs = count(metricsText, 5000, 'metricsMs');
    const requestsPerSecond = count(requestsText, 0, 'requestsPerSecond');
    return clusterEventsSse(this.cluster, {
      metricsIntervalMs,
      requestsPerSecond,
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
