/**
 * `instrument(session, options)`: a Session-shaped facade whose Observables start their span
 * when they are SUBSCRIBED, under the context active at that moment (not when the Observable was
 * created), so a cold execution built once and subscribed under two parents gives two spans with
 * the right parents. Each subscription passes a fresh observer to the session (the `observer`
 * execution option); nothing else is wrapped or patched.
 */
import { context, trace } from '@opentelemetry/api';
import { Observable, type ObservableInput, type Subscriber, type TeardownLogic } from 'rxjs';
import {
  BoundStatement, type BatchEntry, type BatchOptions, type ExecuteOptions, type ExecutionObserver, type Params,
  type PagingOptions, type PreparedStatement, type QueryTrace, type ResultSet, type Row, type Session, type Statement, type TraceOptions,
  ThrownValueError,
} from '../../index';
import { ExecutionSpan, StreamSpan, type SpanConfig, type SpanSubject } from './execution-span';
import { validateTracingOptions, type TracingOptions } from './options';
import { factsOf } from './statement-facts';

/** The instrumentation scope name of the tracer and meter. */
export const INSTRUMENTATION_NAME = 'cassandra-rx';

interface Ender {
  /** False when the tracer does not record the span (no SDK, or sampled out). */
  readonly recording: boolean;
  end(error?: Error, cancelled?: boolean): void;
}

/**
 * Runs `run(observer)` per subscription, with a span made at subscription time under
 * `context.active()`. A span that is not recorded (no SDK, or sampled out) observes nothing: the
 * execution runs without an observer, as untraced.
 */
function traced<R, O extends ExecutionObserver & Ender>(make: () => O, run: (observer: O | undefined) => Observable<R>): Observable<R> {
  return new Observable<R>((subscriber) => {
    const observer = make();
    if (!observer.recording) return run(undefined).subscribe(subscriber);
    return observe(observer, run(observer), subscriber);
  });
}

/** Runs `source` (an execution that reports to `observer`) for `subscriber`, ending the span with the subscription. */
function observe<R>(observer: Ender, source: Observable<R>, subscriber: Subscriber<R>): TeardownLogic {
  let settled = false;
  const sub = source.subscribe({
    next: (v) => subscriber.next(v),
    error: (e: unknown) => {
      settled = true;
      observer.end(e instanceof Error ? e : new ThrownValueError(e, 'traced execution'));
      subscriber.error(e);
    },
    complete: () => {
      settled = true;
      observer.end();
      subscriber.complete();
    },
  });
  return () => {
    sub.unsubscribe();
    if (!settled) observer.end(undefined, true);
  };
}

/** The options with the span's observer; as they are when the span is not recorded. */
function withObserver<O extends ExecuteOptions>(options: O, observer: ExecutionObserver | undefined): O {
  return observer === undefined ? options : { ...options, observer };
}

export class TracedSession {
  private readonly cfg: SpanConfig;

  constructor(readonly session: Session, options: TracingOptions = {}) {
    const checked = validateTracingOptions(options);
    this.cfg = { tracer: options.tracer ?? trace.getTracer(INSTRUMENTATION_NAME), ...checked };
  }

  get keyspace(): string | undefined {
    return this.session.keyspace;
  }

  /** `session.execute`, traced: one CLIENT span per subscription. */
  execute<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: ExecuteOptions = {}): Observable<ResultSet<T>> {
    return traced(() => new ExecutionSpan(this.cfg, context.active(), this.subject(statement, options)),
      (observer) => this.session.execute<T>(statement, params, withObserver(options, observer)));
  }

  /** `session.batch`, traced: one CLIENT span (`BATCH`, with `db.operation.batch.size`). */
  batch(entries: readonly BatchEntry[], options: BatchOptions = {}): Observable<ResultSet> {
    const subject: SpanSubject = { facts: factsOf(`BATCH (${entries.length} statements)`), keyspace: options.keyspace ?? this.session.keyspace };
    return traced(() => new ExecutionSpan(this.cfg, context.active(), subject),
      (observer) => this.session.batch(entries, withObserver(options, observer)));
  }

  /** `session.pages`, traced: a span for the stream, a child span per page request. */
  pages<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: PagingOptions = {}): Observable<ResultSet<T>> {
    return this.paged(statement, options, (observer) => this.session.pages<T>(statement, params, withObserver(options, observer)));
  }

  /** `session.stream`, traced like `pages`. */
  stream<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: PagingOptions = {}): Observable<Row<T>> {
    return this.paged(statement, options, (observer) => this.session.stream<T>(statement, params, withObserver(options, observer)));
  }

  /** `session.process`, traced like `pages`. */
  process<R, T extends object = Record<string, unknown>>(
    statement: Statement, params: Params | undefined, handler: (row: Row<T>) => ObservableInput<R>, options: PagingOptions & { concurrency?: number } = {},
  ): Observable<R> {
    return this.paged(statement, options, (observer) => this.session.process<R, T>(statement, params, handler, withObserver(options, observer)));
  }

  /** `session.processPages`, traced like `pages`. */
  processPages<R, T extends object = Record<string, unknown>>(
    statement: Statement, params: Params | undefined, handler: (page: ResultSet<T>) => ObservableInput<R>, options: PagingOptions = {},
  ): Observable<R> {
    return this.paged(statement, options, (observer) => this.session.processPages<R, T>(statement, params, handler, withObserver(options, observer)));
  }

  /** `session.iterate`, traced like `pages`: the stream span starts with the first pull, under the context active then. */
  iterate<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: PagingOptions = {}): AsyncIterable<Row<T>> {
    const cfg = this.cfg;
    const subject = this.subject(statement, options);
    const session = this.session;
    return {
      async *[Symbol.asyncIterator](): AsyncGenerator<Row<T>, void, undefined> {
        const span = new StreamSpan(cfg, context.active(), subject);
        let failed: Error | undefined;
        let done = false;
        try {
          yield* session.iterate<T>(statement, params, withObserver(options, span.recording ? span : undefined));
          done = true;
        } catch (e) {
          failed = e instanceof Error ? e : new ThrownValueError(e, 'traced stream');
          throw e;
        } finally {
          span.end(failed, !done && failed === undefined);
        }
      },
    };
  }

  /** Not traced (preparing is a one-off): `session.prepare`. */
  prepare(query: string, options: { keyspace?: string } = {}): Observable<PreparedStatement> {
    return this.session.prepare(query, options);
  }

  /** Not traced: `session.trace`. */
  trace(traceId: string, options?: TraceOptions): Observable<QueryTrace> {
    return this.session.trace(traceId, options);
  }

  private paged<R>(statement: Statement, options: ExecuteOptions, run: (observer: StreamSpan | undefined) => Observable<R>): Observable<R> {
    return traced(() => new StreamSpan(this.cfg, context.active(), this.subject(statement, options)), run);
  }

  private subject(statement: Statement, options: ExecuteOptions): SpanSubject {
    if (typeof statement === 'string') return { facts: factsOf(statement), keyspace: options.keyspace ?? this.session.keyspace };
    const ps = statement instanceof BoundStatement ? statement.prepared : statement;
    return { facts: factsOf(ps.query), keyspace: ps.keyspace ?? options.keyspace ?? this.session.keyspace };
  }
}

/**
 * Traces a session: returns a Session-shaped facade (`execute`, `batch`, `pages`, `stream`,
 * `process`, `processPages`, `iterate`, plus `prepare` and `trace` untraced). Bad options are an
 * `InstrumentationOptionError`, thrown here.
 */
export function instrument(session: Session, options: TracingOptions = {}): TracedSession {
  return new TracedSession(session, options);
}
