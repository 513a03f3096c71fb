/** Maps a failed attempt's error to the retry policy's question, and returns its decision. */
import { ConnectionError, RequestTimeoutError } from '../errors/connection-errors';
import {
  BootstrappingError, OverloadedError, ReadTimeoutError, ServerError, TruncateError, UnavailableError, WriteTimeoutError,
} from '../errors/server-errors';
import { ProtocolError } from '../errors/codec-errors';
import { RETHROW, type RetryContext, type RetryDecision } from '../policies/retry';
import type { ExecutionRequest } from './request';

export function decideRetry(request: ExecutionRequest, retryCount: number, err: Error, written: boolean): RetryDecision {
  const policy = request.profile.retry;
  const ctx: RetryContext = {
    idempotent: request.idempotent,
    retryCount,
    // The level the failed attempt carried (the execution option, a previous retry's, or the profile's).
    consistency: request.consistency ?? request.profile.consistency,
  };
  if (err instanceof ReadTimeoutError) return policy.onReadTimeout(ctx, err);
  if (err instanceof WriteTimeoutError) return policy.onWriteTimeout(ctx, err);
  if (err instanceof UnavailableError) return policy.onUnavailable(ctx, err);
  if (err instanceof OverloadedError) return policy.onRequestError(ctx, 'overloaded', true, err);
  if (err instanceof ServerError) return policy.onRequestError(ctx, 'server-error', true, err);
  if (err instanceof BootstrappingError) return policy.onRequestError(ctx, 'bootstrapping', true, err);
  if (err instanceof TruncateError) return policy.onRequestError(ctx, 'truncate', true, err);
  if (err instanceof RequestTimeoutError) return policy.onRequestError(ctx, 'client-timeout', written, err);
  if (err instanceof ConnectionError) return policy.onRequestError(ctx, 'connection', written, err);
  // An answer that could not be decoded (the connection is replaced; the server did run it).
  if (err instanceof ProtocolError) return policy.onRequestError(ctx, 'malformed-response', true, err);
  return RETHROW;
}
