/**
 * The default policy: token-aware and datacenter-aware.
 * Plan: replicas in the local datacenter (local rack first when a rack is preferred; for
 * lightweight transactions in ring order, otherwise shuffled with the less busy of the first two
 * replicas in front and slow replicas moved back) → other local hosts (rotating) → with failover
 * enabled and a non-LOCAL_* consistency, a few hosts of each remote datacenter.
 */
import type { HostView } from '../metadata/host-view';
import type { ClusterView, HostDistance, LoadBalancingPolicy, RoutingRequest } from './load-balancing-policy';
import { QueryPlan } from './query-plan';

/** What a plan made before `init` sees: nothing. */
const NO_CLUSTER: ClusterView = { hosts: () => [], contactDatacenter: () => undefined, replicas: () => [], inFlight: () => 0, oldestInFlightAgeMs: () => 0 };

const LOCAL_QUORUM = 0x0006;
const LOCAL_SERIAL = 0x0009;
const LOCAL_ONE = 0x000a;

export interface DefaultLoadBalancingOptions {
  /** The datacenter whose hosts are "local". Default: the datacenter of the first contact point that answered. */
  localDatacenter?: string;
  /** Prefer replicas in this rack of the local datacenter. Default: none. */
  localRack?: string;
  /** Hosts per remote datacenter added at the end of plans (0 disables failover). Default 0. */
  remoteHostsPerDatacenter?: number;
  /** Allow remote failover for LOCAL_* consistency levels. Default false (never). */
  allowRemoteForLocalConsistency?: boolean;
  /** Only hosts passing this filter are used; others are `ignored`. Default: all. */
  filter?: (host: HostView) => boolean;
  /**
   * A host that has not answered for longer than this (ms) while requests or orphaned ids are
   * outstanding is slow: tried after the others (replicas and other local hosts alike). Default 200.
   */
  slowReplicaThresholdMs?: number;
  /** Random source in [0, 1), injectable for tests. */
  random?: () => number;
}

export class DefaultLoadBalancingPolicy implements LoadBalancingPolicy {
  private cluster: ClusterView | null = null;
  private rotation = 0;
  private readonly random: () => number;
  /** Usable local hosts and the cluster state version they were computed at. */
  private locals: readonly HostView[] | null = null;
  private localsVersion = -1;

  constructor(private readonly options: DefaultLoadBalancingOptions = {}) {
    this.random = options.random ?? Math.random;
    const remote = options.remoteHostsPerDatacenter ?? 0;
    if (!Number.isInteger(remote) || remote < 0) {
      throw new RangeError(`remoteHostsPerDatacenter must be a non-negative integer, got ${remote}`);
    }
  }

  init(cluster: ClusterView): void {
    this.cluster = cluster;
  }

  get localDatacenter(): string | undefined {
    return this.options.localDatacenter ?? this.cluster?.contactDatacenter();
  }

  distance(host: HostView): HostDistance {
    if (this.options.filter && !this.options.filter(host)) return 'ignored';
    const local = this.localDatacenter;
    if (local === undefined || host.datacenter === local) return 'local';
    return (this.options.remoteHostsPerDatacenter ?? 0) > 0 ? 'remote' : 'ignored';
  }

  /**
   * The plan: replicas, other local hosts (rotating, silent ones last), then remote hosts when
   * allowed. Lazy past the replicas (see query-plan.ts): an execution that succeeds on its first
   * host never looks at the other local hosts.
   */
  newQueryPlan(request: RoutingRequest): Iterable<HostView> {
    const cluster = this.cluster;
    const locals = cluster ? this.localHosts(cluster) : [];
    if (!cluster) return new QueryPlan([], [], 0, NO_CLUSTER, 0, null);
    const perDc = this.options.remoteHostsPerDatacenter ?? 0;

    // 1. Local replicas: skipped (no token computed) when one local host and no failover leave
    // nothing to choose between.
    let replicas: HostView[] = [];
    if (request.keyspace !== undefined && request.routingKey !== undefined && (locals.length > 1 || perDc > 0)) {
      const all = cluster.replicas(request.keyspace, request.routingKey);
      if (all.length > 0) {
        const usable: HostView[] = [];
        for (const h of all) if (h.state !== 'down' && this.distance(h) === 'local') usable.push(h);
        replicas = this.orderReplicas(usable, request.isLwt === true);
      }
    }

    // 2. Other local hosts, rotating the start so load spreads (walked lazily by the plan).
    const start = locals.length > 0 ? this.rotation++ % locals.length : 0;
    if (this.rotation > 1e9) this.rotation = 0;

    // 3. Remote datacenters, computed only if the plan gets that far.
    const remote = perDc === 0 || (isLocalConsistency(request.consistency) && !this.options.allowRemoteForLocalConsistency)
      ? null
      : () => this.remoteHosts(cluster, perDc);
    return new QueryPlan(replicas, locals, start, cluster, this.options.slowReplicaThresholdMs ?? 200, remote);
  }

