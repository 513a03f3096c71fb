/**
 * Observability overhead client (`npm run bench:otel`): scenario 1's prepared SELECT against the
 * bench server, with one observability set-up per child process (BENCH_OTEL):
 * - `off`: plain session, nothing subscribed to the bus (the observer option unset);
 * - `bus`: one subscriber on `cluster.requests$` that does nothing (the cost of the records alone);
 * - `noop`: `instrument(session)` with no OpenTelemetry SDK registered (the API's no-op tracer);
 * - `tracing`: `instrument(session)` on an SDK tracer provider, batch span processor, an exporter
 *   that drops the batches (spans are built, batched and handed over; no network);
 * - `sampled`: the same with `TraceIdRatioBasedSampler(0.01)`: 1% of the executions recorded;
 * - `metrics`: `instrumentMetrics(cluster)` on an SDK meter provider (collected every 10 s);
 * - `producer`: `cassandraMetricProducer(cluster)` on an SDK meter provider's reader (collected every 10 s);
 * - `prometheus`: `registerCassandraMetrics(cluster)` on a prom-client registry (not scraped).
 */
import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, PeriodicExportingMetricReader, AggregationTemporality, type PushMetricExporter } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, TraceIdRatioBasedSampler, type SpanExporter } from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { Cluster, type Params, type PreparedStatement, type ResultSet } from '../../lib';
import { instrument, instrumentMetrics } from '../../lib/integrations/opentelemetry';
import { cassandraMetricProducer } from '../../lib/integrations/opentelemetry/sdk';
import { registerCassandraMetrics } from '../../lib/integrations/prometheus';
import { HOT_QUERY } from '../workload';
import { fail, levels, readTask, report } from './common';
import type { Observable } from 'rxjs';

export type OtelMode = 'off' | 'bus' | 'noop' | 'tracing' | 'sampled' | 'metrics' | 'producer' | 'prometheus';

const dropSpans: SpanExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };
const dropMetrics: PushMetricExporter = {
  export: (_m, done) => done({ code: 0 }),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
  selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
};

async function main(): Promise<void> {
  const task = readTask();
  const mode = (process.env['BENCH_OTEL'] ?? 'off') as OtelMode;
  const cluster = new Cluster({
    contactPoints: [`${task.host}:${task.port}`], localDatacenter: 'dc1', compression: 'none', maxProtocolVersion: task.version,
    pooling: { localConnections: 1, maxRequestsPerConnection: 2048, heartbeatIntervalMs: 0 },
  });
  const closers: Array<() => unknown> = [];
  try {
    const session = await cluster.connect();
    let execute: (ps: PreparedStatement, params: Params) => Observable<ResultSet> = (ps, params) => session.execute(ps, params);
    if (mode === 'noop' || mode === 'tracing' || mode === 'sampled') {
      if (mode !== 'noop') {
        const provider = new BasicTracerProvider({
          ...(mode === 'sampled' ? { sampler: new TraceIdRatioBasedSampler(0.01) } : {}),
          spanProcessors: [new BatchSpanProcessor(dropSpans, { maxQueueSize: 65_536, maxExportBatchSize: 4096 })],
        });
        trace.setGlobalTracerProvider(provider);
        closers.push(() => provider.shutdown());
      }
      const traced = instrument(session);
      execute = (ps, params) => traced.execute(ps, params);
    } else if (mode === 'metrics') {
      const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: dropMetrics, exportIntervalMillis: 10_000 })] });
      metrics.setGlobalMeterProvider(provider);
      const handle = instrumentMetrics(cluster);
      closers.push(() => handle.stop(), () => provider.shutdown());
    } else if (mode === 'producer') {
      const producer = cassandraMetricProducer(cluster);
      const provider = new MeterProvider({ readers: [new PeriodicExportingMetricReader({ exporter: dropMetrics, exportIntervalMillis: 10_000, metricProducers: [producer] })] });
      closers.push(() => producer.stop(), () => provider.shutdown());
    } else if (mode === 'bus') {
      const sub = cluster.requests$.subscribe(() => undefined);
      closers.push(() => sub.unsubscribe());
    } else if (mode === 'prometheus') {
      const collector = registerCassandraMetrics(cluster, { registry: new Registry() });
      closers.push(() => collector.stop());
    }
    const ps = await firstValueFrom(session.prepare(HOT_QUERY));
    report(await levels(mode, task, (i, done) => {
      execute(ps, [i & 0xffff]).subscribe({ error: (e: unknown) => done(e), complete: () => done() });
    }));
  } finally {
    for (const close of closers) await close();
    await cluster.shutdown();
  }
}

main().catch(fail);
