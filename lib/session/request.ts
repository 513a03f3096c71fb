/**
 * What one execution sends, resolved once per subscription: the message (QUERY, EXECUTE or
 * BATCH) with encoded values, the options merged with the profile, and the routing facts. The
 * frame is encoded per connection (version, compression) and cached.
 */
import type { Connection } from '../connection/connection';
import type { Host } from '../cluster/host';
import type { ResolvedProfile } from '../cluster/profiles';
import { encodeBatch, type BatchStatement } from '../protocol/batch';
import type { Consistency } from '../protocol/consistency';
import { BatchType } from '../protocol/opcodes';
import type { QueryParameters } from '../protocol/query-parameters';
import type { BoundValue } from '../protocol/writer';
import type { FrameOptions } from '../protocol/request-frame';
import { encodeExecute, encodePrepare, encodeQuery } from '../protocol/requests';
import type { ColumnSpec } from '../protocol/result-metadata';
import type { RoutingRequest } from '../policies/load-balancing-policy';
import type { BatchOptions, ExecuteOptions } from './execute-options';
import type { ExecutionObserver, ObservedRequest } from './execution-observer';
import type { BoundStatement, PreparedStatement } from './statements';

export type Message =
  | { readonly kind: 'query'; readonly cql: string; readonly params: QueryParameters }
  /** `params.values` are the bound statement's values. */
  | { readonly kind: 'execute'; readonly bound: BoundStatement; readonly params: QueryParameters }
  | { readonly kind: 'prepare'; readonly cql: string; readonly keyspace: string | undefined }
  | { readonly kind: 'batch'; readonly type: BatchType; readonly statements: readonly BatchStatement[]; readonly prepared: readonly PreparedStatement[]; readonly params: Omit<QueryParameters, 'values'> };

export class ExecutionRequest implements ObservedRequest {
  private cached: { version: number; compressed: boolean; frame: Buffer } | null = null;
  /**
   * v3/v4: the keyspace the connection must be in (the session's keyspace travels no other way
   * before v5); undefined for the cluster's plain pools.
   */
  connectionKeyspace: string | undefined = undefined;
  /** The `host` option: this execution goes to this host only (no load balancing, no failover). */
  targetHost: Host | null = null;
  /**
   * Idempotent executions: an attempt without an answer after this long (ms) is abandoned (its id
   * orphaned) and the execution moves to the next host. 0: attempts last until the execution's
   * own timeout.
   */
  attemptTimeoutMs = 0;
  /** The `observer` option (instrumentation); null when unset (one null check per call site). */
  observer: ExecutionObserver | null = null;

  constructor(
    public message: Message,
    readonly profile: ResolvedProfile,
    readonly idempotent: boolean,
    readonly timeoutMs: number,
    readonly routing: RoutingRequest,
    readonly tracing: boolean,
    readonly customPayload: ReadonlyMap<string, Buffer | null> | null,
  ) {}

  /** CQL for records and errors (a batch shows its first statement). */
  get cql(): string {
    const m = this.message;
    if (m.kind === 'query' || m.kind === 'prepare') return m.cql;
    if (m.kind === 'execute') return m.bound.prepared.query;
    return `BATCH (${m.statements.length} statements)`;
  }

  /** For observers: the message kind. */
  get kind(): Message['kind'] {
    return this.message.kind;
  }

  /** For observers: the keyspace of unqualified names, when known. */
  get keyspace(): string | undefined {
    return this.routing.keyspace;
  }

  /** For observers: the consistency the next attempt carries. */
  get consistency(): Consistency | undefined {
    const m = this.message;
    return m.kind === 'prepare' ? undefined : m.params.consistency;
  }

  /** For observers: rows per page (QUERY, EXECUTE). */
  get pageSize(): number | undefined {
    const m = this.message;
    return m.kind === 'query' || m.kind === 'execute' ? m.params.pageSize : undefined;
  }

  /** For observers: statements in a BATCH. */
  get batchSize(): number | undefined {
    const m = this.message;
    return m.kind === 'batch' ? m.statements.length : undefined;
  }

  /** The CQL cut to 200 characters, for records and log messages. */
  get shortCql(): string {
    const cql = this.cql;
    return cql.length > 200 ? `${cql.slice(0, 197)}...` : cql;
  }

