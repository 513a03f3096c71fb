/**
 * A session executes statements. Every method returns a cold Observable: nothing is sent until
 * subscription, each subscription runs a full execution, exactly one result or one error is
 * emitted, and unsubscribing cancels it.
 */
import { defer, from, mergeMap, Observable } from 'rxjs';
import { StatementError } from '../errors/client-errors';
import { isInt64 } from '../types/int64';
import { Opcode } from '../protocol/opcodes';
import { Execution } from './execution';
import { BATCH_TYPES, ExecutionRequest, queryParameters, type Message } from './request';
import { ResultSet, type Row } from './result-set';
import { ResultSink, type ResultContext } from './result-sink';
import { encodeSimple, PreparedStatement, BoundStatement, type BatchEntry, type Params } from './statements';
import type { BatchOptions, ExecuteOptions, PagingOptions } from './execute-options';
import type { ClusterCore } from '../cluster/cluster-core';
import { PreparedCache } from './prepared-cache';
import { pagesOf, rowsOf, iterateRows } from './paging';
import type { BatchStatement } from '../protocol/batch';
import { fetchTrace, type QueryTrace, type TraceOptions } from './trace';

export type Statement = string | PreparedStatement | BoundStatement;

/** What a Session needs from its Cluster. */
export interface SessionHost extends ResultContext {
  readonly core: ClusterCore;
  readonly prepared: PreparedCache;
  /** Prepares on one host, then on every other host in the background. */
  prepareEverywhere(ps: PreparedStatement, preparedOn: string): void;
}

const isSelect = (cql: string): boolean => /^\s*SELECT\b/i.test(cql);

/** The `prefetchPages` option: a non-negative integer (default 0). */
function prefetchOf(options: PagingOptions): number {
  const p = options.prefetchPages ?? 0;
  if (!Number.isInteger(p) || p < 0) throw new StatementError(`Option "prefetchPages" must be a non-negative integer; got ${String(p)}`);
  return p;
}

/** A caller's `timestamp` option: a safe-integer number or a bigint in the [long] range. */
function checkedTimestamp(t: bigint | number): bigint | number {
  const ok = typeof t === 'bigint' ? isInt64(t) : Number.isSafeInteger(t);
  if (!ok) throw new StatementError(`Option "timestamp" must be microseconds since the epoch as a safe-integer number or a 64-bit bigint; got ${String(t)}`);
  return t;
}

export class Session {
  constructor(private readonly host: SessionHost, readonly keyspace: string | undefined) {}