  /** Up to `perDc` usable hosts of each remote datacenter. */
  private remoteHosts(cluster: ClusterView, perDc: number): HostView[] {
    const taken = new Map<string, number>();
    const out: HostView[] = [];
    for (const h of cluster.hosts()) {
      if (h.state === 'down' || this.distance(h) !== 'remote') continue;
      const dc = h.datacenter ?? '';
      const n = taken.get(dc) ?? 0;
      if (n >= perDc) continue;
      taken.set(dc, n + 1);
      out.push(h);
    }
    return out;
  }

  /** Usable local hosts, cached while the cluster's host list and states stay the same. */
  private localHosts(cluster: ClusterView): readonly HostView[] {
    const version = cluster.stateVersion?.();
    if (version !== undefined && version === this.localsVersion && this.locals) return this.locals;
    const locals = cluster.hosts().filter((h) => h.state !== 'down' && this.distance(h) === 'local');
    if (version !== undefined) {
      this.locals = locals;
      this.localsVersion = version;
    }
    return locals;
  }

  private orderReplicas(replicas: HostView[], lwt: boolean): HostView[] {
    const rack = this.options.localRack;
    if (rack !== undefined) {
      replicas = [...replicas.filter((h) => h.rack === rack), ...replicas.filter((h) => h.rack !== rack)];
    }
    if (lwt || replicas.length < 2) return replicas;
    const cluster = this.cluster as ClusterView;
    // Shuffle inside the preferred-rack group and the rest separately.
    const firstGroup = rack !== undefined ? replicas.filter((h) => h.rack === rack).length || replicas.length : replicas.length;
    shuffle(replicas, 0, firstGroup, this.random);
    shuffle(replicas, firstGroup, replicas.length, this.random);
    // Power of two choices: the less busy of the first two goes first.
    const [a, b] = replicas as [HostView, HostView];
    if (cluster.inFlight(b) < cluster.inFlight(a)) {
      replicas[0] = b;
      replicas[1] = a;
    }
    return slowLast(replicas, cluster, this.options.slowReplicaThresholdMs ?? 200);
  }
}

/**
 * Hosts that have not answered for longer than `threshold` ms (requests or orphans outstanding) go
 * after the others, the longest silent last: when every host is slow (a loaded machine), a frozen
 * one still ends up behind those that answered a moment ago. The others keep their order.
 */
function slowLast(hosts: HostView[], cluster: ClusterView, threshold: number): HostView[] {
  let slow: Array<{ host: HostView; silentMs: number }> | null = null;
  let fast: HostView[] | null = null;
  for (let i = 0; i < hosts.length; i++) {
    const h = hosts[i] as HostView;
    const silentMs = cluster.oldestInFlightAgeMs(h);
    if (silentMs > threshold) {
      if (!slow) {
        slow = [];
        fast = hosts.slice(0, i);
      }
      slow.push({ host: h, silentMs });
    } else if (fast) {
      fast.push(h);
    }
  }
  if (!slow || !fast) return hosts;
  slow.sort((a, b) => a.silentMs - b.silentMs);
  for (const s of slow) fast.push(s.host);
  return fast;
}

function isLocalConsistency(c: number | undefined): boolean {
  return c === LOCAL_QUORUM || c === LOCAL_ONE || c === LOCAL_SERIAL;
}

function shuffle<T>(a: T[], from: number, to: number, random: () => number): void {
  for (let i = to - 1; i > from; i--) {
    const j = from + Math.floor(random() * (i - from + 1));
    const t = a[i] as T;
    a[i] = a[j] as T;
    a[j] = t;
  }
}
