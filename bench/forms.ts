/**
 * Scenario 1b: the forms users write, beside the leanest one, against the same bench server.
 * Ours: (a) a held PreparedStatement + subscribe, (b) `execute(cql, params, { prepare: true })` +
 * subscribe, (c) (b) awaited with `lastValueFrom`, and (c) with the driver's default pooling.
 * cassandra-driver: its callback form and `await client.execute(cql, params, { prepare: true })`,
 * also with its default pooling. Ratios are CPU per request against (a), and throughput and p99
 * against cassandra-driver's awaited form (what async code writes), from the same run.
 */
import type { Task } from './clients/common';
import { find, fmt, ratio, say, table, type Agg } from './tables';

export interface FormConfig {
  /** BENCH_CONFIGS name. */
  readonly name: string;
  readonly client: 'rx' | 'datastax';
  readonly task: Partial<Task>;
  /** The label the client reports. */
  readonly label: string;
}

export const FORM_CONFIGS: readonly FormConfig[] = [
  { name: 'rx5p', client: 'rx', task: { version: 5, form: 'prepare' }, label: 'rx v5 prepare:true' },
  { name: 'rx5a', client: 'rx', task: { version: 5, form: 'await' }, label: 'rx v5 awaited' },
  { name: 'rx5ad', client: 'rx', task: { version: 5, form: 'await', pooling: 'default' }, label: 'rx v5 awaited default-pool' },
  { name: 'dsa', client: 'datastax', task: { version: 4, form: 'await' }, label: 'datastax v4 awaited' },
  { name: 'dsad', client: 'datastax', task: { version: 4, form: 'await', pooling: 'default' }, label: 'datastax v4 awaited default-pool' },
];

export function formsTable(aggs: Agg[], levels: readonly number[]): void {
  const a = (n: number): Agg | undefined => find(aggs, 'rx v5', n);
  say('\nScenario 1b: the forms users write (same server, same run). (a) held PreparedStatement + subscribe; (b) execute(cql, p, { prepare: true }) + subscribe; (c) (b) awaited with lastValueFrom; ds: cassandra-driver awaited execute(cql, p, { prepare: true })');
  table(['in flight', 'req/s (a) / (b) / (c) / ds', '(c)/ds req/s', 'CPU µs/req (a) / (b) / (c) / ds', '(b)/(a) CPU', '(c)/(a) CPU', 'p99 µs (c) / ds', 'default pool req/s (c) / ds', 'default pool (c)/ds'],
    levels.map((n) => {
      const b = find(aggs, 'rx v5 prepare:true', n); const c = find(aggs, 'rx v5 awaited', n); const d = find(aggs, 'datastax v4 awaited', n);
      const cd = find(aggs, 'rx v5 awaited default-pool', n); const dd = find(aggs, 'datastax v4 awaited default-pool', n);
      return [String(n), `${fmt(a(n)?.throughput)} / ${fmt(b?.throughput)} / ${fmt(c?.throughput)} / ${fmt(d?.throughput)}`, ratio(c?.throughput, d?.throughput),
        `${fmt(a(n)?.cpuUsPerRequest, 1)} / ${fmt(b?.cpuUsPerRequest, 1)} / ${fmt(c?.cpuUsPerRequest, 1)} / ${fmt(d?.cpuUsPerRequest, 1)}`,
        ratio(b?.cpuUsPerRequest, a(n)?.cpuUsPerRequest), ratio(c?.cpuUsPerRequest, a(n)?.cpuUsPerRequest),
        `${fmt(c?.p99Us)} / ${fmt(d?.p99Us)}`, `${fmt(cd?.throughput)} / ${fmt(dd?.throughput)}`, ratio(cd?.throughput, dd?.throughput)];
    }));
  const at = (n: number): string => {
    const a1 = a(n); const c = find(aggs, 'rx v5 awaited', n);
    return a1 && c ? `${(c.cpuUsPerRequest / a1.cpuUsPerRequest).toFixed(2)}×` : '—';
  };
  const growth = (label: string): string => {
    const lo = find(aggs, label, 256); const hi = find(aggs, label, 1024);
    return lo && hi ? `${(hi.cpuUsPerRequest / lo.cpuUsPerRequest).toFixed(2)}×` : '—';
  };
  say(`CPU per request at 1,024 vs 256 in flight: (a) ${growth('rx v5')}, (b) ${growth('rx v5 prepare:true')}, (c) ${growth('rx v5 awaited')}, ds ${growth('datastax v4 awaited')}; (c)/(a) at 256 ${at(256)}, at 1,024 ${at(1024)}`);
}
