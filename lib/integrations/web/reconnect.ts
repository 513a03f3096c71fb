/**
 * When to reconnect a lost stream: after `initialDelayMs`, then each delay `multiplier` times the
 * last, up to `maxDelayMs`; after `maxAttempts` failed connections in a row the stream fails. A
 * connection that opens resets the count.
 */
import { WebOptionError } from './errors';

export interface ReconnectOptions {
  /** First delay, ms. Default 500. */
  initialDelayMs?: number;
  /** Longest delay, ms. Default 10000. */
  maxDelayMs?: number;
  /** Growth of the delay per failed attempt. Default 2. */
  multiplier?: number;
  /** Failed connections in a row before the stream errors. Default Infinity (keep trying). */
  maxAttempts?: number;
}

export interface Backoff {
  /** The delay before reconnection attempt `n` (1-based), or null when no attempt is left. */
  delayBefore(n: number): number | null;
}

function check(name: string, value: number, min: number): number {
  if (typeof value !== 'number' || Number.isNaN(value) || value < min) throw new WebOptionError(`reconnect.${name}`, `must be a number >= ${min}, got ${String(value)}`);
  return value;
}

/** The backoff of these options (`false`: never reconnect). Throws `WebOptionError` on a bad value. */
export function backoffOf(options: ReconnectOptions | false): Backoff {
  if (options === false) return { delayBefore: () => null };
  const initial = check('initialDelayMs', options.initialDelayMs ?? 500, 0);
  const max = check('maxDelayMs', options.maxDelayMs ?? 10_000, initial);
  const multiplier = check('multiplier', options.multiplier ?? 2, 1);
  const attempts = check('maxAttempts', options.maxAttempts ?? Infinity, 0);
  return {
    delayBefore: (n) => (n > attempts ? null : Math.min(max, initial * multiplier ** (n - 1))),
  };
}
