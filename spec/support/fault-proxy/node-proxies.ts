/**
 * One fault proxy per node of a cluster, and the address translation that sends the driver
 * through them: proxy N listens on node N's own loopback address (127.0.0.N) on a free port, the
 * driver is given the proxies as contact points, and `translate` maps the addresses the nodes
 * report (system.peers, events) to their proxies — the `addressTranslator` cluster option.
 */
import { FaultProxy } from './fault-proxy';
import type { Clock } from '../../../lib/connection/clock';

export interface NodeEndpoint {
  readonly host: string;
  readonly port: number;
}

export class NodeProxies {
  private constructor(private readonly byNode: ReadonlyMap<string, FaultProxy>) {}

  /** Starts a proxy for every node (`host:port` strings or endpoints), each on the node's address. */
  static async start(nodes: readonly (string | NodeEndpoint)[], options: { clock?: Clock } = {}): Promise<NodeProxies> {
    const map = new Map<string, FaultProxy>();
    try {
      for (const n of nodes) {
        const target = typeof n === 'string' ? parse(n) : n;
        map.set(key(target.host, target.port), await FaultProxy.start({ target, host: target.host, ...options }));
      }
    } catch (e) {
      await Promise.all([...map.values()].map((p) => p.close()));
      throw e;
    }
    return new NodeProxies(map);
  }

  /** The proxy in front of a node, by its address (`127.0.0.2`) or `address:port`. */
  proxy(node: string): FaultProxy {
    const exact = this.byNode.get(node);
    if (exact) return exact;
    const found = [...this.byNode.entries()].find(([k]) => k.split(':')[0] === node);
    if (!found) throw new Error(`no fault proxy for node ${node}`);
    return found[1];
  }

  get all(): readonly FaultProxy[] {
    return [...this.byNode.values()];
  }

  /** The proxies' endpoints, to give the driver as contact points. */
  contactPoints(): string[] {
    return this.all.map((p) => p.endpoint);
  }

  /** Node address → its proxy (identity for anything else): for `addressTranslator`. */
  readonly translate = (address: string, port: number): { address: string; port: number } => {
    const p = this.byNode.get(key(address, port));
    return p ? { address: p.host, port: p.port } : { address, port };
  };

  /** The node behind a proxy endpoint (`127.0.0.2:40123` → `127.0.0.2:9042`), or the endpoint itself. */
  nodeOf(endpoint: string): string {
    const p = this.all.find((x) => x.endpoint === endpoint);
    return p ? key(p.target.host, p.target.port) : endpoint;
  }

  healAll(): void {
    for (const p of this.all) {
      p.heal();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.all.map((p) => p.close()));
  }
}

const key = (host: string, port: number): string => `${host}:${port}`;

function parse(point: string): NodeEndpoint {
  const i = point.lastIndexOf(':');
  return i < 0 ? { host: point, port: 9042 } : { host: point.slice(0, i), port: Number(point.slice(i + 1)) };
}
