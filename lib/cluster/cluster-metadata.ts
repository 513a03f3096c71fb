/**
 * What the cluster knows beyond hosts: the partitioner, the token map and each keyspace's
 * replication, kept current by topology and schema refreshes. Replicas of a routing key are
 * looked up here for token-aware routing.
 */
import { partitionerFor, type Partitioner, type Token } from '../metadata/partitioner';
import type { ReplicationOptions } from '../metadata/replication';
import { TokenMap } from '../metadata/token-map';
import type { Host } from './host';
import type { RowObject } from './internal-query';

export class ClusterMetadata {
  private partitionerImpl: Partitioner | undefined;
  private map: TokenMap<Host> | null = null;
  private readonly replication = new Map<string, ReplicationOptions>();

  get partitioner(): Partitioner | undefined {
    return this.partitionerImpl;
  }

  get tokenMap(): TokenMap<Host> | null {
    return this.map;
  }

  /** Keyspace names with their replication options. */
  keyspaces(): ReadonlyMap<string, ReplicationOptions> {
    return this.replication;
  }

  /** Rebuilds the token map from the hosts' tokens. */
  rebuildTokenMap(hosts: readonly Host[], partitionerName: string | undefined): void {
    if (partitionerName) this.partitionerImpl = partitionerFor(partitionerName) ?? this.partitionerImpl;
    const p = this.partitionerImpl;
    this.map = p ? TokenMap.build<Host, Token>(p, hosts.filter((h) => h.tokens.length > 0)) : null;
  }

  /** Reads every keyspace's replication from system_schema.keyspaces. */
  async refreshKeyspaces(query: (cql: string) => Promise<RowObject[]>): Promise<void> {
    const rows = await query('SELECT keyspace_name, replication FROM system_schema.keyspaces');
    this.replication.clear();
    for (const row of rows) {
      const repl = row['replication'];
      const options: Record<string, string> = {};
      if (repl instanceof Map) for (const [k, v] of repl) options[String(k)] = String(v);
      this.replication.set(String(row['keyspace_name']), options);
    }
  }

  /** Token of a serialized partition key, or undefined before the partitioner is known. */
  getToken(routingKey: Uint8Array): Token | undefined {
    return this.partitionerImpl?.tokenOf(routingKey);
  }

  /** Replicas of a serialized partition key in a keyspace, primary first; empty when unknown. */
  getReplicas(keyspace: string, routingKey: Uint8Array): readonly Host[] {
    const map = this.map;
    const repl = this.replication.get(keyspace);
    if (!map || !repl) return [];
    return map.getReplicas(repl, map.tokenOf(routingKey));
  }
}
