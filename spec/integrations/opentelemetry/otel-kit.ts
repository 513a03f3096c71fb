/**
 * Test support: an OpenTelemetry SDK with an in-memory span exporter and an async-hooks context
 * manager (so `context.with` carries through awaits), and a meter provider whose reader collects
 * on demand. Helpers read attributes, events and metric points.
 */
import { context, type Attributes } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality, DataPointType, MeterProvider, MetricReader, type DataPoint, type MetricProducer, type Histogram, type MetricData,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor, type ReadableSpan } from '@opentelemetry/sdk-trace-base';

export interface TraceKit {
  readonly exporter: InMemorySpanExporter;
  readonly provider: BasicTracerProvider;
  spans(): ReadableSpan[];
  named(name: string): ReadableSpan[];
  close(): Promise<void>;
}

export function startTracing(): TraceKit {
  const manager = new AsyncLocalStorageContextManager().enable();
  context.setGlobalContextManager(manager);
  const exporter = new InMemorySpanExporter();
  const provider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] });
  return {
    exporter,
    provider,
    spans: () => exporter.getFinishedSpans(),
    named: (name) => exporter.getFinishedSpans().filter((s) => s.name === name),
    close: async () => {
      await provider.shutdown();
      context.disable();
    },
  };
}

/** A reader that collects when asked (cumulative). */
export class TestReader extends MetricReader {
  constructor(metricProducers: MetricProducer[] = []) {
    super({ aggregationTemporalitySelector: () => AggregationTemporality.CUMULATIVE, metricProducers });
  }
  protected override onForceFlush(): Promise<void> { return Promise.resolve(); }
  protected override onShutdown(): Promise<void> { return Promise.resolve(); }

  /** Every metric of the last collection, by name. */
  async read(): Promise<Map<string, MetricData>> {
    const { resourceMetrics } = await this.collect();
    const out = new Map<string, MetricData>();
    for (const scope of resourceMetrics.scopeMetrics) for (const m of scope.metrics) out.set(m.descriptor.name, m);
    return out;
  }
}

/** A meter provider and its collecting reader; `producers` add metrics aggregated outside the SDK. */
export function startMetrics(producers: MetricProducer[] = []): { readonly reader: TestReader; readonly provider: MeterProvider } {
  const reader = new TestReader(producers);
  return { reader, provider: new MeterProvider({ readers: [reader] }) };
}

/** Sum / gauge points of a metric as `[attributes, value]`. */
export function points(m: MetricData | undefined): Array<[Attributes, number]> {
  if (m === undefined || m.dataPointType === DataPointType.HISTOGRAM || m.dataPointType === DataPointType.EXPONENTIAL_HISTOGRAM) return [];
  return (m.dataPoints as DataPoint<number>[]).map((p) => [p.attributes, p.value]);
}

/** Histogram points as `[attributes, value]`. */
export function histogramPoints(m: MetricData | undefined): Array<[Attributes, Histogram]> {
  if (m === undefined || m.dataPointType !== DataPointType.HISTOGRAM) return [];
  return m.dataPoints.map((p) => [p.attributes, p.value]);
}

export const parentOf = (s: ReadableSpan): string | undefined => s.parentSpanContext?.spanId;
