/**
 * Query traces: with `tracing: true` the server records what it did under a trace id
 * (`info.traceId`); `session.trace(id)` reads it from system_traces, polling (bounded) until the
 * server has finished writing it (traces are written asynchronously). The polling is a cold
 * Observable: each pause is a timer on the cluster's clock, and unsubscribing cancels the read in
 * flight and the pending pause — nothing more is sent, no timer is left.
 */
import { defer, filter, map, Observable, repeat, switchMap, take, throwIfEmpty } from 'rxjs';
import { systemClock, type Clock } from '../connection/clock';
import { StatementError, TraceNotReadyError } from '../errors/client-errors';
import { Uuid } from '../types/uuid';
import type { ExecuteOptions } from './execute-options';
import type { ResultSet, Row } from './result-set';

export interface TraceEvent {
  readonly activity: string;
  /** Node that recorded it. */
  readonly source: string;
  /** Microseconds since the request reached that node. */
  readonly sourceElapsedMicros: number;
  readonly thread: string;
}

export interface QueryTrace {
  readonly id: string;
  readonly coordinator: string;
  /** Total time on the coordinator, microseconds. */
  readonly durationMicros: number;
  readonly request: string;
  readonly startedAt: Date | null;
  readonly parameters: ReadonlyMap<string, string>;
  readonly events: readonly TraceEvent[];
}

export interface TraceOptions {
  /** Reads of system_traces.sessions before giving up (a positive integer). Default 10. */
  attempts?: number;
  /** Pause between reads, ms, timed on the cluster's clock (a non-negative integer). Default 100. */
  intervalMs?: number;
}

/**
 * What reading a trace needs of a session: `Session` satisfies it. Declared here, not picked
 * from `Session`, so that session.ts → trace.ts stays one-way (no import cycle).
 */
export interface TraceReader {
  execute(cql: string, params: readonly unknown[], options: ExecuteOptions): Observable<ResultSet>;
}

const SESSION_ROW = 'SELECT * FROM system_traces.sessions WHERE session_id = ?';
const EVENT_ROWS = 'SELECT * FROM system_traces.events WHERE session_id = ?';
const ONE = 1;

/** One timer on `clock`: emits once after `ms`; unsubscribing cancels it. */
export function clockTimer(clock: Clock, ms: number): Observable<void> {
  return new Observable<void>((subscriber) => {
    const timer = clock.setTimeout(() => {
      subscriber.next();
      subscriber.complete();
    }, ms);
    return () => timer.cancel();
  });
}

function checked(options: TraceOptions): { attempts: number; intervalMs: number } {
  const attempts = options.attempts ?? 10;
  const intervalMs = options.intervalMs ?? 100;
  if (!Number.isInteger(attempts) || attempts < 1) throw new StatementError(`Option "attempts" of trace() must be a positive integer; got ${String(attempts)}`);
  if (!Number.isInteger(intervalMs) || intervalMs < 0) throw new StatementError(`Option "intervalMs" of trace() must be a non-negative integer; got ${String(intervalMs)}`);
  return { attempts, intervalMs };
}

/** The sessions row once the coordinator has written its duration (the trace is complete), else null. */
function completed(rs: ResultSet): Row | null {
  const row = rs.first();
  const duration = row?.get('duration');
  return row && duration !== null && duration !== undefined ? row : null;
}

function toTrace(id: string, row: Row, events: ResultSet): QueryTrace {
  return {
    id,
    coordinator: String(row.get('coordinator') ?? ''),
    durationMicros: Number(row.get('duration')),
    request: String(row.get('request') ?? ''),
    startedAt: (row.get('started_at') as Date | null) ?? null,
    parameters: (row.get('parameters') as Map<string, string> | null) ?? new Map<string, string>(),
    events: events.rows.map((e) => ({
      activity: String(e.get('activity') ?? ''),
      source: String(e.get('source') ?? ''),
      sourceElapsedMicros: Number(e.get('source_elapsed') ?? 0),
      thread: String(e.get('thread') ?? ''),
    })),
  };
}

/**
 * Reads the trace `traceId`: the sessions row at most `attempts` times, `intervalMs` apart on
 * `clock`, until it is complete; then its events. Fails with TraceNotReadyError when it never
 * completes, with StatementError for a bad id or option (nothing sent).
 */
export function fetchTrace(session: TraceReader, traceId: string, options: TraceOptions = {}, clock: Clock = systemClock): Observable<QueryTrace> {
  return defer(() => {
    let id: Uuid;
    try {
      id = Uuid.fromString(traceId);
    } catch {
      throw new StatementError(`trace(): expected a trace id (a canonical UUID string, info.traceId); got ${JSON.stringify(String(traceId).slice(0, 60))}`);
    }
    const { attempts, intervalMs } = checked(options);
    return defer(() => session.execute(SESSION_ROW, [id], { consistency: ONE })).pipe(
      take(1),
      map(completed),
      repeat({ count: attempts, delay: () => clockTimer(clock, intervalMs) }),
      filter((row): row is Row => row !== null),
      take(1),
      switchMap((row) => session.execute(EVENT_ROWS, [id], { consistency: ONE, fetchSize: 5000 }).pipe(take(1), map((events) => toTrace(traceId, row, events)))),
      throwIfEmpty(() => new TraceNotReadyError(`Trace ${traceId} was not complete after ${attempts} reads`)),
    );
  });
}
