/**
 * An optional per-execution observer (the `observer` execution option): the execution calls it as
 * it starts, sends each attempt, gets each attempt's failure with the retry decision, and ends.
 * It exists for instrumentation (`cassandra-rx/opentelemetry` builds its spans on it). When the
 * option is unset, the execution pays one null check per call site and allocates nothing.
 *
 * Every call is synchronous, on the driver's hot path: an observer must be quick and must not
 * throw (what it throws escapes into the connection's read loop).
 */
import type { Consistency } from '../protocol/consistency';
import type { Host } from '../cluster/host';

/** What the retry policy (or the driver) decided after a failed attempt. */
export type AttemptDecision = 'retry-same-host' | 'retry-next-host' | 'rethrow' | 'ignore' | 'reprepare';

/** The statement side of an execution, as an observer sees it. */
export interface ObservedRequest {
  /** 'query' (simple statement), 'execute' (prepared), 'batch' or 'prepare'. */
  readonly kind: 'query' | 'execute' | 'batch' | 'prepare';
  /** The CQL (a prepared statement's query; a batch shows `BATCH (n statements)`), never truncated. */
  readonly cql: string;
  /** Keyspace of the statement's unqualified names, when known. */
  readonly keyspace: string | undefined;
  /** Consistency code of the next attempt (a retry decision may change it). Undefined for PREPARE. */
  readonly consistency: Consistency | undefined;
  readonly idempotent: boolean;
  /** Rows per page (QUERY and EXECUTE); undefined for BATCH and PREPARE. */
  readonly pageSize: number | undefined;
  /** Statements in a BATCH; undefined otherwise. */
  readonly batchSize: number | undefined;
}

/** The execution's progress so far (read it during the call: the object is reused). */
export interface ObservedExecution {
  readonly request: ObservedRequest;
  /** Endpoints tried, in order. */
  readonly hostsTried: readonly string[];
  /** Attempts sent so far. */
  readonly attempts: number;
  readonly retries: number;
  readonly speculativeExecutions: number;
}

export interface ExecutionObserver {
  /** The execution starts (after any wait in the throttle queue), before its first attempt. */
  started(execution: ObservedExecution): void;
  /** An attempt was written to `host`; `speculative`: another attempt is still running beside it. */
  attemptSent(execution: ObservedExecution, host: Host, speculative: boolean): void;
  /** An attempt on `host` failed with `error`; `decision` says what happens next. */
  attemptFailed(execution: ObservedExecution, host: Host, error: Error, decision: AttemptDecision): void;
  /**
   * The execution ended, once: with `error` when it failed, `cancelled` when unsubscribed first;
   * `host` is the endpoint that answered (success) or was tried last. Called before the
   * subscriber gets the outcome.
   */
  finished(execution: ObservedExecution, host: string | undefined, latencyMs: number, error: Error | undefined, cancelled: boolean): void;
  /**
   * The execution needs a PREPARE first (`prepare: true` on a cache miss, or a prepared statement
   * whose table changed). Return an observer for that PREPARE's own execution (e.g. a child span),
   * or undefined. Asked only of the execution that sends the PREPARE: one that waits for a
   * PREPARE of the same query already in flight is not asked.
   */
  preparing?(query: string): ExecutionObserver | undefined;
}
