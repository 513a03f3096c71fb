/**
 * Observability overhead client (`npm run bench:otel`): scenario 1's prepared SELECT against the
 * bench server, with one observability set-up per child process (BENCH_OTEL):
 * - `off`: plain session, nothing subscribed to the bus (the observer option unset);
 * - `bus`: one subscriber on `cluster.requests$` that does nothing (the cost of the records alone);
 * - `noop`: `instrument(session)` with no OpenTelemetry SDK registered (the API's no-op tracer);
 * - `tracing`: `instrument(session)` on an SDK tracer provider, batch span processor, an exporter
 *   that drops the batches (spans are built, batched and handed over; no network);
 * - `sampled`: the same with `TraceIdRatioBasedSampler(0.01)`: 1% of the executions recorded;
 * - `floor`: no instrumentation; the client itself makes, on the same SDK set-up as `tracing`, a span
 *   with what ours carries for this query (3 attributes at start, 4 + 7 set later, one event) around
 *   each plain execution: what the SDK's span alone costs, the floor under `tracing`;
 * - `metrics`: `instrumentMetrics(cluster)` on an SDK meter provider (collected every 10 s);
 * - `producer`: `cassandraMetricProducer(cluster)` on an SDK meter provider's reader (collected every 10 s);
 * - `prometheus`: `registerCassandraMetrics(cluster)` on a prom-client registry (not scraped).
 */
import { SpanKind, metrics, trace, type Span, type Tracer } from '@opentelemetry/api';
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

export type OtelMode = 'off' | 'bus' | 'noop' | 'tracing' | 'sampled' | 'floor' | 'metrics' | 'producer' | 'prometheus';

const dropSpans: SpanExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: () => Promise.resolve() };
const dropMetrics: PushMetricExporter = {
  export: (_m, done) => done({ code: 0 }),
  forceFlush: () => Promise.resolve(),
  shutdown: () => Promise.resolve(),
  selectAggregationTemporality: () => AggregationTemporality.CUMULATIVE,
};

/** The span `instrument()` makes for HOT_QUERY, made by hand: start attributes. */
function floorSpan(tracer: Tracer): Span {
  const span = tracer.startSpan('SELECT bench_rx.s1', { kind: SpanKind.CLIENT, attributes: { 'db.system.name': 'cassandra', 'db.operation.name': 'SELECT', 'db.collection.name': 'bench_rx.s1' } });
  span.setAttributes({ 'cassandra.query.idempotent': true, 'db.namespace': 'bench_rx', 'cassandra.consistency.level': 'local_one', 'cassandra.page.size': 5000 });
  return span;
}

/** ... the attempt event and the outcome attributes, then the end. */
function endFloorSpan(span: Span): void {
  span.addEvent('cassandra_rx.attempt', { 'server.address': '127.0.0.1', 'server.port': 9042, 'cassandra_rx.attempt.number': 1, 'cassandra_rx.attempt.speculative': false });
  span.setAttributes({
    'cassandra.speculative_execution.count': 0, 'cassandra_rx.attempts': 1, 'cassandra_rx.retries': 0, 'server.address': '127.0.0.1', 'server.port': 9042,
    'cassandra.coordinator.id': '00000000-0000-0000-0000-000000000001', 'cassandra.coordinator.dc': 'dc1',
  });
  span.end();
}

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
    let floor: Tracer | undefined;
    if (mode === 'noop' || mode === 'tracing' || mode === 'sampled' || mode === 'floor') {
      if (mode !== 'noop') {
        const provider = new BasicTracerProvider({
          ...(mode === 'sampled' ? { sampler: new TraceIdRatioBasedSampler(0.01) } : {}),
          spanProcessors: [new BatchSpanProcessor(dropSpans, { maxQueueSize: 65_536, maxExportBatchSize: 4096 })],
        });
        trace.setGlobalTracerProvider(provider);
        closers.push(() => provider.shutdown());
      }
      if (mode === 'floor') floor = trace.getTracer('floor');
      else {
        const traced = instrument(session);
        execute = (ps, params) => traced.execute(ps, params);
      }
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
    const tracer = floor;
    report(await levels(mode, task, tracer === undefined
      ? (i, done): void => { execute(ps, [i & 0xffff]).subscribe({ error: (e: unknown) => done(e), complete: () => done() }); }
      : (i, done): void => {
        const span = floorSpan(tracer);
        execute(ps, [i & 0xffff]).subscribe({
          error: (e: unknown) => { span.end(); done(e); },
          complete: () => { endFloorSpan(span); done(); },
        });
      }));
  } finally {
    for (const close of closers) await close();
    await cluster.shutdown();
  }
}

main().catch(fail);
