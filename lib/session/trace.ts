/**
 * Query traces: with `tracing: true` the server records what it did under a trace id
 * (`info.traceId`); `session.trace(id)` reads it from system_traces, waiting (bounded) until the
 * server has finished writing it (traces are written asynchronously).
 */
import { defer, firstValueFrom, type Observable } from 'rxjs';
import { DriverError } from '../errors/driver-error';
import { Uuid } from '../types/uuid';
import type { Session } from './session';

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

export class TraceNotReadyError extends DriverError {
  override readonly name: string = 'TraceNotReadyError';
}

export interface TraceOptions {
  /** Reads of system_traces.sessions before giving up. Default 10. */
  attempts?: number;
  /** Pause between reads, ms. Default 100. */
  intervalMs?: number;
}

export function fetchTrace(session: Session, traceId: string, options: TraceOptions = {}): Observable<QueryTrace> {
  return defer(async () => {
    const id = Uuid.fromString(traceId);
    const attempts = options.attempts ?? 10;
    for (let i = 0; i < attempts; i++) {
      const rs = await firstValueFrom(session.execute('SELECT * FROM system_traces.sessions WHERE session_id = ?', [id], { consistency: 1 }));
      const row = rs.first();
      if (row && row.get('duration') !== null && row.get('duration') !== undefined) {
        const events = await firstValueFrom(session.execute('SELECT * FROM system_traces.events WHERE session_id = ?', [id], { consistency: 1, fetchSize: 5000 }));
        return {
          id: traceId,
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
      await new Promise((r) => setTimeout(r, options.intervalMs ?? 100));
    }
    throw new TraceNotReadyError(`Trace ${traceId} was not complete after ${attempts} reads`);
  });
}