  /** Executes one statement; emits one ResultSet (the first page for SELECTs) or one error. */
  execute<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: ExecuteOptions = {}): Observable<ResultSet<T>> {
    if (typeof statement === 'string' && options.prepare) {
      return this.prepare(statement, options.keyspace !== undefined ? { keyspace: options.keyspace } : {}, true)
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
    return defer(() => {
      this.host.core.assertConnected();
      const keyspace = options.keyspace ?? this.keyspace;
      const key = PreparedCache.key(keyspace, query);
      const hit = cached ? this.host.prepared.lookup(key) : undefined;
      return from(hit ?? this.host.prepared.remember(key, this.prepareOnce(query, keyspace)));
    });
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

  /** Pull-based rows: the next page is fetched only when the consumer asks for rows beyond this one. */
  iterate<T extends object = Record<string, unknown>>(statement: Statement, params?: Params, options: PagingOptions = {}): AsyncIterable<Row<T>> {
    const prefetch = prefetchOf(options);
    return iterateRows<T>((pagingState) => this.execute<T>(statement, params, { ...options, pagingState }), options.pagingState ?? null, prefetch);
  }

  /** The trace of an execution run with `tracing: true` (`result.info.traceId`), read from system_traces. */
  trace(traceId: string, options?: TraceOptions): Observable<QueryTrace> {
    return fetchTrace(this, traceId, options);
  }

  private prepareOnce(query: string, keyspace: string | undefined): Promise<PreparedStatement> {
    return new Promise<PreparedStatement>((resolve, reject) => {
      const profile = this.host.core.profile();
      const message: Message = { kind: 'prepare', cql: query, keyspace };
      const request = new ExecutionRequest(message, profile, true, profile.timeoutMs, {}, false, null);
      const exec = new Execution(this.host, request, {
        success: (o) => {
          const m = o.response.message;
          if (m.opcode !== Opcode.Result || m.result.kind !== 'prepared') {
            reject(new StatementError(`PREPARE returned no prepared statement for: ${query.slice(0, 120)}`));
            return;
          }
          const r = m.result;
          const ps = new PreparedStatement(query, keyspace, r.id, r.resultMetadataId, r.variables.columns,
            r.variables.partitionKeyIndexes, r.resultMetadata.columns ?? []);
          this.host.prepared.register(ps);
          this.host.prepareEverywhere(ps, o.host);
          resolve(ps);
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
    let keyspace = options.keyspace ?? this.keyspace;
    let isLwt = false;
    if (typeof statement === 'string') {
      cql = statement;
      const values = encodeSimple(params, options.hints);
      const p = queryParameters(options, profile, timestamp, false);
      message = { kind: 'query', cql, params: { ...p, ...values, ...(options.keyspace !== undefined ? { keyspace: options.keyspace } : {}) } };
      isLwt = /\bIF\s+(NOT\s+EXISTS|EXISTS)\b/i.test(cql);
    } else {
      const bound = statement instanceof BoundStatement ? statement : statement.bind(params ?? []);
      if (statement instanceof BoundStatement && params !== undefined) throw new StatementError('A bound statement already has its values; pass none');
      cql = bound.prepared.query;
      routingKey ??= bound.routingKey;
      keyspace = bound.prepared.keyspace ?? bound.prepared.variables[0]?.keyspace ?? keyspace;
      isLwt = bound.prepared.isLwt;
      message = { kind: 'execute', bound, params: queryParameters(options, profile, timestamp, bound.prepared.resultColumns.length > 0, bound.values) };
    }
    const idempotent = options.idempotent ?? (message.kind === 'execute' ? message.bound.prepared.isSelect : isSelect(cql));
    return new ExecutionRequest(message, profile, idempotent, options.timeoutMs ?? profile.timeoutMs,
      { keyspace, routingKey, consistency, isLwt }, options.tracing ?? false, options.customPayload ?? null);
  }

  private buildBatch(entries: readonly BatchEntry[], options: BatchOptions): ExecutionRequest {
    this.host.core.assertConnected();
    if (entries.length === 0) throw new StatementError('A batch needs at least one statement');
    const profile = this.host.core.profile(options.profile);
    const timestamp = options.timestamp !== undefined ? checkedTimestamp(options.timestamp) : this.host.core.timestampGenerator.next();
    const statements: BatchStatement[] = [];
    const prepared: PreparedStatement[] = [];
    let routingKey = options.routingKey;
    let keyspace = options.keyspace ?? this.keyspace;
    entries.forEach((e, i) => {
      if (e instanceof BoundStatement) {
        statements.push({ id: e.prepared.id, values: e.values });
        prepared.push(e.prepared);
        routingKey ??= e.routingKey;
        keyspace = e.prepared.variables[0]?.keyspace ?? keyspace;
      } else {
        if (typeof e.query !== 'string') throw new StatementError(`Batch entry ${i} is neither a bound statement nor { query, params }`);
        const enc = encodeSimple(e.params, e.hints);
        statements.push({ query: e.query, ...(enc.values ? { values: enc.values } : {}), ...(enc.namedValues ? { namedValues: enc.namedValues } : {}) });
      }
    });
    const message: Message = {
      kind: 'batch',
      type: BATCH_TYPES[options.type ?? 'logged'],
      statements,
      prepared,
      params: {
        consistency: (options.consistency ?? profile.consistency) as 1,
        serialConsistency: (options.serialConsistency ?? profile.serialConsistency) as 1,
        ...(timestamp !== null ? { timestamp } : {}),
        ...(options.keyspace !== undefined ? { keyspace: options.keyspace } : {}),
        ...(options.nowInSeconds !== undefined ? { nowInSeconds: options.nowInSeconds } : {}),
      },
    };
    return new ExecutionRequest(message, profile, options.idempotent ?? false, options.timeoutMs ?? profile.timeoutMs,
      { keyspace, routingKey, consistency: options.consistency ?? profile.consistency }, options.tracing ?? false, options.customPayload ?? null);
  }
}
