import { SpanStatusCode } from '@opentelemetry/api';
import { firstValueFrom } from 'rxjs';
import { Cluster, Consistency, DefaultRetryPolicy, type RetryContext, type RetryDecision, type Session } from '../../../../lib';
import { instrument, instrumentMetrics } from '../../../../lib/integrations/opentelemetry';
import { contactPoints, ensurePlainCluster } from '../../../support/cassandra/ensure-cluster';
import { histogramPoints, startMetrics, startTracing, type TraceKit } from '../otel-kit';

// A real retry on a real node: a read at THREE on a one-replica keyspace is refused by the node
// (UnavailableError); the retry policy retries on the same host at ONE, which succeeds. The span
// carries both attempts and the decision between them; the metrics carry the retry.
const KS = `rx_otel_${Date.now().toString(36)}`;

class DowngradeOnUnavailable extends DefaultRetryPolicy {
  override onUnavailable(ctx: RetryContext): RetryDecision {
    return ctx.retryCount === 0 ? { type: 'retry-same-host', consistency: Consistency.ONE } : { type: 'rethrow' };
  }
}

describe('cassandra-rx/opentelemetry against real Cassandra', () => {
  let cluster: Cluster;
  let session: Session;
  let kit: TraceKit;
  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints(), profiles: { downgrade: { retry: new DowngradeOnUnavailable() } } });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`CREATE TABLE ${KS}.kv (k int PRIMARY KEY, v text)`));
    await firstValueFrom(session.execute(`INSERT INTO ${KS}.kv (k, v) VALUES (1, 'one')`));
    kit = startTracing();
  }, 120_000);
  afterAll(async () => {
    await kit?.close();
    if (session) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  it('a retry after UnavailableError: two attempt events with the decision between them, one span, one retry counted', async () => {
    const m = startMetrics();
    const handle = instrumentMetrics(cluster, { meter: m.provider.getMeter('it') });
    const traced = instrument(session, { tracer: kit.provider.getTracer('it'), queryText: 'sanitized' });
    const rs = await firstValueFrom(traced.execute(`SELECT v FROM ${KS}.kv WHERE k = 1`, undefined, { profile: 'downgrade', consistency: Consistency.THREE }));
    expect(rs.first()?.['v']).toBe('one');
    expect(rs.info.retries).toBe(1);
    const [span] = kit.named(`SELECT ${KS}.kv`);
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
    expect(span?.attributes).toMatchObject({
      'db.system.name': 'cassandra', 'db.operation.name': 'SELECT', 'db.collection.name': `${KS}.kv`,
      'db.query.text': `SELECT v FROM ${KS}.kv WHERE k = ?`, 'cassandra_rx.attempts': 2, 'cassandra_rx.retries': 1,
      'cassandra.consistency.level': 'three',
    });
    expect(typeof span?.attributes['cassandra.coordinator.id']).toBe('string');
    expect(typeof span?.attributes['cassandra.coordinator.dc']).toBe('string');
    const events = span?.events.map((e) => [e.name, e.attributes?.['error.type'] ?? null, e.attributes?.['cassandra_rx.retry.decision'] ?? null]);
    expect(events).toEqual([
      ['cassandra_rx.attempt', null, null],
      ['cassandra_rx.attempt_failed', 'UnavailableError', 'retry-same-host'],
      ['cassandra_rx.attempt', null, null],
    ]);
    expect(span?.events[0]?.attributes?.['server.address']).toBe(span?.events[2]?.attributes?.['server.address']);
    const collected = await m.reader.read();
    const retried = histogramPoints(collected.get('db.client.operation.duration')).filter(([a]) => a['db.collection.name'] === `${KS}.kv`);
    expect(retried.reduce((n, [, h]) => n + h.count, 0)).toBe(1);
    handle.stop();
  });
});
