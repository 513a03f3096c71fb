/**
 * The token ring: which host owns which token range, and the replicas of any token for a keyspace's
 * replication. Built from the hosts' tokens; immutable (a topology change builds a new map).
 * Replica lists are computed once per (replication, ring position) and cached.
 */
import type { Partitioner, Token } from './partitioner';
import {
  datacenterTopology,
  networkTopologyReplicas,
  parseReplication,
  simpleReplicas,
  type ReplicationOptions,
  type RingMember,
} from './replication';

export interface TokenOwner extends RingMember {
  readonly tokens: readonly string[];
}

/** A range of the ring, (start, end], wrapping when start is at or past end. */
export interface TokenRange<T extends Token = Token> {
  readonly start: T;
  readonly end: T;
}

export class TokenMap<M extends TokenOwner = TokenOwner, T extends Token = Token> {
  /** Ring tokens, ascending. */
  readonly ring: readonly T[];
  /** Owner of each ring token. */
  readonly owners: readonly M[];
  private readonly topology: ReturnType<typeof datacenterTopology>;
  private readonly cache = new Map<string, Array<readonly M[] | undefined>>();

  private constructor(readonly partitioner: Partitioner<T>, ring: T[], owners: M[]) {
    this.ring = ring;
    this.owners = owners;
    this.topology = datacenterTopology(owners);
  }

  static build<M extends TokenOwner, T extends Token>(partitioner: Partitioner<T>, hosts: readonly M[]): TokenMap<M, T> {
    const pairs: Array<[T, M]> = [];
    for (const h of hosts) for (const t of h.tokens) pairs.push([partitioner.parse(t), h]);
    pairs.sort((a, b) => partitioner.compare(a[0], b[0]));
    return new TokenMap(partitioner, pairs.map((p) => p[0]), pairs.map((p) => p[1]));
  }

  /** Token of a serialized partition key (the routing key). */
  tokenOf(routingKey: Uint8Array): T {
    return this.partitioner.tokenOf(routingKey);
  }

  /** Ring position owning `token`: the first ring token at or after it, wrapping to 0. -1 for an empty ring. */
  positionOf(token: T): number {
    const ring = this.ring;
    if (ring.length === 0) return -1;
    let lo = 0;
    let hi = ring.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.partitioner.compare(ring[mid] as T, token) < 0) lo = mid + 1;
      else hi = mid;
    }
    return lo === ring.length ? 0 : lo;
  }

  /** Replicas of `token` under `replication`, primary first. Empty for LocalStrategy and unknown strategies. */
  getReplicas(replication: ReplicationOptions, token: T): readonly M[] {
    const pos = this.positionOf(token);
    if (pos < 0) return [];
    const key = replicationKey(replication);
    let perPosition = this.cache.get(key);
    if (!perPosition) {
      perPosition = new Array<readonly M[] | undefined>(this.ring.length);
      this.cache.set(key, perPosition);
    }
    let replicas = perPosition[pos];
    if (!replicas) {
      replicas = Object.freeze(this.compute(replication, pos));
      perPosition[pos] = replicas;
    }
    return replicas;
  }

  /** Ranges for which `endpoint` is the primary owner. */
  primaryRanges(endpoint: string): TokenRange<T>[] {
    const out: TokenRange<T>[] = [];
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      if ((this.owners[i] as M).endpoint === endpoint) {
        out.push({ start: this.ring[(i - 1 + n) % n] as T, end: this.ring[i] as T });
      }
    }
    return out;
  }

  /** Ranges for which `endpoint` holds a replica under `replication`. */
  replicaRanges(replication: ReplicationOptions, endpoint: string): TokenRange<T>[] {
    const out: TokenRange<T>[] = [];
    const n = this.ring.length;
    for (let i = 0; i < n; i++) {
      if (this.getReplicas(replication, this.ring[i] as T).some((m) => m.endpoint === endpoint)) {
        out.push({ start: this.ring[(i - 1 + n) % n] as T, end: this.ring[i] as T });
      }
    }
    return out;
  }

  private compute(replication: ReplicationOptions, pos: number): M[] {
    const strategy = parseReplication(replication);
    switch (strategy.kind) {
      case 'simple':
        return simpleReplicas(this.owners, pos, strategy.replicationFactor);
      case 'network-topology':
        return networkTopologyReplicas(this.owners, pos, strategy.datacenters, this.topology);
      case 'everywhere':
        return simpleReplicas(this.owners, pos, this.owners.length);
      case 'local':
      case 'unknown':
        return [];
    }
  }
}

/** Cache key of a replication map; maps from the schema are stable objects, so it is computed once each. */
const keys = new WeakMap<ReplicationOptions, string>();

function replicationKey(options: ReplicationOptions): string {
  let key = keys.get(options);
  if (key === undefined) {
    key = Object.keys(options)
      .sort()
      .map((k) => `${k}=${options[k]}`)
      .join(';');
    keys.set(options, key);
  }
  return key;
}
