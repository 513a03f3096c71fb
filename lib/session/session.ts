/**
 * A session executes statements. Every method returns a cold Observable: nothing is sent until
 * subscription, each subscription runs a full execution, exactly one result or one error is
 * emitted, and unsubscribing cancels it.
 */
import { defer, from, map, mergeMap, Observable, throwError, type ObservableInput } from 'rxjs';
import { KeyspaceNotFoundError, StatementError } from '../errors/client-errors';
import { Opcode } from '../protocol/opcodes';
import { Execution } from './execution';
import { BATCH_TYPES, ExecutionRequest, queryParameters, type Message } from './request';
import { ResultSet, type Row } from './result-set';
import { ResultSink, type ResultContext } from './result-sink';
import { encodeSimple, PreparedStatement, BoundStatement, shapeOf, type BatchEntry, type Params } from './statements';
import type { BatchOptions, ExecuteOptions, PagingOptions } from './execute-options';
import type { ExecutionObserver } from './execution-observer';
import type { ClusterCore } from '../cluster/cluster-core';
import type { Host } from '../cluster/host';
import type { HostPool } from '../cluster/host-pool';
import { PreparedCache } from './prepared-cache';
import { pagesOf, rowsOf, iterateRows } from './paging';
import { pagesOnDemand } from './demand';
import { checkedTimestamp, placeRequest, prefetchOf, useTarget } from './option-checks';
import { kindOf, type StatementKind } from './statement-kind';
import type { BatchStatement } from '../protocol/batch';
import type { Result } from '../protocol/result';

type PreparedResult = Extract<Result, { kind: 'prepared' }>;
import { fetchTrace, type QueryTrace, type TraceOptions } from './trace';

export type Statement = string | PreparedStatement | BoundStatement;

/** What a Session needs from its Cluster. */
export interface SessionHost extends ResultContext {
  readonly core: ClusterCore;
  readonly prepared: PreparedCache;
  hosts(): readonly Host[];
  pool(host: Host, keyspace?: string): HostPool | undefined;
  /** Prepares on one host, then on every other host in the background. */
  prepareEverywhere(ps: PreparedStatement, preparedOn: string): void;
  /** v3/v4: the keyspace a connection must be in for statements of `keyspace`; undefined at v5. */
  connectionKeyspace(keyspace: string | undefined): string | undefined;
  /** Makes `keyspace` usable by a session (checks it exists unless `checked`; v3/v4: opens its pools). */
  openKeyspace(keyspace: string, checked?: boolean): Promise<void>;
}


export class Session {
  private ks: string | undefined;

  /** @internal Sessions come from `cluster.connect()`. */
  static open(host: SessionHost, keyspace: string | undefined): Session {
    return new Session(host, keyspace);
  }

  private constructor(private readonly host: SessionHost, keyspace: string | undefined) {
    this.ks = keyspace;
  }

  /** The keyspace of this session's unqualified statements (changed by `USE` through this session only). */
  get keyspace(): string | undefined {
    return this.ks;
  }

