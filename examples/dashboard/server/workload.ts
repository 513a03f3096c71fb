/**
 * Data and a bounded background workload for the dashboard, through the service's own session:
 * `seed` fills the products listing (the paged table) and the readings of one sensor (the stream
 * view) when they hold fewer rows; `startWorkload` then runs a few statements a second, so the
 * charts and the request tail have something to show. Bounded in count and in time, and stopped
 * by `stop()`.
 */
import { count, firstValueFrom, interval, lastValueFrom, mergeMap, range, take, takeUntil, Subject, timer, catchError, EMPTY } from 'rxjs';
import { BigDecimal, Uuid, type Session } from 'cassandra-rx';
import { PRODUCTS, READINGS } from '../../nest-api/src/schema';

/** The sensor the dashboard's stream view reads. */
export const DASHBOARD_SENSOR = 'dashboard';

export interface SeedOptions {
  /** Products wanted in the listing. Default 1000. */
  products?: number;
  /** Readings wanted for the dashboard's sensor. Default 20000. */
  readings?: number;
}

async function rowCount(session: Session, cql: string, params: unknown[] = []): Promise<number> {
  const rs = await firstValueFrom(session.execute(cql, params, { prepare: true, timeoutMs: 60_000 }));
  return Number(rs.first()?.['count'] ?? 0);
}

/** Inserts what is missing (128 in flight); returns how many rows it inserted. */
export async function seed(session: Session, options: SeedOptions = {}): Promise<{ products: number; readings: number }> {
  const wantProducts = options.products ?? 1000;
  const wantReadings = options.readings ?? 20_000;
  const haveProducts = await rowCount(session, `SELECT count(*) FROM ${PRODUCTS}`);
  const haveReadings = await rowCount(session, `SELECT count(*) FROM ${READINGS} WHERE sensor = ?`, [DASHBOARD_SENSOR]);
  const products = Math.max(0, wantProducts - haveProducts);
  const insertProduct = `INSERT INTO ${PRODUCTS} (id, name, price, tags, created_at) VALUES (?, ?, ?, ?, ?)`;
  await lastValueFrom(range(0, products).pipe(
    mergeMap((i) => session.execute(insertProduct, [Uuid.random(), `product ${haveProducts + i}`, BigDecimal.parse(`${(i % 500) + 1}.99`), ['seed'], new Date()], { prepare: true }), 128),
    count(),
  ));
  const readings = Math.max(0, wantReadings - haveReadings);
  const insertReading = `INSERT INTO ${READINGS} (sensor, seq, value, note) VALUES (?, ?, ?, ?)`;
  await lastValueFrom(range(haveReadings, readings).pipe(
    mergeMap((seq) => session.execute(insertReading, [DASHBOARD_SENSOR, seq, Math.sin(seq / 50), `reading ${seq}`], { prepare: true }), 128),
    count(),
  ));
  return { products, readings };
}

export interface WorkloadOptions {
  /** Statements a second. Default 20. */
  perSecond?: number;
  /** Longest run, ms. Default 3600000 (an hour). */
  maxDurationMs?: number;
  /** Most statements in all. Default perSecond × maxDurationMs / 1000. */
  maxStatements?: number;
}

export interface Workload {
  /** Statements finished so far (failed ones included: a node may be down). */
  readonly done: () => number;
  stop(): void;
}

/** Reads of the listing and of single readings, and writes to a `workload` sensor, at a steady rate. */
export function startWorkload(session: Session, options: WorkloadOptions = {}): Workload {
  const perSecond = options.perSecond ?? 20;
  const maxDurationMs = options.maxDurationMs ?? 3_600_000;
  const max = options.maxStatements ?? Math.floor((perSecond * maxDurationMs) / 1000);
  const stop$ = new Subject<void>();
  let done = 0;
  const statement = (i: number): ReturnType<Session['execute']> => {
    switch (i % 3) {
      case 0: return session.execute(`SELECT id, name FROM ${PRODUCTS} LIMIT 10`, [], { prepare: true });
      case 1: return session.execute(`SELECT value FROM ${READINGS} WHERE sensor = ? AND seq = ?`, [DASHBOARD_SENSOR, i % 1000], { prepare: true });
      default: return session.execute(`INSERT INTO ${READINGS} (sensor, seq, value, note) VALUES (?, ?, ?, null)`, ['workload', i % 10_000, Math.random()], { prepare: true });
    }
  };
  interval(1000 / perSecond).pipe(
    take(max),
    takeUntil(timer(maxDurationMs)),
    takeUntil(stop$),
    mergeMap((i) => statement(i).pipe(catchError(() => EMPTY), count()), 16),
  ).subscribe(() => done++);
  return { done: () => done, stop: () => stop$.next() };
}