  /** Prepared statements this request depends on (re-prepared on UNPREPARED). */
  get prepared(): readonly PreparedStatement[] {
    const m = this.message;
    return m.kind === 'execute' ? [m.bound.prepared] : m.kind === 'batch' ? m.prepared : [];
  }

  /** Columns to decode rows with when the server skipped the metadata. */
  get resultColumns(): readonly ColumnSpec[] | undefined {
    return this.message.kind === 'execute' ? this.message.bound.prepared.resultColumns : undefined;
  }

  /**
   * The frame for `c` (stream id 0; the connection sets it). A fresh copy when `copy` is true:
   * frames in flight on another connection must not be patched.
   */
  frame(c: Connection, copy: boolean): Buffer {
    const compressor = c.bodyCompressor;
    const hit = this.cached;
    if (hit && hit.version === c.version && hit.compressed === (compressor !== null)) {
      return copy ? Buffer.from(hit.frame) : hit.frame;
    }
    const o: FrameOptions = {
      version: c.version,
      stream: 0,
      compressor,
      tracing: this.tracing,
      customPayload: this.customPayload,
    };
    const m = this.message;
    let frame: Buffer;
    if (m.kind === 'query') {
      frame = encodeQuery(o, m.cql, c.version >= 5 ? m.params : withoutV5(m.params));
    } else if (m.kind === 'prepare') {
      frame = encodePrepare(o, m.cql, c.version >= 5 && m.keyspace !== undefined ? { keyspace: m.keyspace } : {});
    } else if (m.kind === 'execute') {
      const ps = m.bound.prepared;
      frame = encodeExecute(o, ps.id, ps.resultMetadataId, c.version >= 5 ? m.params : withoutV5(m.params));
    } else {
      frame = encodeBatch(o, { type: m.type, statements: m.statements, ...(c.version >= 5 ? m.params : withoutV5(m.params)) });
    }
    // The encoder's buffer belongs to this request (a view of its own writer): no copy needed.
    this.cached = { version: c.version, compressed: compressor !== null, frame };
    return copy ? Buffer.from(frame) : frame;
  }

  /**
   * A retry decision named a consistency: later attempts are encoded with it (same timestamp).
   * Frames already in flight are separate buffers and stay as they were.
   */
  setConsistency(consistency: Consistency): void {
    const m = this.message;
    if (m.kind === 'prepare' || m.params.consistency === consistency) return;
    this.message = m.kind === 'batch' ? { ...m, params: { ...m.params, consistency } } : { ...m, params: { ...m.params, consistency } };
    this.cached = null;
  }

  /** The prepared metadata id changed (v5 Metadata_changed): later frames must carry the new one. */
  invalidate(): void {
    this.cached = null;
  }
}

/**
 * Drops what older connections must not send: v5-only fields (keyspace per query, now_in_seconds)
 * and skip_metadata, which is safe only with v5's result metadata id (without it a table changed
 * since PREPARE would be decoded with the old columns).
 */
function withoutV5<P extends { keyspace?: string; nowInSeconds?: number; skipMetadata?: boolean }>(p: P): P {
  if (p.keyspace === undefined && p.nowInSeconds === undefined && p.skipMetadata === undefined) return p;
  const { keyspace: _k, nowInSeconds: _n, skipMetadata: _s, ...rest } = p;
  return rest as P;
}

/** The query parameters shared by QUERY and EXECUTE, from options and profile (one object, no spreads). */
export function queryParameters(
  options: ExecuteOptions, profile: ResolvedProfile, timestamp: bigint | number | null, skipMetadata: boolean, values?: readonly BoundValue[],
): QueryParameters {
  const p: { -readonly [K in keyof QueryParameters]: QueryParameters[K] } = {
    consistency: options.consistency ?? profile.consistency,
    serialConsistency: options.serialConsistency ?? profile.serialConsistency,
    pageSize: options.fetchSize ?? profile.fetchSize,
  };
  if (values !== undefined) p.values = values;
  if (options.pagingState) p.pagingState = options.pagingState;
  if (timestamp !== null) p.timestamp = timestamp;
  if (skipMetadata) p.skipMetadata = true;
  if (options.nowInSeconds !== undefined) p.nowInSeconds = options.nowInSeconds;
  return p;
}

export const BATCH_TYPES: Record<NonNullable<BatchOptions['type']>, BatchType> = {
  logged: BatchType.LOGGED,
  unlogged: BatchType.UNLOGGED,
  counter: BatchType.COUNTER,
};
