/** Scripted CQL test server: a simulated cluster of scripted nodes on 127.0.x.y addresses. */
import * as net from 'node:net';
import { ScriptedNode, type NodeOptions } from './scripted-node';
import { SimulatedTopology, type TopologyOptions } from './topology';

export { ScriptedNode, type NodeOptions, type EventSpec } from './scripted-node';
export { SimulatedTopology, type TopologyOptions, type SimulatedNode } from './topology';
export type { Behaviour, Rule, Matcher } from './script';
export type { ReceivedRequest, ColumnDef, RowsSpec } from './wire';
export { preparedIdOf } from './answers';

/** A free TCP port on loopback (for nodes that all share one port on different addresses). */
export async function freePort(): Promise<number> {
  const s = net.createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', () => r()));
  const port = (s.address() as net.AddressInfo).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

export class ScriptedCluster {
  private constructor(readonly topology: SimulatedTopology, readonly nodes: ScriptedNode[]) {}

  /** Starts one scripted node per simulated node (port: a free one unless given). */
  static async start(topology: TopologyOptions = {}, node: Partial<NodeOptions> = {}): Promise<ScriptedCluster> {
    const port = topology.port ?? (await freePort());
    const topo = new SimulatedTopology({ ...topology, port });
    const nodes = topo.nodes.map((n) => new ScriptedNode(topo, n, node));
    try {
      await Promise.all(nodes.map((n) => n.start()));
    } catch (e) {
      await Promise.all(nodes.map((n) => n.stop()));
      throw e;
    }
    return new ScriptedCluster(topo, nodes);
  }

  get first(): ScriptedNode {
    return this.nodes[0] as ScriptedNode;
  }

  get port(): number {
    return this.first.port;
  }

  node(address: string): ScriptedNode {
    const n = this.nodes.find((x) => x.address === address);
    if (!n) throw new Error(`no scripted node at ${address}`);
    return n;
  }

  async stop(): Promise<void> {
    await Promise.all(this.nodes.map((n) => n.stop()));
  }
}
