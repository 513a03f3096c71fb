/**
 * The code of docs/observability.md, compiled here: docs.spec.ts imports this file (ts-jest
 * type-checks it) and checks that every TypeScript block of the page appears in it verbatim
 * (whitespace aside). Each block is the body of a function, so nothing runs on import.
 */
import { createServer } from 'node:http';
import { context, metrics, trace } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { ConsoleMetricExporter, MeterProvider, PeriodicExportingMetricReader } from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, BatchSpanProcessor, ConsoleSpanExporter } from '@opentelemetry/sdk-trace-base';
import { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { Cluster, RequestStats } from 'cassandra-rx';
import { instrument, instrumentMetrics } from 'cassandra-rx/opentelemetry';
import { cassandraMetricProducer } from 'cassandra-rx/opentelemetry/sdk';
import { registerCassandraMetrics } from 'cassandra-rx/prometheus';

export async function tracingSetup(): Promise<void> {
  // --- tracing
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new BatchSpanProcessor(new ConsoleSpanExporter())] }));

  const cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDatacenter: 'dc1' });
  const session = instrument(await cluster.connect('shop'), { queryText: 'sanitized' });

  const byId$ = session.execute('SELECT name FROM products WHERE id = ?', [42], { prepare: true });
  const tracer = trace.getTracer('shop-api');
  await tracer.startActiveSpan('GET /products/42', async (span) => {
    await firstValueFrom(byId$); // the execution's span is a child of 'GET /products/42'
    span.end();
  });
  session.stream('SELECT * FROM events').subscribe(); // one span for the stream, one per page
  // --- end
  await cluster.shutdown();
}

export async function metricsSetup(): Promise<void> {
  // --- metrics
  metrics.setGlobalMeterProvider(new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), exportIntervalMillis: 10_000 })],
  }));
  const cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDatacenter: 'dc1' });
  await cluster.connect();
  const handle = instrumentMetrics(cluster, { attributes: ['db.namespace', 'db.operation.name'] });
  // ... later
  handle.stop();
  // --- end
  await cluster.shutdown();
}

export async function producerSetup(): Promise<void> {
  // --- producer
  const cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDatacenter: 'dc1' });
  await cluster.connect();
  const producer = cassandraMetricProducer(cluster, { attributes: ['db.namespace', 'db.operation.name'] });
  const provider = new MeterProvider({
    readers: [new PeriodicExportingMetricReader({ exporter: new ConsoleMetricExporter(), metricProducers: [producer] })],
  });
  // ... later
  producer.stop();
  await provider.shutdown();
  // --- end
  await cluster.shutdown();
}

export async function prometheusSetup(): Promise<void> {
  // --- prometheus
  const cluster = new Cluster({ contactPoints: ['127.0.0.1'], localDatacenter: 'dc1' });
  await cluster.connect();
  const registry = new Registry();
  registerCassandraMetrics(cluster, { registry, clusterName: 'shop', labels: ['operation'] });

  createServer((req, res) => {
    if (req.url !== '/metrics') { res.writeHead(404).end(); return; }
    registry.metrics().then((text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text));
  }).listen(9464);
  // --- end
}

// --- own exporter
export function statsSetup(cluster: Cluster): () => void {
  const stats = new RequestStats({ boundaries: [0.001, 0.005, 0.025, 0.1, 0.5, 2.5] });
  const feeding = cluster.collectRequestStats(stats);
  const timer = setInterval(() => {
    for (const s of stats.series()) {
      console.log(s.host, s.keyspace, s.query, s.error || 'ok', s.count, (s.sum / Math.max(1, s.count)).toFixed(4));
    }
  }, 10_000);
  return () => { clearInterval(timer); feeding.unsubscribe(); };
}
