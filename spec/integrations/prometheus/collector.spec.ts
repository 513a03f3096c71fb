import { Registry } from 'prom-client';
import { firstValueFrom } from 'rxjs';
import { OptionError } from '../../../lib';
import {
  PrometheusOptionError, registerCassandraMetrics, UnboundedLabelError, type CassandraCollector, type PrometheusOptions,
} from '../../../lib/integrations/prometheus';
import type { Writer } from '../../../lib/protocol/writer';
import { clusterRuntime } from '../../../lib/session/cluster';
import { error, onAll, startSession, stopSession, type Setup } from '../../session/scripted-session';
import { parseExposition } from './exposition';

const text = { kind: 'text' } as const;
const answer = { rows: { columns: [{ name: 'v', type: text }], rows: [['x']] } };
const unavailable = (w: Writer): void => { w.short(1).int(1).int(0); };

describe('cassandra-rx/prometheus collector (scripted 3-node cluster, scrape parsed)', () => {
  let s: Setup;
  let registry: Registry;
  let collector: CassandraCollector | undefined;
  beforeEach(async () => {
    s = await startSession();
    registry = new Registry();
  });
  afterEach(async () => {
    collector?.stop();
    collector = undefined;
    await stopSession(s);
  });

  it('counters, latency histogram and gauges per cluster and per host; no query text in any label', async () => {
    collector = registerCassandraMetrics(s.cluster, { registry, clusterName: 'shop', labels: ['operation'] });
    onAll(s.sim, 'SELECT v FROM items', answer);
    onAll(s.sim, 'SELECT v FROM items', error(0x1000, 'unavailable', unavailable), { times: 1 });
    onAll(s.sim, 'INSERT INTO items', error(0x2200, 'bad'));
    for (let i = 0; i < 6; i++) await firstValueFrom(s.session.execute(`SELECT v FROM items WHERE id = ${i}`));
    await expect(firstValueFrom(s.session.execute("INSERT INTO items (id, name) VALUES (1, 'secret')"))).rejects.toThrow('bad');

    const scrape = parseExposition(await registry.metrics());
    expect(scrape.types.get('cassandra_requests_total')).toBe('counter');
    expect(scrape.types.get('cassandra_request_duration_seconds')).toBe('histogram');
    expect(scrape.types.get('cassandra_requests_in_flight')).toBe('gauge');
    expect(scrape.sum('cassandra_requests_total', { cluster: 'shop' })).toBe(7);
    expect(scrape.sum('cassandra_requests_total', { operation: 'SELECT' })).toBe(6);
    const hosts = new Set(scrape.find('cassandra_requests_total').map((x) => x.labels['host']));
    expect([...hosts].every((h) => s.sim.nodes.some((n) => n.endpoint === h))).toBe(true);
    expect(scrape.find('cassandra_request_errors_total').map((x) => [x.labels['error'], x.labels['operation'], x.value])).toEqual([['InvalidQueryError', 'INSERT', 1]]);
    expect(scrape.sum('cassandra_request_retries_total')).toBe(1);
    // Histogram: +Inf bucket and _count agree with the counter; the sum is in seconds.
    expect(scrape.sum('cassandra_request_duration_seconds_bucket', { le: '+Inf' })).toBe(7);
    expect(scrape.sum('cassandra_request_duration_seconds_count')).toBe(7);
    expect(scrape.sum('cassandra_request_duration_seconds_sum')).toBeLessThan(5);
    // Gauges read from the pools at scrape time: one connection per host, nothing in flight.
    expect(scrape.find('cassandra_connections_open').map((x) => x.value)).toEqual([1, 1, 1]);
    expect(scrape.sum('cassandra_requests_in_flight')).toBe(0);
    expect(scrape.sum('cassandra_bytes_sent_total')).toBeGreaterThan(0);
    expect(scrape.find('cassandra_hosts', { state: 'up' })[0]?.value).toBe(3);
    // Bounded labels: label names are from a fixed set, no value carries statement text.
    const labelNames = new Set(scrape.samples.flatMap((x) => Object.keys(x.labels)));
    expect([...labelNames].sort()).toEqual(['cluster', 'error', 'host', 'le', 'operation', 'state']);
    expect(scrape.samples.some((x) => Object.values(x.labels).some((v) => v.includes('items') || v.includes('secret')))).toBe(false);
  });

  it('the histogram buckets are exact: each le counts the executions at most that long, from requests$ independently', async () => {
    const buckets = [0.0001, 0.0002, 0.0005, 0.001, 0.002, 0.005, 0.05];
    collector = registerCassandraMetrics(s.cluster, { registry, perHost: false, buckets });
    const seen: number[] = [];
    const sub = s.cluster.requests$.subscribe((r) => { if (!r.cancelled) seen.push(r.latencyMs / 1000); });
    onAll(s.sim, 'SELECT', answer);
    for (let i = 0; i < 40; i++) await firstValueFrom(s.session.execute('SELECT v FROM t'));
    sub.unsubscribe();
    const scrape = parseExposition(await registry.metrics());
    for (const le of buckets) {
      expect([le, scrape.sum('cassandra_request_duration_seconds_bucket', { le: String(le) })]).toEqual([le, seen.filter((v) => v <= le).length]);
    }
    expect(scrape.sum('cassandra_request_duration_seconds_bucket', { le: '+Inf' })).toBe(40);
    expect(scrape.sum('cassandra_request_duration_seconds_sum')).toBeCloseTo(seen.reduce((a, b) => a + b, 0), 9);
  });

  it('perHost: false gives cluster-wide series; maxLabelValues folds the excess into _other', async () => {
    collector = registerCassandraMetrics(s.cluster, { registry, perHost: false });
    onAll(s.sim, 'SELECT', answer);
    for (let i = 0; i < 3; i++) await firstValueFrom(s.session.execute('SELECT v FROM t'));
    let scrape = parseExposition(await registry.metrics());
    expect(scrape.find('cassandra_requests_total')).toEqual([{ name: 'cassandra_requests_total', labels: { cluster: 'default' }, value: 3 }]);
    expect(scrape.find('cassandra_connections_open')).toEqual([{ name: 'cassandra_connections_open', labels: { cluster: 'default' }, value: 3 }]);
    collector.stop();
    collector = registerCassandraMetrics(s.cluster, { registry, maxLabelValues: 1 });
    for (let i = 0; i < 6; i++) await firstValueFrom(s.session.execute('SELECT v FROM t'));
    scrape = parseExposition(await registry.metrics());
    const hosts = scrape.find('cassandra_requests_total').map((x) => x.labels['host']);
    expect(hosts).toHaveLength(2);
    expect(hosts).toContain('_other');
    expect(scrape.sum('cassandra_requests_total')).toBe(6);
  });

  it('collects without observing the bus (no record per request); stop() removes the metrics', async () => {
    collector = registerCassandraMetrics(s.cluster, { registry, prefix: 'db_' });
    expect(collector.names).toContain('db_requests_total');
    expect(clusterRuntime(s.cluster).busObserved).toBe(false);
    await firstValueFrom(s.session.execute('SELECT v FROM t'));
    expect(parseExposition(await registry.metrics()).sum('db_requests_total')).toBe(1);
    collector.stop();
    expect(await registry.metrics()).toBe('\n');
    expect(clusterRuntime(s.cluster).busObserved).toBe(false);
  });

  it.each<[string, PrometheusOptions | object, string, typeof PrometheusOptionError]>([
    ['the query text as a label', { labels: ['query'] }, 'prometheus.labels', UnboundedLabelError],
    ['an unknown label', { labels: ['table_name'] }, 'prometheus.labels', PrometheusOptionError],
    ['no bound on label values', { maxLabelValues: Infinity }, 'prometheus.maxLabelValues', UnboundedLabelError],
    ['an unknown option (attribute policy)', { attributePolicy: 'all' }, 'prometheus.attributePolicy', PrometheusOptionError],
    ['a bad prefix', { prefix: 'cassandra-rx' }, 'prometheus.prefix', PrometheusOptionError],
    ['unsorted buckets', { buckets: [1, 0.5] }, 'prometheus.buckets', PrometheusOptionError],
  ])('%s is refused at setup with a typed error naming the option', (_label, options, option, cls) => {
    let caught: unknown;
    try { registerCassandraMetrics(s.cluster, { registry, ...options }); } catch (e) { caught = e; }
    expect(caught).toBeInstanceOf(cls);
    expect(caught).toBeInstanceOf(OptionError);
    expect((caught as PrometheusOptionError).option).toBe(option);
    expect(registry.getMetricsAsArray()).toHaveLength(0);
  });
});
