/**
 * Replica placement, as Cassandra computes it, over a ring of (token, owner) pairs sorted by
 * token. Each strategy returns the replicas of the range ending at ring position `start`, primary
 * replica first.
 */

/** What a ring position needs to know of its owner. */
export interface RingMember {
  readonly endpoint: string;
  readonly datacenter?: string | undefined;
  readonly rack?: string | undefined;
}

/** A keyspace's `replication` map from system_schema.keyspaces. */
export type ReplicationOptions = Readonly<Record<string, string>>;

export type ReplicationStrategy =
  | { readonly kind: 'simple'; readonly replicationFactor: number }
  | { readonly kind: 'network-topology'; readonly datacenters: ReadonlyMap<string, number> }
  | { readonly kind: 'local' }
  | { readonly kind: 'everywhere' }
  | { readonly kind: 'unknown'; readonly className: string };

/** `'3'` or the transient-replication form `'3/1'`: the number of all replicas. */
function parseRf(text: string | undefined): number {
  const n = Number.parseInt((text ?? '').split('/')[0] ?? '', 10);
  return Number.isFinite(n) && n >= 0 ? n : 0;
}

export function parseReplication(options: ReplicationOptions): ReplicationStrategy {
  const className = options['class'] ?? '';
  const short = className.slice(className.lastIndexOf('.') + 1);
  switch (short) {
    case 'SimpleStrategy':
      return { kind: 'simple', replicationFactor: parseRf(options['replication_factor']) };
    case 'NetworkTopologyStrategy': {
      const dcs = new Map<string, number>();
      for (const [k, v] of Object.entries(options)) if (k !== 'class') dcs.set(k, parseRf(v));
      return { kind: 'network-topology', datacenters: dcs };
    }
    case 'LocalStrategy':
      return { kind: 'local' };
    case 'EverywhereStrategy':
      return { kind: 'everywhere' };
    default:
      return { kind: 'unknown', className };
  }
}

/** SimpleStrategy: the next `rf` distinct owners walking the ring clockwise. */
export function simpleReplicas<M extends RingMember>(owners: readonly M[], start: number, rf: number): M[] {
  const out: M[] = [];
  const seen = new Set<string>();
  for (let i = 0; i < owners.length && out.length < rf; i++) {
    const m = owners[(start + i) % owners.length] as M;
    if (!seen.has(m.endpoint)) {
      seen.add(m.endpoint);
      out.push(m);
    }
  }
  return out;
}

interface DcFill {
  rfLeft: number;
  rackRepeatsLeft: number;
  racks: Set<string>;
}

/**
 * NetworkTopologyStrategy, rack-aware as Cassandra places replicas: walking the ring, each
 * datacenter first takes one node per distinct rack; a node in a rack already used is taken only
 * while `rf - racks in the datacenter` repeats remain.
 */
export function networkTopologyReplicas<M extends RingMember>(
  owners: readonly M[],
  start: number,
  datacenters: ReadonlyMap<string, number>,
  topology: ReadonlyMap<string, { nodes: number; racks: number }>,
): M[] {
  const fills = new Map<string, DcFill>();
  for (const [dc, rf] of datacenters) {
    const t = topology.get(dc);
    if (!t || rf <= 0) continue;
    fills.set(dc, { rfLeft: Math.min(rf, t.nodes), rackRepeatsLeft: rf - t.racks, racks: new Set() });
  }
  let dcsLeft = [...fills.values()].filter((f) => f.rfLeft > 0).length;
  const out: M[] = [];
  const chosen = new Set<string>();
  for (let i = 0; i < owners.length && dcsLeft > 0; i++) {
    const m = owners[(start + i) % owners.length] as M;
    const fill = fills.get(m.datacenter ?? '');
    if (!fill || fill.rfLeft === 0 || chosen.has(m.endpoint)) continue;
    const rack = m.rack ?? '';
    if (fill.racks.has(rack)) {
      if (fill.rackRepeatsLeft <= 0) continue;
      fill.rackRepeatsLeft--;
    } else {
      fill.racks.add(rack);
    }
    chosen.add(m.endpoint);
    out.push(m);
    if (--fill.rfLeft === 0) dcsLeft--;
  }
  return out;
}

/** Nodes and distinct racks per datacenter, among the ring's owners. */
export function datacenterTopology(owners: readonly RingMember[]): Map<string, { nodes: number; racks: number }> {
  const nodes = new Map<string, Set<string>>();
  const racks = new Map<string, Set<string>>();
  for (const m of owners) {
    const dc = m.datacenter ?? '';
    (nodes.get(dc) ?? nodes.set(dc, new Set()).get(dc)!).add(m.endpoint);
    (racks.get(dc) ?? racks.set(dc, new Set()).get(dc)!).add(m.rack ?? '');
  }
  const out = new Map<string, { nodes: number; racks: number }>();
  for (const [dc, n] of nodes) out.set(dc, { nodes: n.size, racks: racks.get(dc)?.size ?? 0 });
  return out;
}
