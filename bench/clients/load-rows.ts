/**
 * Loads scenario 3's one million rows into real Cassandra once (idempotent): 100 partitions of
 * 10,000 rows, unlogged single-partition batches of 100 prepared inserts, 16 batches in flight.
 * Skips when `bench_rx.meta` records a finished load. Bounded: gives up after BENCH_LOAD_SECONDS
 * (default 900); rerunning resumes (inserts are upserts).
 */
import { EMPTY, count, firstValueFrom, lastValueFrom, mergeMap, range } from 'rxjs';
import { Cluster } from '../../lib';
import { PAGE_PARTITIONS, PAGE_ROWS_PER_PARTITION } from '../workload';
import { fail, report } from './common';

const TOTAL = PAGE_PARTITIONS * PAGE_ROWS_PER_PARTITION;
const BATCH = 100;

async function main(): Promise<void> {
  const host = process.env['BENCH_CASSANDRA'] ?? '127.0.0.1:9042';
  const limitMs = Number(process.env['BENCH_LOAD_SECONDS'] ?? 900) * 1000;
  const cluster = new Cluster({ contactPoints: [host], localDatacenter: 'dc1', compression: 'none', pooling: { heartbeatIntervalMs: 0 } });
  try {
    const session = await cluster.connect();
    await firstValueFrom(session.execute("CREATE KEYSPACE IF NOT EXISTS bench_rx WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
    await firstValueFrom(session.execute('CREATE TABLE IF NOT EXISTS bench_rx.rows (p int, c int, v text, PRIMARY KEY (p, c))'));
    await firstValueFrom(session.execute('CREATE TABLE IF NOT EXISTS bench_rx.meta (name text PRIMARY KEY, n int)'));
    const done = await firstValueFrom(session.execute<{ n: number }>("SELECT n FROM bench_rx.meta WHERE name = 'rows_loaded'"));
    if (done.first()?.n === TOTAL) {
      report({ loaded: false, rows: TOTAL, seconds: 0 });
      return;
    }
    const insert = await firstValueFrom(session.prepare('INSERT INTO bench_rx.rows (p, c, v) VALUES (?, ?, ?)'));
    const t0 = Date.now();
    const batches = await lastValueFrom(range(0, TOTAL / BATCH).pipe(
      mergeMap((b) => {
        if (Date.now() - t0 > limitMs) return EMPTY;
        const first = b * BATCH;
        const p = Math.floor(first / PAGE_ROWS_PER_PARTITION);
        const entries = Array.from({ length: BATCH }, (_, k) => {
          const c = (first % PAGE_ROWS_PER_PARTITION) + k;
          return insert.bind([p, c, `v-${String(c).padStart(8, '0')}`]);
        });
        return session.batch(entries, { type: 'unlogged', timeoutMs: 30_000 });
      }, 16),
      count(),
    ));
    if (batches * BATCH !== TOTAL) throw new Error(`load stopped after ${batches * BATCH} rows (time limit); rerun to resume`);
    await firstValueFrom(session.execute("INSERT INTO bench_rx.meta (name, n) VALUES ('rows_loaded', ?)", [TOTAL], { hints: ['int'] }));
    report({ loaded: true, rows: TOTAL, seconds: (Date.now() - t0) / 1000 });
  } finally {
    await cluster.shutdown();
  }
}

main().catch(fail);
