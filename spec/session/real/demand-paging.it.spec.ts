import { concatMap, firstValueFrom, lastValueFrom, map, mergeMap, of, range, take, timer, type Observable } from 'rxjs';
import { Cluster, type RequestRecord, type Row, type Session } from '../../../lib';
import { contactPoints, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';
import { retainedHeap } from '../../support/gc';

// Issue 13 item 5 on real Cassandra 5.0: an async consumer (1 ms of work per 1,000 rows) of a
// 200,000-row partition. session.process holds at most prefetchPages + 1 pages; the push form
// (stream + concatMap) buffers whatever arrives. Count and order exact; unsubscribing stops paging.
const KS = `rx_demand_${Date.now().toString(36)}`;
const ROWS = 200_000;
const FETCH = 1000;

/** Rows between two samples of the retained heap (each sample is a full GC). */
const SAMPLE_EVERY = 20_000;

/**
 * Peak retained heap above the baseline while `run` runs: `run` calls `sample(i)` per row, which
 * takes a full GC every SAMPLE_EVERY rows (garbage between collections is not what is measured).
 */
async function peakHeap(run: (sample: (i: number) => void) => Promise<void>): Promise<number> {
  const heap = retainedHeap();
  await run((i) => { if (i % SAMPLE_EVERY === SAMPLE_EVERY - 1) heap.sample(); });
  return heap.peak() - heap.baseline;
}

/** 1 ms of async work every `every` rows. */
const work = (every: number) => (row: Row<{ c: number }>): Observable<Row<{ c: number }>> =>
  (row.c % every === every - 1 ? timer(1).pipe(map(() => row)) : of(row));

const mib = (bytes: number): string => (bytes / 1048576).toFixed(1);

describe('demand-driven paging for async Observable consumers (real Cassandra)', () => {
  let cluster: Cluster;
  let session: Session;
  const pages: RequestRecord[] = [];

  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints() });
    cluster.requests$.subscribe((r) => { if (r.query.startsWith('SELECT c, v FROM wide')) pages.push(r); });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`USE ${KS}`));
    await firstValueFrom(session.execute('CREATE TABLE wide (p int, c int, v text, PRIMARY KEY (p, c))'));
    const ins = await firstValueFrom(session.prepare('INSERT INTO wide (p, c, v) VALUES (1, ?, ?)'));
    const payload = 'y'.repeat(100);
    await lastValueFrom(range(0, ROWS / 250).pipe(
      mergeMap((b) => session.batch(Array.from({ length: 250 }, (_, i) => ins.bind([b * 250 + i, payload])), { type: 'unlogged' }), 8)));
  }, 300_000);

  afterAll(async () => {
    await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  it(`consumes ${ROWS} rows in order with 1 ms of async work per 1,000 rows, heap bounded`, async () => {
    const q = 'SELECT c, v FROM wide WHERE p = 1';
    let seen = 0;
    let ordered = true;
    const demand = await peakHeap(async (sample) => {
      await lastValueFrom(session.process<Row<{ c: number }>, { c: number }>(q, [], work(1000), { fetchSize: FETCH }).pipe(map((row) => {
        if (row.c !== seen) ordered = false;
        sample(seen++);
      })), { defaultValue: null });
    });
    expect(seen).toBe(ROWS);
    expect(ordered).toBe(true);
    let pushed = 0;
    const push = await peakHeap(async (sample) => {
      await lastValueFrom(session.stream<{ c: number }>(q, [], { fetchSize: FETCH }).pipe(concatMap(work(1000)), map(() => { sample(pushed++); })), { defaultValue: null });
    });
    expect(pushed).toBe(ROWS);
    process.stdout.write(`1 ms per 1,000 rows, peak retained heap above baseline: process() ${mib(demand)} MiB, stream()+concatMap ${mib(push)} MiB\n`);
    // At most prefetchPages + 1 pages of 1,000 rows of ~100 bytes are held (the whole result: ~30 MiB).
    expect(demand).toBeLessThan(8 * 1048576);
  }, 300_000);

  it('a consumer slower than the node (1 ms per 100 rows): process() holds two pages, the push form buffers the result', async () => {
    const q = 'SELECT c, v FROM wide WHERE p = 1';
    let seen = 0;
    const demand = await peakHeap(async (sample) => {
      await lastValueFrom(session.process<Row<{ c: number }>, { c: number }>(q, [], work(100), { fetchSize: FETCH }).pipe(map(() => { sample(seen++); })), { defaultValue: null });
    });
    let pushed = 0;
    const push = await peakHeap(async (sample) => {
      await lastValueFrom(session.stream<{ c: number }>(q, [], { fetchSize: FETCH }).pipe(concatMap(work(100)), map(() => { sample(pushed++); })), { defaultValue: null });
    });
    expect(seen).toBe(ROWS);
    expect(pushed).toBe(ROWS);
    process.stdout.write(`1 ms per 100 rows, peak retained heap above baseline: process() ${mib(demand)} MiB, stream()+concatMap ${mib(push)} MiB\n`);
    expect(demand).toBeLessThan(push);
  }, 300_000);

  it('unsubscribing after 10,000 rows stops the page requests', async () => {
    pages.length = 0;
    let got = 0;
    await lastValueFrom(session.process<Row<{ c: number }>, { c: number }>('SELECT c, v FROM wide WHERE p = 1', [], work(1000), { fetchSize: FETCH }).pipe(
      take(10_000), map(() => { got++; })), { defaultValue: null });
    expect(got).toBe(10_000);
    const afterTake = pages.length;
    await new Promise((r) => setTimeout(r, 500));
    expect(pages.length).toBe(afterTake);
    // 10 pages were needed; the 11th is never asked for (prefetchPages 0), or cancelled if it was.
    expect(pages.filter((p) => !p.cancelled).length).toBeLessThanOrEqual(10);
  }, 120_000);
});
