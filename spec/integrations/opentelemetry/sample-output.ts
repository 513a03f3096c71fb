/**
 * Prints what the two integrations produce against the scripted cluster (one retried SELECT, one
 * failed INSERT): the spans as the in-memory exporter holds them, and a Prometheus scrape. The
 * samples in docs/observability.md come from it: `npx ts-node --transpile-only spec/integrations/opentelemetry/sample-output.ts`.
 */
import { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { instrument } from '../../../lib/integrations/opentelemetry';
import { registerCassandraMetrics } from '../../../lib/integrations/prometheus';
import type { Writer } from '../../../lib/protocol/writer';
import { error, onAll, startSession, stopSession } from '../../session/scripted-session';
import { startTracing } from './otel-kit';

const unavailable = (w: Writer): void => { w.short(1).int(1).int(0); };

async function main(): Promise<void> {
  const s = await startSession();
  const kit = startTracing();
  const registry = new Registry();
  const collector = registerCassandraMetrics(s.cluster, { registry, clusterName: 'shop' });
  try {
    onAll(s.sim, 'SELECT name', { rows: { columns: [{ name: 'name', type: { kind: 'text' } }], rows: [['kettle']] } });
    onAll(s.sim, 'SELECT name', error(0x1000, 'Cannot achieve consistency level QUORUM', unavailable), { times: 1 });
    const traced = instrument(s.session, { tracer: kit.provider.getTracer('cassandra-rx'), queryText: 'sanitized' });
    await firstValueFrom(traced.execute('SELECT name FROM shop.products WHERE id = 42', undefined, { consistency: 4 }));
    const [span] = kit.spans();
    console.log(JSON.stringify({
      name: span?.name, kind: span?.kind, parent: span?.parentSpanContext?.spanId ?? null, status: span?.status,
      attributes: span?.attributes, events: span?.events.map((e) => ({ name: e.name, attributes: e.attributes })),
    }, null, 2));
    console.log((await registry.metrics()).split('\n').filter((l) => !l.includes('_bucket') || l.includes('le="0.005"') || l.includes('+Inf')).join('\n'));
  } finally {
    collector.stop();
    await kit.close();
    await stopSession(s);
  }
}

void main();
