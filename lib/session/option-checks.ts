/**
 * Execution options checked before anything is sent (typed errors naming the option and the
 * value): timestamps, prefetch, `USE` statements, the target host and the per-attempt timeout.
 */
import type { Host } from '../cluster/host';
import type { HostPool } from '../cluster/host-pool';
import { HostNotAvailableError, StatementError } from '../errors/client-errors';
import { parseIdentifier } from '../types/cql-identifier';
import { isInt64 } from '../types/int64';
import type { ExecuteOptions, PagingOptions } from './execute-options';
import type { ExecutionRequest } from './request';

/** What the `host` option is checked against. */
export interface HostLookup {
  hosts(): readonly Host[];
  pool(host: Host): HostPool | undefined;
}

/** `USE ks` / `USE "Ks"`: the keyspace it names (unquoted names are case-insensitive), else null. */
export function useTarget(cql: string): string | null {
  const m = /^\s*USE\s+("(?:[^"]|"")+"|[A-Za-z0-9_]+)\s*;?\s*$/i.exec(cql);
  return m ? parseIdentifier(m[1] as string) ?? null : null;
}

/** The `prefetchPages` option: a non-negative integer (default 0). */
export function prefetchOf(options: PagingOptions): number {
  const p = options.prefetchPages ?? 0;
  if (!Number.isInteger(p) || p < 0) throw new StatementError(`Option "prefetchPages" must be a non-negative integer; got ${String(p)}`);
  return p;
}

/** A caller's `timestamp` option: a safe-integer number or a bigint in the [long] range. */
export function checkedTimestamp(t: bigint | number): bigint | number {
  const ok = typeof t === 'bigint' ? isInt64(t) : Number.isSafeInteger(t);
  if (!ok) throw new StatementError(`Option "timestamp" must be microseconds since the epoch as a safe-integer number or a 64-bit bigint; got ${String(t)}`);
  return t;
}

/** The `host` and `attemptTimeoutMs` options, checked (typed errors, nothing sent), set on the request. */
export function placeRequest(request: ExecutionRequest, options: ExecuteOptions, timeoutMs: number, cluster: HostLookup): void {
  const attempt = options.attemptTimeoutMs ?? request.profile.attemptTimeoutMs;
  if (attempt !== undefined) {
    if (!Number.isInteger(attempt) || attempt < 0) throw new StatementError(`Option "attemptTimeoutMs" must be a non-negative integer (ms); got ${String(attempt)}`);
    if (attempt > timeoutMs) throw new StatementError(`Option "attemptTimeoutMs" (${attempt} ms) must not exceed the execution timeout "timeoutMs" (${timeoutMs} ms)`);
  }
  if (request.idempotent) request.attemptTimeoutMs = attempt ?? Math.floor(timeoutMs / 2);
  if (options.host !== undefined) request.targetHost = targetHost(options.host, cluster);
}

function targetHost(wanted: Host | string, cluster: HostLookup): Host {
  const hosts = cluster.hosts();
  let found: Host | undefined;
  if (typeof wanted === 'string') {
    found = hosts.find((h) => h.endpoint === wanted) ?? (wanted.includes(':') ? undefined : hosts.find((h) => h.address === wanted));
  } else {
    found = hosts.find((h) => h === wanted || h.endpoint === wanted.endpoint);
  }
  const name = typeof wanted === 'string' ? wanted : wanted.endpoint;
  if (!found) throw new HostNotAvailableError(name, 'unknown');
  if (found.state === 'down') throw new HostNotAvailableError(name, 'down');
  if (!cluster.pool(found)) throw new HostNotAvailableError(name, 'no pool');
  return found;
}
