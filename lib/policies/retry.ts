/**
 * Retry policies: what an execution does after a failed attempt. The policy sees plain facts
 * (server error fields, idempotence, attempt count, whether the request reached the wire) and
 * returns a decision; the execution carries it out.
 */
import type { Consistency } from '../protocol/consistency';

/** What to do after a failed attempt. `consistency` overrides the level for the retry. */
export type RetryDecision =
  | { readonly type: 'retry-same-host'; readonly consistency?: Consistency }
  | { readonly type: 'retry-next-host'; readonly consistency?: Consistency }
  | { readonly type: 'rethrow' }
  | { readonly type: 'ignore' };

export const RETRY_SAME_HOST: RetryDecision = Object.freeze({ type: 'retry-same-host' });
export const RETRY_NEXT_HOST: RetryDecision = Object.freeze({ type: 'retry-next-host' });
export const RETHROW: RetryDecision = Object.freeze({ type: 'rethrow' });
export const IGNORE: RetryDecision = Object.freeze({ type: 'ignore' });

/** Facts about the execution a decision is made for. */
export interface RetryContext {
  /** The statement may be applied twice without harm. */
  readonly idempotent: boolean;
  /** Retries already made for this execution (0 on the first failure). */
  readonly retryCount: number;
  /** Consistency level of the failed attempt. */
  readonly consistency: Consistency;
}

export interface ReadTimeoutInfo { readonly received: number; readonly blockFor: number; readonly dataPresent: boolean }
export interface WriteTimeoutInfo { readonly received: number; readonly blockFor: number; readonly writeType: string }
export interface UnavailableInfo { readonly required: number; readonly alive: number }

/**
 * Failures that are not a replica-level verdict: the coordinator was overloaded, failed, was
 * bootstrapping, the connection broke, or the client gave up waiting.
 */
/**
 * `malformed-response`: the coordinator's answer could not be decoded (the connection is replaced);
 * the statement may have been applied.
 */
export type RequestErrorKind = 'overloaded' | 'server-error' | 'bootstrapping' | 'connection' | 'client-timeout' | 'truncate' | 'malformed-response';

export interface RetryPolicy {
  onReadTimeout(ctx: RetryContext, info: ReadTimeoutInfo): RetryDecision;
  onWriteTimeout(ctx: RetryContext, info: WriteTimeoutInfo): RetryDecision;
  onUnavailable(ctx: RetryContext, info: UnavailableInfo): RetryDecision;
  /** @param written - the request reached the wire (false: it certainly was not executed). */
  onRequestError(ctx: RetryContext, kind: RequestErrorKind, written: boolean, error: Error): RetryDecision;
}

/**
 * The conservative default, as the mature drivers behave:
 * - read timeout: retry once on the same host when enough replicas answered but the data was not
 *   retrieved (the coordinator was only waiting for the data replica);
 * - write timeout: retry once only for a batch-log write (the batch log makes it safe);
 * - unavailable: retry once on the next host (another coordinator may see more replicas alive);
 * - bootstrapping: next host (the coordinator did not execute the request);
 * - overloaded, server error, connection error, client timeout, malformed response: next host when
 *   the statement is idempotent or the request never reached the wire; otherwise rethrow;
 * - truncate errors: rethrow.
 */
export class DefaultRetryPolicy implements RetryPolicy {
  onReadTimeout(ctx: RetryContext, info: ReadTimeoutInfo): RetryDecision {
    if (ctx.retryCount > 0) return RETHROW;
    return info.received >= info.blockFor && !info.dataPresent ? RETRY_SAME_HOST : RETHROW;
  }

  onWriteTimeout(ctx: RetryContext, info: WriteTimeoutInfo): RetryDecision {
    if (ctx.retryCount > 0) return RETHROW;
    return info.writeType === 'BATCH_LOG' ? RETRY_SAME_HOST : RETHROW;
  }

  onUnavailable(ctx: RetryContext): RetryDecision {
    return ctx.retryCount === 0 ? RETRY_NEXT_HOST : RETHROW;
  }

  onRequestError(ctx: RetryContext, kind: RequestErrorKind, written: boolean): RetryDecision {
    if (kind === 'truncate') return RETHROW;
    if (kind === 'bootstrapping' || !written || ctx.idempotent) return RETRY_NEXT_HOST;
    return RETHROW;
  }
}

/** Never retries: every failure reaches the subscriber. */
export class FallthroughRetryPolicy implements RetryPolicy {
  onReadTimeout(): RetryDecision { return RETHROW; }
  onWriteTimeout(): RetryDecision { return RETHROW; }
  onUnavailable(): RetryDecision { return RETHROW; }
  onRequestError(): RetryDecision { return RETHROW; }
}
