/**
 * `cluster.collectRequestStats(stats)`: the execution path adds every finished execution to the
 * RequestStats directly, with no bus record while nobody observes the bus, and through the record
 * when someone does (counted once either way); cancelled executions are left out; unsubscribing
 * stops the feed.
 */
import { firstValueFrom, lastValueFrom, type Subscription } from 'rxjs';
import { RequestStats, type RequestSeries } from '../../lib';
import { clusterRuntime } from '../../lib/session/cluster';
import { error, onAll, startSession, stopSession, type Setup } from './scripted-session';

let s: Setup | undefined;
afterEach(async () => {
  await stopSession(s);
  s = undefined;
});

const totalOf = (stats: RequestStats, pick: (x: RequestSeries) => boolean = () => true): number =>
  stats.series().filter(pick).reduce((n, x) => n + x.count, 0);

async function run(setup: Setup, ok: number, failing: number): Promise<void> {
  for (let i = 0; i < ok; i++) await lastValueFrom(setup.session.execute('SELECT v FROM t'));
  for (let i = 0; i < failing; i++) await lastValueFrom(setup.session.execute('SELECT bad FROM t')).catch(() => undefined);
}

describe('cluster.collectRequestStats', () => {
  it('feeds the stats from the execution path while the bus stays unobserved', async () => {
    s = await startSession({}, { nodesPerDc: [3], keyspaces: { ks: { class: 'SimpleStrategy', replication_factor: '1' } } });
    const session = await s.cluster.connect('ks');
    s = { ...s, session };
    onAll(s.sim, 'SELECT bad', error(0x2200, 'invalid'));
    const stats = new RequestStats({ boundaries: [0.001, 1] });
    const sub: Subscription = s.cluster.collectRequestStats(stats);
    expect(clusterRuntime(s.cluster).busObserved).toBe(false);
    await run(s, 5, 2);
    expect(clusterRuntime(s.cluster).busObserved).toBe(false);
    expect(totalOf(stats)).toBe(7);
    expect(totalOf(stats, (x) => x.query === 'SELECT v FROM t' && x.error === '')).toBe(5);
    expect(totalOf(stats, (x) => x.query === 'SELECT bad FROM t' && x.error === 'InvalidQueryError')).toBe(2);
    expect(stats.series().every((x) => x.host !== '' && x.keyspace === 'ks')).toBe(true);
    // the driver's own metrics count the same executions
    expect(s.cluster.metrics().requests).toBe(7);
    sub.unsubscribe();
    await run(s, 3, 0);
    expect(totalOf(stats)).toBe(7);
  });

  it('counts each execution once when the bus is observed too, and feeds several stats at once', async () => {
    s = await startSession();
    const a = new RequestStats({ boundaries: [1] });
    const b = new RequestStats({ boundaries: [0.5, 2] });
    const subs = [s.cluster.collectRequestStats(a), s.cluster.collectRequestStats(b)];
    const records: string[] = [];
    const bus = s.cluster.requests$.subscribe((r) => records.push(r.query));
    await run(s, 4, 0);
    bus.unsubscribe();
    await run(s, 2, 0);
    expect(records).toHaveLength(4);
    expect(totalOf(a)).toBe(6);
    expect(totalOf(b)).toBe(6);
    for (const x of subs) x.unsubscribe();
  });

  it('leaves cancelled executions out', async () => {
    s = await startSession();
    onAll(s.sim, 'SELECT slow', { noResponse: true });
    const stats = new RequestStats({ boundaries: [1] });
    s.cluster.collectRequestStats(stats);
    await firstValueFrom(s.session.execute('SELECT v FROM t'));
    const pending = s.session.execute('SELECT slow FROM t').subscribe();
    await new Promise((r) => setTimeout(r, 20));
    pending.unsubscribe();
    await firstValueFrom(s.session.execute('SELECT v FROM t'));
    expect(totalOf(stats)).toBe(2);
    expect(stats.series().some((x) => x.query.startsWith('SELECT slow'))).toBe(false);
  });
});
