/** Execution profiles resolved with their defaults: named bundles of consistency, timeout and policies. */
import type { Consistency, SerialConsistency } from '../protocol/consistency';
import { DefaultLoadBalancingPolicy } from '../policies/default-load-balancing';
import type { LoadBalancingPolicy } from '../policies/load-balancing-policy';
import { DefaultRetryPolicy, type RetryPolicy } from '../policies/retry';
import { NO_SPECULATIVE_EXECUTION, type SpeculativeExecutionPolicy } from '../policies/speculative-execution';
import type { ClusterOptions, ExecutionProfile } from './cluster-options';
import { CLUSTER_DEFAULTS } from './resolve-options';

export interface ResolvedProfile {
  readonly name: string;
  readonly consistency: Consistency;
  readonly serialConsistency: SerialConsistency;
  readonly timeoutMs: number;
  /** Undefined: half of the execution's timeout. */
  readonly attemptTimeoutMs: number | undefined;
  readonly fetchSize: number;
  readonly loadBalancing: LoadBalancingPolicy;
  readonly retry: RetryPolicy;
  readonly speculativeExecution: SpeculativeExecutionPolicy;
}

/** Every profile, `default` first; unset fields of a named profile come from `default`. */
export function resolveProfiles(o: ClusterOptions): Map<string, ResolvedProfile> {
  const given = o.profiles ?? {};
  const d: ExecutionProfile = given['default'] ?? {};
  const base: ResolvedProfile = {
    name: 'default',
    consistency: d.consistency ?? CLUSTER_DEFAULTS.consistency,
    serialConsistency: d.serialConsistency ?? CLUSTER_DEFAULTS.serialConsistency,
    timeoutMs: d.timeoutMs ?? CLUSTER_DEFAULTS.timeoutMs,
    attemptTimeoutMs: d.attemptTimeoutMs,
    fetchSize: d.fetchSize ?? CLUSTER_DEFAULTS.fetchSize,
    loadBalancing: d.loadBalancing ?? new DefaultLoadBalancingPolicy(o.localDatacenter !== undefined ? { localDatacenter: o.localDatacenter } : {}),
    retry: d.retry ?? new DefaultRetryPolicy(),
    speculativeExecution: d.speculativeExecution ?? NO_SPECULATIVE_EXECUTION,
  };
  const out = new Map<string, ResolvedProfile>([['default', base]]);
  for (const [name, p] of Object.entries(given)) {
    if (name === 'default') continue;
    out.set(name, {
      name,
      consistency: p.consistency ?? base.consistency,
      serialConsistency: p.serialConsistency ?? base.serialConsistency,
      timeoutMs: p.timeoutMs ?? base.timeoutMs,
      attemptTimeoutMs: p.attemptTimeoutMs ?? base.attemptTimeoutMs,
      fetchSize: p.fetchSize ?? base.fetchSize,
      loadBalancing: p.loadBalancing ?? base.loadBalancing,
      retry: p.retry ?? base.retry,
      speculativeExecution: p.speculativeExecution ?? base.speculativeExecution,
    });
  }
  return out;
}
