/**
 * A simulated cluster for the scripted server: N nodes in D datacenters with racks and evenly
 * spaced Murmur3 tokens, and the system table rows (system.local, system.peers, system.peers_v2,
 * system_schema.keyspaces) each node serves about itself and its peers.
 */
import { createHash } from 'node:crypto';
import type { DataType } from '../../../lib/types/data-type';
import type { ColumnDef, RowsSpec } from './wire';

export interface SimulatedNode {
  /** 127.0.x.y address the node listens on. */
  readonly address: string;
  readonly port: number;
  readonly datacenter: string;
  readonly rack: string;
  readonly tokens: readonly string[];
  readonly hostId: string;
}

export interface TopologyOptions {
  /** Nodes per datacenter, e.g. [10, 10] for two datacenters of ten. Default [1]. */
  readonly nodesPerDc?: readonly number[];
  /** Racks per datacenter (nodes spread round-robin). Default 1. */
  readonly racksPerDc?: number;
  /** Port every node listens on. Default 9042 (use a free high port in tests). */
  readonly port?: number;
  /** Third octet base: datacenter d uses 127.0.(base+d).n. Default 100. */
  readonly addressBase?: number;
  readonly clusterName?: string;
  readonly releaseVersion?: string;
  /** Tokens (vnodes) per node, interleaved evenly around the ring. Default 1. */
  readonly tokensPerNode?: number;
  /** Keyspaces (name → replication map) served from system_schema.keyspaces. */
  readonly keyspaces?: Readonly<Record<string, Readonly<Record<string, string>>>>;
}

const T = (kind: DataType['kind']): DataType => ({ kind } as DataType);
const TOKENS: DataType = { kind: 'set', element: T('text') };

export function uuidFrom(text: string): string {
  const h = createHash('md5').update(text).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export class SimulatedTopology {
  readonly nodes: SimulatedNode[] = [];
  readonly clusterName: string;
  readonly releaseVersion: string;
  /** The schema version every node's peers table reports for the others (gossip). */
  schemaVersion = uuidFrom('schema-1');
  /** A node's own schema version (system.local) when it differs from the gossiped one. */
  private readonly ownSchema = new Map<string, string>();
  readonly keyspaces: Readonly<Record<string, Readonly<Record<string, string>>>>;

  constructor(options: TopologyOptions = {}) {
    const perDc = options.nodesPerDc ?? [1];
    const racks = options.racksPerDc ?? 1;
    const base = options.addressBase ?? 100;
    const total = perDc.reduce((a, b) => a + b, 0);
    this.clusterName = options.clusterName ?? 'scripted';
    this.releaseVersion = options.releaseVersion ?? '5.0.6';
    this.keyspaces = options.keyspaces ?? {};
    const vnodes = options.tokensPerNode ?? 1;
    const step = (1n << 64n) / BigInt(total * vnodes);
    let i = 0;
    perDc.forEach((count, d) => {
      for (let n = 1; n <= count; n++, i++) {
        const tokens = Array.from({ length: vnodes }, (_, v) => (BigInt(v * total + i) * step - (1n << 63n)).toString());
        this.nodes.push({
          address: `127.0.${base + d}.${n}`,
          port: options.port ?? 9042,
          datacenter: `dc${d + 1}`,
          rack: `rack${((n - 1) % racks) + 1}`,
          tokens,
          hostId: uuidFrom(`host-${d}-${n}`),
        });
      }
    });
  }

  /** What the node at `address` reports about itself in system.local (e.g. it applied a DDL first). */
  setOwnSchemaVersion(address: string, version: string): void {
    this.ownSchema.set(address, version);
  }

  node(address: string): SimulatedNode {
    const n = this.nodes.find((x) => x.address === address);
    if (!n) throw new Error(`no simulated node at ${address}`);
    return n;
  }

  localRows(self: SimulatedNode): RowsSpec {
    const columns: ColumnDef[] = [
      { name: 'key', type: T('text') }, { name: 'bootstrapped', type: T('text') },
      { name: 'broadcast_address', type: T('inet') }, { name: 'cluster_name', type: T('text') },
      { name: 'cql_version', type: T('text') }, { name: 'data_center', type: T('text') },
      { name: 'host_id', type: T('uuid') }, { name: 'listen_address', type: T('inet') },
      { name: 'native_protocol_version', type: T('text') },
      { name: 'partitioner', type: T('text') }, { name: 'rack', type: T('text') },
      { name: 'release_version', type: T('text') }, { name: 'rpc_address', type: T('inet') },
      { name: 'rpc_port', type: T('int') }, { name: 'schema_version', type: T('uuid') }, { name: 'tokens', type: TOKENS },
    ];
    const row = ['local', 'COMPLETED', self.address, this.clusterName, '3.4.7', self.datacenter, self.hostId, self.address, '5',
      'org.apache.cassandra.dht.Murmur3Partitioner', self.rack, this.releaseVersion, self.address, self.port, this.ownSchema.get(self.address) ?? this.schemaVersion, [...self.tokens]];
    return { keyspace: 'system', table: 'local', columns, rows: [row] };
  }

  peersRows(self: SimulatedNode): RowsSpec {
    const columns: ColumnDef[] = [
      { name: 'peer', type: T('inet') }, { name: 'data_center', type: T('text') }, { name: 'host_id', type: T('uuid') },
      { name: 'preferred_ip', type: T('inet') }, { name: 'rack', type: T('text') }, { name: 'release_version', type: T('text') },
      { name: 'rpc_address', type: T('inet') }, { name: 'schema_version', type: T('uuid') }, { name: 'tokens', type: TOKENS },
    ];
    const rows = this.nodes.filter((n) => n !== self).map((n) =>
      [n.address, n.datacenter, n.hostId, null, n.rack, this.releaseVersion, n.address, this.schemaVersion, [...n.tokens]]);
    return { keyspace: 'system', table: 'peers', columns, rows };
  }

  peersV2Rows(self: SimulatedNode): RowsSpec {
    const columns: ColumnDef[] = [
      { name: 'peer', type: T('inet') }, { name: 'peer_port', type: T('int') }, { name: 'data_center', type: T('text') },
      { name: 'host_id', type: T('uuid') }, { name: 'native_address', type: T('inet') }, { name: 'native_port', type: T('int') },
      { name: 'preferred_ip', type: T('inet') }, { name: 'preferred_port', type: T('int') }, { name: 'rack', type: T('text') },
      { name: 'release_version', type: T('text') }, { name: 'schema_version', type: T('uuid') }, { name: 'tokens', type: TOKENS },
    ];
    const rows = this.nodes.filter((n) => n !== self).map((n) =>
      [n.address, 7000, n.datacenter, n.hostId, n.address, n.port, null, null, n.rack, this.releaseVersion, this.schemaVersion, [...n.tokens]]);
    return { keyspace: 'system', table: 'peers_v2', columns, rows };
  }

  keyspaceRows(): RowsSpec {
    const columns: ColumnDef[] = [
      { name: 'keyspace_name', type: T('text') }, { name: 'durable_writes', type: T('boolean') },
      { name: 'replication', type: { kind: 'map', key: T('text'), value: T('text') } },
    ];
    const all: Record<string, Readonly<Record<string, string>>> = {
      system: { class: 'org.apache.cassandra.locator.LocalStrategy' },
      ...this.keyspaces,
    };
    const rows = Object.entries(all).map(([name, repl]) => [name, true, new Map(Object.entries(repl))]);
    return { keyspace: 'system_schema', table: 'keyspaces', columns, rows };
  }
}