  /** Executes one statement; emits one ResultSet (the first page for SELECTs) or one error. */
  execute<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: ExecuteOptions = {}): Observable<ResultSet<T>> {
    if (typeof statement === 'string') {
      if (options.prepare) {
        // Cache hit: synchronous, no promise hop, no second Observable, no options copy.
        const ready = this.host.prepared.readyFor(options.keyspace ?? this.ks, statement);
        if (ready !== undefined && !ready.stale) return this.execute<T>(ready, params, options);
      }
      const target = useTarget(statement);
      if (target !== null) return this.use<T>(target, options);
    } else if (statement instanceof PreparedStatement && statement.stale) {
      // A table or type it uses changed: prepare again (new markers and columns), then bind.
      return defer(() => this.reprepare(statement, options.observer)).pipe(mergeMap((ps) => this.execute<T>(ps, params, options)));
    }
    if (typeof statement === 'string' && options.prepare) {
      return this.prepared$(statement, options.keyspace, true, options.observer)
        .pipe(mergeMap((ps) => this.execute<T>(ps, params, { ...options, prepare: false })));
    }
    return new Observable<ResultSet<T>>((subscriber) => {
      const request = this.build(statement, params, options);
      const sink = new ResultSink<T>(this.host, request, subscriber);
      sink.begin();
      return sink;
    });
  }

  /**
   * Prepares a statement (on one host, then on all others in the background); emits the
   * PreparedStatement. Cached by keyspace and query: preparing the same query again reuses it.
   */
  prepare(query: string, options: { keyspace?: string } = {}, cached = true): Observable<PreparedStatement> {
    return this.prepared$(query, options.keyspace, cached, undefined);
  }

  /** `prepare`, with the observer of the execution that needs the statement (asked for the PREPARE's). */
  private prepared$(query: string, keyspaceOption: string | undefined, cached: boolean, observer: ExecutionObserver | undefined): Observable<PreparedStatement> {
    return defer(() => {
      this.host.core.assertConnected();
      if (useTarget(query) !== null) throw new StatementError('USE cannot be prepared; execute it as a simple statement (it changes this session\'s keyspace)');
      const keyspace = keyspaceOption ?? this.ks;
      const key = PreparedCache.key(keyspace, query);
      const hit = cached ? this.host.prepared.lookup(key) : undefined;
      if (!hit) return from(this.host.prepared.remember(key, this.prepareOnce(query, keyspace, observer)));
      return from(hit.then((ps) => (ps.stale ? this.reprepare(ps, observer) : ps)));
    });
  }

  /**
   * `USE ks` through this session: checks that the keyspace exists, then this session (only)
   * runs its unqualified statements in it. Other sessions of the Cluster are not affected.
   */
  private use<T extends object>(keyspace: string, options: ExecuteOptions): Observable<ResultSet<T>> {
    const check = 'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?';
    return this.execute<T>(check, [keyspace], { ...options, prepare: false, keyspace: undefined }).pipe(
      mergeMap((rs) => !rs.rows.some((r) => r.get('keyspace_name') === keyspace)
        ? throwError(() => new KeyspaceNotFoundError(keyspace))
        : from(this.host.openKeyspace(keyspace, true)).pipe(map(() => {
          this.ks = keyspace;
          return new ResultSet<T>([], [], rs.info);
        }))),
    );
  }

  /** Executes statements as one BATCH (logged by default); simple and prepared statements may be mixed. */
  batch(entries: readonly BatchEntry[], options: BatchOptions = {}): Observable<ResultSet> {
    return new Observable<ResultSet>((subscriber) => {
      const request = this.buildBatch(entries, options);
      const sink = new ResultSink<Record<string, unknown>>(this.host, request, subscriber);
      sink.begin();
      return sink;
    });
  }

  /** Pages of a statement's result; the next page is requested once the current one was delivered. */
  pages<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: PagingOptions = {}): Observable<ResultSet<T>> {
    return defer(() => pagesOf<T>((pagingState) => this.execute<T>(statement, params, { ...options, pagingState }), options.pagingState ?? null, prefetchOf(options)));
  }

  /** The rows of every page as one stream; unsubscribing stops fetching. */
  stream<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: PagingOptions = {}): Observable<Row<T>> {
    return rowsOf(this.pages<T>(statement, params, options));
  }

  /**
   * Demand-driven rows for async consumers: `handler(row)` runs for each row in order, one at a
   * time (or `concurrency` at a time, results then in completion order), and the next page is
   * requested only once the current page's handlers completed (or while fewer than
   * `prefetchPages + 1` pages are held). Memory stays at most `prefetchPages + 1` pages whatever
   * the consumer's speed; unsubscribing cancels the page in flight and the handlers.
   * The recommended form for `stream(...).pipe(concatMap(...))`, which would fetch everything.
   */
  process<R, T extends object = Record<string, unknown>>(
    statement: Statement, params: Params | undefined, handler: (row: Row<T>) => ObservableInput<R>,
    options: PagingOptions & { concurrency?: number } = {},
  ): Observable<R> {
    return defer(() => {
      const concurrency = options.concurrency ?? 1;
      if (!Number.isInteger(concurrency) || concurrency < 1) throw new StatementError(`Option "concurrency" must be a positive integer; got ${String(concurrency)}`);
      return this.processPages<R, T>(statement, params, (page) => from(page.rows).pipe(mergeMap(handler, concurrency)), options);
    });
  }

  /** Like `process`, a page at a time: the next page is handed over once `handler(page)` completed. */
  processPages<R, T extends object = Record<string, unknown>>(
    statement: Statement, params: Params | undefined, handler: (page: ResultSet<T>) => ObservableInput<R>, options: PagingOptions = {},
  ): Observable<R> {
    return defer(() => pagesOnDemand<T, R>((pagingState) => this.execute<T>(statement, params, { ...options, pagingState }),
      options.pagingState ?? null, prefetchOf(options), handler));
  }

  /** Pull-based rows: the next page is fetched only when the consumer asks for rows beyond this one. */
  iterate<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: PagingOptions = {}): AsyncIterable<Row<T>> {
    const prefetch = prefetchOf(options);
    return iterateRows<T>((pagingState) => this.execute<T>(statement, params, { ...options, pagingState }), options.pagingState ?? null, prefetch);
  }

  /** The trace of an execution run with `tracing: true` (`result.info.traceId`), read from system_traces. */
  trace(traceId: string, options?: TraceOptions): Observable<QueryTrace> {
    return fetchTrace(this, traceId, options, this.host.core.clock);
  }

  private prepareOnce(query: string, keyspace: string | undefined, observer: ExecutionObserver | undefined): Promise<PreparedStatement> {
    return this.sendPrepare(query, keyspace, observer).then(([r, host]) => {
      const ps = PreparedStatement.of(query, keyspace, shapeOf(r), this.host.types);
      this.host.prepared.register(ps);
      this.host.prepareEverywhere(ps, host);
      return ps;
    });
  }

  /** Prepares a stale statement again (once for concurrent callers) and takes the new shape. */
  private reprepare(ps: PreparedStatement, observer: ExecutionObserver | undefined): Promise<PreparedStatement> {
    return ps.refreshOnce(() => this.sendPrepare(ps.query, ps.keyspace, observer).then(([r, host]) => {
      ps.refresh(shapeOf(r));
      this.host.prepareEverywhere(ps, host);
      return ps;
    }));
  }

  /** One PREPARE execution (query plan, retries, timeout); resolves with the answer and the host. */
  private sendPrepare(query: string, keyspace: string | undefined, observer: ExecutionObserver | undefined): Promise<[PreparedResult, string]> {
    return new Promise((resolve, reject) => {
      const profile = this.host.core.profile();
      const message: Message = { kind: 'prepare', cql: query, keyspace };
      const request = new ExecutionRequest(message, profile, true, profile.timeoutMs, {}, false, null);
      request.observer = observer?.preparing?.(query) ?? null;
      request.connectionKeyspace = this.host.connectionKeyspace(keyspace);
      const exec = new Execution(this.host, request, {
        success: (o) => {
          const m = o.response.message;
          if (m.opcode !== Opcode.Result || m.result.kind !== 'prepared') {
            reject(new StatementError(`PREPARE returned no prepared statement for: ${query.slice(0, 120)}`));
            return;
          }
          resolve([m.result, o.host]);
        },
        failure: reject,
      });
      exec.start();
    });
  }

  private build(statement: Statement, params: Params | undefined, options: ExecuteOptions): ExecutionRequest {
    this.host.core.assertConnected();
    const profile = this.host.core.profile(options.profile);
    const timestamp = options.timestamp !== undefined ? checkedTimestamp(options.timestamp) : this.host.core.timestampGenerator.next();
    const consistency = options.consistency ?? profile.consistency;
    let message: Message;
    let cql: string;
    let routingKey = options.routingKey;
    let keyspace = options.keyspace ?? this.ks;
    let kind: StatementKind;
    if (typeof statement === 'string') {
      cql = statement;
      const values = encodeSimple(params, options.hints, this.host.types);
      const p = queryParameters(options, profile, timestamp, false);
      // v5 carries the keyspace in the QUERY itself (dropped for older connections, see connectionKeyspace).
      message = { kind: 'query', cql, params: { ...p, ...values, ...(keyspace !== undefined ? { keyspace } : {}) } };
      kind = kindOf(cql);
    } else {
      const bound = statement instanceof BoundStatement ? statement : statement.bind(params ?? []);
      if (statement instanceof BoundStatement && params !== undefined) throw new StatementError('A bound statement already has its values; pass none');
      cql = bound.prepared.query;
      routingKey ??= bound.routingKey;
      keyspace = bound.prepared.keyspace ?? bound.prepared.variables[0]?.keyspace ?? keyspace;
      kind = bound.prepared.kind;
      message = { kind: 'execute', bound, params: queryParameters(options, profile, timestamp, bound.prepared.resultColumns.length > 0, bound.values) };
    }
    const idempotent = options.idempotent ?? kind.isSelect;
    const timeoutMs = options.timeoutMs ?? profile.timeoutMs;
    const request = new ExecutionRequest(message, profile, idempotent, timeoutMs,
      { keyspace, routingKey, consistency, isLwt: kind.isLwt }, options.tracing ?? false, options.customPayload ?? null);
    placeRequest(request, options, timeoutMs, this.host);
    if (options.observer !== undefined) request.observer = options.observer;
    // A prepared statement runs where it was prepared: in its keyspace (UNPREPARED re-prepares on that connection).
    request.connectionKeyspace = this.host.connectionKeyspace(message.kind === 'execute' ? message.bound.prepared.keyspace : options.keyspace ?? this.ks);
    return request;
  }

  private buildBatch(entries: readonly BatchEntry[], options: BatchOptions): ExecutionRequest {
    this.host.core.assertConnected();
    if (entries.length === 0) throw new StatementError('A batch needs at least one statement');
    const profile = this.host.core.profile(options.profile);
    const timestamp = options.timestamp !== undefined ? checkedTimestamp(options.timestamp) : this.host.core.timestampGenerator.next();
    const statements: BatchStatement[] = [];
    const prepared: PreparedStatement[] = [];
    let routingKey = options.routingKey;
    const sessionKeyspace = options.keyspace ?? this.ks;
    let keyspace = sessionKeyspace;
    // A batch with one conditional statement is a lightweight transaction as a whole.
    let isLwt = false;
    entries.forEach((e, i) => {
      if (e instanceof BoundStatement) {
        isLwt ||= e.prepared.isLwt;
        statements.push({ id: e.prepared.id, values: e.values });
        prepared.push(e.prepared);
        routingKey ??= e.routingKey;
        keyspace = e.prepared.variables[0]?.keyspace ?? keyspace;
      } else {
        if (typeof e.query !== 'string') throw new StatementError(`Batch entry ${i} is neither a bound statement nor { query, params }`);
        isLwt ||= kindOf(e.query).isLwt;
        const enc = encodeSimple(e.params, e.hints, this.host.types);
        statements.push({ query: e.query, ...(enc.values ? { values: enc.values } : {}), ...(enc.namedValues ? { namedValues: enc.namedValues } : {}) });
      }
    });
    const message: Message = {
      kind: 'batch',
      type: BATCH_TYPES[options.type ?? 'logged'],
      statements,
      prepared,
      params: {
        consistency: options.consistency ?? profile.consistency,
        serialConsistency: options.serialConsistency ?? profile.serialConsistency,
        ...(timestamp !== null ? { timestamp } : {}),
        ...(sessionKeyspace !== undefined ? { keyspace: sessionKeyspace } : {}),
        ...(options.nowInSeconds !== undefined ? { nowInSeconds: options.nowInSeconds } : {}),
      },
    };
    const timeoutMs = options.timeoutMs ?? profile.timeoutMs;
    const request = new ExecutionRequest(message, profile, options.idempotent ?? false, timeoutMs,
      { keyspace, routingKey, consistency: options.consistency ?? profile.consistency, isLwt }, options.tracing ?? false, options.customPayload ?? null);
    placeRequest(request, options, timeoutMs, this.host);
    if (options.observer !== undefined) request.observer = options.observer;
    request.connectionKeyspace = this.host.connectionKeyspace(sessionKeyspace);
    return request;
  }
}
