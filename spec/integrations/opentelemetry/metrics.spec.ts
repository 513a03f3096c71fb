import { firstValueFrom } from 'rxjs';
import { DURATION_BUCKETS, instrumentMetrics, InstrumentationOptionError, type MetricsHandle } from '../../../lib/integrations/opentelemetry';
import type { Writer } from '../../../lib/protocol/writer';
import { clusterRuntime } from '../../../lib/session/cluster';
import { error, onAll, startSession, stopSession, type Setup } from '../../session/scripted-session';
import { histogramPoints, points, startMetrics, type TestReader } from './otel-kit';

const text = { kind: 'text' } as const;
const answer = { rows: { columns: [{ name: 'v', type: text }], rows: [['x']] } };
const unavailable = (w: Writer): void => { w.short(1).int(1).int(0); };

describe('cassandra-rx/opentelemetry metrics from the bus (scripted 3-node cluster, collecting reader)', () => {
  let s: Setup;
  let reader: TestReader;
  let handle: MetricsHandle;
  beforeEach(async () => {
    s = await startSession();
    const m = startMetrics();
    reader = m.reader;
    handle = instrumentMetrics(s.cluster, { meter: m.provider.getMeter('test') });
  });
  afterEach(async () => {
    handle.stop();
    await stopSession(s);
  });

  it('db.client.operation.duration in seconds with bounded attributes; errors by type, retries', async () => {
    onAll(s.sim, 'SELECT v FROM items', answer);
    onAll(s.sim, 'SELECT v FROM items', error(0x1000, 'unavailable', unavailable), { times: 1 });
    onAll(s.sim, 'INSERT INTO items', error(0x2200, 'bad'));
    for (let i = 0; i < 4; i++) await firstValueFrom(s.session.execute(`SELECT v FROM items WHERE id = ${i}`, undefined, { keyspace: 'shop' }));
    await expect(firstValueFrom(s.session.execute('INSERT INTO items (id) VALUES (1)'))).rejects.toThrow('bad');
    const m = await reader.read();
    const duration = m.get('db.client.operation.duration');
    expect(duration?.descriptor.unit).toBe('s');
    const hist = histogramPoints(duration);
    const selects = hist.filter(([a]) => a['db.operation.name'] === 'SELECT');
    expect(selects.reduce((n, [, h]) => n + h.count, 0)).toBe(4);
    expect(selects[0]?.[1].buckets.boundaries).toEqual(DURATION_BUCKETS);
    expect(selects[0]?.[0]).toMatchObject({ 'db.system.name': 'cassandra', 'db.namespace': 'shop', 'db.collection.name': 'items' });
    expect(selects.every(([a]) => typeof a['server.address'] === 'string' && typeof a['server.port'] === 'number')).toBe(true);
    expect(hist.every(([a]) => a['db.query.text'] === undefined)).toBe(true);
    const [insert] = hist.filter(([a]) => a['db.operation.name'] === 'INSERT');
    expect(insert?.[0]['error.type']).toBe('InvalidQueryError');
    expect(insert?.[1].sum).toBeLessThan(5); // seconds, not ms
    expect(points(m.get('cassandra_rx.operation.errors')).map(([a, v]) => [a['error.type'], v])).toEqual([['InvalidQueryError', 1]]);
    expect(points(m.get('cassandra_rx.operation.retries')).reduce((n, [, v]) => n + v, 0)).toBe(1);
  });

  it('connections, in-flight requests, orphaned ids per host pool and hosts by state, observed at collection', async () => {
    const m = await reader.read();
    const conns = points(m.get('db.client.connection.count'));
    expect(conns).toHaveLength(3);
    expect(conns.every(([a, v]) => v === 1 && a['db.client.connection.state'] === 'used' && String(a['db.client.connection.pool.name']).includes(':'))).toBe(true);
    expect(points(m.get('cassandra_rx.requests.in_flight')).map(([, v]) => v)).toEqual([0, 0, 0]);
    expect(points(m.get('cassandra_rx.stream_ids.orphaned'))).toHaveLength(3);
    expect(points(m.get('cassandra_rx.hosts')).map(([a, v]) => [a['cassandra_rx.host.state'], v])).toEqual([['up', 3], ['down', 0], ['unknown', 0]]);
  });

  it('stop() unsubscribes from the bus', async () => {
    handle.stop();
    expect(clusterRuntime(s.cluster).busObserved).toBe(false);
    handle = { stop: () => undefined };
  });

  it('a label set that would be unbounded, or an unknown option, is refused at setup', () => {
    const bad = (o: object): InstrumentationOptionError => {
      try { instrumentMetrics(s.cluster, o); } catch (e) { return e as InstrumentationOptionError; }
      throw new Error('accepted');
    };
    expect(bad({ attributes: ['db.query.text'] })).toBeInstanceOf(InstrumentationOptionError);
    expect(bad({ attributes: ['db.query.text'] }).message).toContain('unbounded');
    expect(bad({ attributes: 'db.namespace' }).option).toBe('metrics.attributes');
    expect(bad({ labels: ['host'] }).option).toBe('metrics.labels');
  });
});
