/** Per-execution options. Unset fields come from the execution profile (see ClusterOptions.profiles). */
import type { Consistency, SerialConsistency } from '../protocol/consistency';
import type { Host } from '../cluster/host';
import type { ExecutionObserver } from './execution-observer';
import type { Hints } from './statements';

export interface ExecuteOptions {
  /** Execution profile name. Default 'default'. */
  profile?: string;
  /** Consistency code (see `Consistency`). Default: the profile's. */
  consistency?: Consistency;
  /** SERIAL or LOCAL_SERIAL for lightweight transactions. Default: the profile's. */
  serialConsistency?: SerialConsistency;
  /** Rows per page. Default: the profile's (5000). */
  fetchSize?: number;
  /** Start from this page (a paging state from an earlier result). */
  pagingState?: Buffer | null;
  /**
   * The statement may be applied twice without harm: enables speculative executions and retries
   * after failures that may have applied it. Default: true for SELECT, false otherwise.
   */
  idempotent?: boolean;
  /** Whole-execution timeout (all attempts), ms. Default: the profile's (12000). */
  timeoutMs?: number;
  /**
   * Idempotent executions only: an attempt unanswered after this long (ms) is abandoned (its stream
   * id orphaned) and the next host of the plan tried, within `timeoutMs`. Non-idempotent ones are
   * never re-sent. 0 disables it. Default: the profile's, else half of `timeoutMs`.
   */
  attemptTimeoutMs?: number;
  /**
   * Send this execution to this host only (a `Host` from `cluster.hosts()`, or `"address:port"` /
   * `"address"`): no load balancing, no failover. A host that is unknown or down is a
   * `HostNotAvailableError` and nothing is sent. For per-node reads (`system.local`), diagnostics,
   * probes.
   */
  host?: Host | string;
  /** Keyspace of this statement's unqualified names. Default: the session's. */
  keyspace?: string;
  /**
   * Write timestamp in microseconds since the epoch: a bigint or a safe-integer number. Default: from
   * the cluster's monotonic generator (reused on retries).
   */
  timestamp?: bigint | number;
  /** Serialized partition key for token-aware routing of simple statements. */
  routingKey?: Buffer;
  /** Ask the server to trace the execution; the trace id is in `info.traceId`. Default false. */
  tracing?: boolean;
  /** Custom payload for a custom QueryHandler. */
  customPayload?: ReadonlyMap<string, Buffer | null>;
  /** Simple statements: prepare once (cached) and execute the prepared form. Default false. */
  prepare?: boolean;
  /** Type hints for simple-statement parameters, by position or name. */
  hints?: Hints;
  /** Protocol v5: "now" in seconds for the query (testing aid). */
  nowInSeconds?: number;
  /**
   * Instrumentation: called as the execution starts, sends and loses attempts, and ends (see
   * `ExecutionObserver`; `cassandra-rx/opentelemetry` uses it). Paging forms call it for every
   * page's execution. Default none (nothing is called or allocated).
   */
  observer?: ExecutionObserver;
}

export type BatchType = 'logged' | 'unlogged' | 'counter';

export interface BatchOptions extends Omit<ExecuteOptions, 'fetchSize' | 'pagingState' | 'prepare' | 'hints'> {
  /** Default 'logged'. */
  type?: BatchType;
}

export interface PagingOptions extends ExecuteOptions {
  /**
   * Pages requested ahead of the one being delivered, so the server works while you consume
   * (`pages`, `stream`, `iterate`). 0 (default): page N+1 is requested once page N was delivered;
   * 1: as soon as page N arrives. At most this many pages are held beyond the consumer.
   */
  prefetchPages?: number;
}
