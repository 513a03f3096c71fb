/**
 * Pure planning of a cluster's layout: which address, ports, token,
 * data centre and directories each node gets. No I/O here, so it is
 * unit-tested directly (spec/harness/topology.spec.ts).
 */
import * as path from 'node:path';
import { ClusterOptions, NATIVE_PORT, STORAGE_PORT } from './config';

export interface NodeSpec {
  /** 1-based node number. */
  readonly index: number;
  /** 127.0.0.<index> — listen, rpc and broadcast address. */
  readonly address: string;
  readonly storagePort: number;
  readonly nativePort: number;
  /** Local-only JMX port used by nodetool: 7000 + index * 100. */
  readonly jmxPort: number;
  /** Murmur3 token (num_tokens: 1), evenly spaced over the ring. */
  readonly initialToken: string;
  readonly dc: string;
  readonly rack: string;
  /** Node root: conf/, data/, commitlog/, hints/, saved_caches/, cdc_raw/, logs/, tmp/. */
  readonly dir: string;
  /** Seeds in `host:port` form (always node 1). */
  readonly seeds: string;
}

/** Paths inside a node directory. */
export interface NodePaths {
  readonly conf: string;
  readonly yaml: string;
  readonly logback: string;
  readonly rackdc: string;
  readonly data: string;
  readonly commitlog: string;
  readonly hints: string;
  readonly savedCaches: string;
  readonly cdcRaw: string;
  readonly logs: string;
  readonly systemLog: string;
  readonly stdoutLog: string;
  readonly tmp: string;
  readonly triggers: string;
}

const MIN_TOKEN = -(2n ** 63n);
const RING_SIZE = 2n ** 64n;

/** `(i-1) * 2^64 / total - 2^63`, as a decimal string. */
export function initialToken(index: number, total: number): string {
  if (index < 1 || index > total) throw new Error(`node ${index} outside 1..${total}`);
  return (BigInt(index - 1) * (RING_SIZE / BigInt(total)) + MIN_TOKEN).toString();
}

export function nodeAddress(index: number): string {
  return `127.0.0.${index}`;
}

export function jmxPort(index: number): number {
  return STORAGE_PORT + index * 100;
}

/** Plan every node of a cluster rooted at `clusterDir`. */
export function planCluster(options: ClusterOptions, clusterDir: string): NodeSpec[] {
  const specs: NodeSpec[] = [];
  for (let index = 1; index <= options.nodes; index++) {
    const placement = options.topology?.[index - 1];
    specs.push({
      index,
      address: nodeAddress(index),
      storagePort: STORAGE_PORT,
      nativePort: NATIVE_PORT,
      jmxPort: jmxPort(index),
      initialToken: initialToken(index, options.nodes),
      dc: placement?.dc ?? 'dc1',
      rack: placement?.rack ?? 'rack1',
      dir: path.join(clusterDir, `node${index}`),
      seeds: `${nodeAddress(1)}:${STORAGE_PORT}`,
    });
  }
  return specs;
}

export function nodePaths(node: Pick<NodeSpec, 'dir'>): NodePaths {
  const conf = path.join(node.dir, 'conf');
  const logs = path.join(node.dir, 'logs');
  return {
    conf,
    yaml: path.join(conf, 'cassandra.yaml'),
    logback: path.join(conf, 'logback.xml'),
    rackdc: path.join(conf, 'cassandra-rackdc.properties'),
    data: path.join(node.dir, 'data'),
    commitlog: path.join(node.dir, 'commitlog'),
    hints: path.join(node.dir, 'hints'),
    savedCaches: path.join(node.dir, 'saved_caches'),
    cdcRaw: path.join(node.dir, 'cdc_raw'),
    logs,
    systemLog: path.join(logs, 'system.log'),
    stdoutLog: path.join(logs, 'stdout.log'),
    tmp: path.join(node.dir, 'tmp'),
    triggers: path.join(node.dir, 'triggers'),
  };
}
