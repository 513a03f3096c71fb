import { firstValueFrom } from 'rxjs';
import { instrumentMetrics, type MetricsHandle } from '../../../lib/integrations/opentelemetry';
import { cassandraMetricProducer, InstrumentationOptionError, type CassandraMetricProducer } from '../../../lib/integrations/opentelemetry/sdk';
import type { Writer } from '../../../lib/protocol/writer';
import { clusterRuntime } from '../../../lib/session/cluster';
import { error, onAll, startSession, stopSession, type Setup } from '../../session/scripted-session';
import { histogramPoints, points, startMetrics } from './otel-kit';

const text = { kind: 'text' } as const;
const answer = { rows: { columns: [{ name: 'v', type: text }], rows: [['x']] } };
const unavailable = (w: Writer): void => { w.short(1).int(1).int(0); };
const byAttributes = <T>(xs: Array<[Record<string, unknown>, T]>): Array<[string, T]> =>
  xs.map(([a, v]): [string, T] => [JSON.stringify(Object.entries(a).sort(([x], [y]) => (x < y ? -1 : 1))), v]).sort(([x], [y]) => (x < y ? -1 : 1));

describe('cassandra-rx/opentelemetry/sdk: cassandraMetricProducer (scripted 3-node cluster)', () => {
  let s: Setup;
  let producer: CassandraMetricProducer | undefined;
  let handle: MetricsHandle | undefined;
  beforeEach(async () => { s = await startSession(); });
  afterEach(async () => {
    producer?.stop();
    handle?.stop();
    await stopSession(s);
  });

  it('produces what the SDK aggregates from instrumentMetrics on the same executions: same names, attributes, counts, buckets, sums', async () => {
    const sdk = startMetrics();
    handle = instrumentMetrics(s.cluster, { meter: sdk.provider.getMeter('test') });
    producer = cassandraMetricProducer(s.cluster);
    const { reader } = startMetrics([producer]);
    onAll(s.sim, 'SELECT v FROM items', answer);
    onAll(s.sim, 'SELECT v FROM items', error(0x1000, 'unavailable', unavailable), { times: 1 });
    onAll(s.sim, 'INSERT INTO items', error(0x2200, 'bad'));
    for (let i = 0; i < 30; i++) await firstValueFrom(s.session.execute(`SELECT v FROM items WHERE id = ${i % 3}`, undefined, { keyspace: 'shop' }));
    await expect(firstValueFrom(s.session.execute('INSERT INTO items (id) VALUES (1)'))).rejects.toThrow('bad');

    const [ours, theirs] = [await reader.read(), await sdk.reader.read()];
    const hist = (m: typeof ours) => byAttributes(histogramPoints(m.get('db.client.operation.duration')).map(([a, h]) => [a, {
      count: h.count, counts: h.buckets.counts, boundaries: h.buckets.boundaries, sum: Math.round((h.sum ?? 0) * 1e9), min: h.min, max: h.max,
    }]));
    expect(hist(ours).reduce((n, [, h]) => n + h.count, 0)).toBe(31);
    expect(hist(ours)).toEqual(hist(theirs));
    for (const name of ['cassandra_rx.operation.errors', 'cassandra_rx.operation.retries', 'db.client.connection.count', 'cassandra_rx.requests.in_flight', 'cassandra_rx.hosts']) {
      expect([name, byAttributes(points(ours.get(name)))]).toEqual([name, byAttributes(points(theirs.get(name)))]);
    }
    expect(points(ours.get('cassandra_rx.operation.errors')).map(([a, v]) => [a['error.type'], v])).toEqual([['InvalidQueryError', 1]]);
    expect(ours.get('db.client.operation.duration')?.descriptor.unit).toBe('s');
  });

  it('collects without observing the bus (no record per request); after stop() later executions are not counted', async () => {
    producer = cassandraMetricProducer(s.cluster);
    const { reader } = startMetrics([producer]);
    expect(clusterRuntime(s.cluster).busObserved).toBe(false);
    onAll(s.sim, 'SELECT', answer);
    await firstValueFrom(s.session.execute('SELECT v FROM t'));
    producer.stop();
    await firstValueFrom(s.session.execute('SELECT v FROM t'));
    const count = histogramPoints((await reader.read()).get('db.client.operation.duration')).reduce((n, [, h]) => n + h.count, 0);
    expect(count).toBe(1);
  });

  it.each([
    [{ attributes: ['db.query.text'] }, 'metrics.attributes'],
    [{ boundaries: [0.1, 0.01] }, 'producer.boundaries'],
    [{ boundaries: [] }, 'producer.boundaries'],
    [{ scopeName: '' }, 'producer.scopeName'],
    [{ exporter: 'x' }, 'producer.exporter'],
  ])('bad options %j are refused at setup with a typed error naming %s', (options, option) => {
    const run = (): unknown => cassandraMetricProducer(s.cluster, options as never);
    expect(run).toThrow(InstrumentationOptionError);
    expect(run).toThrow(option);
  });
});
