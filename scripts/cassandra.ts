/**
 * Manage the local test cluster by hand (see docs/testing.md):
 *
 *   npm run cassandra -- start [--nodes 3] [--auth] [--tls] [--version 5.0.9] [--heap 1g]
 *   npm run cassandra -- status
 *   npm run cassandra -- nodetool <node> <args...>     e.g. nodetool 1 status
 *   npm run cassandra -- stop [<node>]                 whole cluster (and its dir) or one node
 *   npm run cassandra -- kill|pause|resume|restart|start-node <node>
 *
 * Nodes started here are detached and keep running after the CLI exits.
 * Integration tests reuse such a cluster via CASSANDRA_CONTACT_POINTS.
 */
import { CassandraCluster } from '../spec/support/cassandra/cluster';
import { ClusterOptions } from '../spec/support/cassandra/config';

const USAGE = `usage: npm run cassandra -- <command>
  start [--nodes N] [--auth] [--tls] [--version X.Y.Z] [--heap 1g]
  status
  stop [node]
  nodetool <node> <args...>
  kill|pause|resume|restart|start-node <node>
`;

function out(text: string): void {
  process.stdout.write(`${text}\n`);
}

function parseStart(args: readonly string[]): Partial<ClusterOptions> {
  const options: { nodes?: number; auth?: boolean; tls?: boolean; version?: string; maxHeap?: string } = {};
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new Error(`${String(arg)} needs a value`);
      return v;
    };
    if (arg === '--nodes' || arg === '-n') options.nodes = Number(value());
    else if (arg === '--auth') options.auth = true;
    else if (arg === '--tls') options.tls = true;
    else if (arg === '--version') options.version = value();
    else if (arg === '--heap') options.maxHeap = value();
    else throw new Error(`unknown option ${String(arg)}\n${USAGE}`);
  }
  return options;
}

function loaded(): CassandraCluster {
  const cluster = CassandraCluster.load();
  if (!cluster) throw new Error('no cluster is running (npm run cassandra -- start)');
  return cluster;
}

function nodeArg(args: readonly string[]): number {
  const n = Number(args[0]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`expected a node number, got ${String(args[0])}`);
  return n;
}

async function describe(cluster: CassandraCluster): Promise<void> {
  out(`cluster ${cluster.dir} (Cassandra ${cluster.version}, owner ${cluster.owner.kind} ${cluster.owner.pid})`);
  out(`auth: ${cluster.auth ? `on (${cluster.credentials.username}/${cluster.credentials.password})` : 'off'}`);
  out(`tls: ${cluster.tls ? `on (trust ${cluster.tls.caPem}; untrusted CA ${cluster.tls.untrustedCaPem})` : 'off'}`);
  for (const node of cluster.nodes) {
    const state = cluster.isRunning(node.index) ? `running pid ${String(node.pid)}` : 'stopped';
    out(`node ${node.index}: ${node.address}:${node.nativePort} jmx ${node.jmxPort} ${node.dc}/${node.rack} ${state}`);
  }
  out(`CASSANDRA_CONTACT_POINTS=${cluster.contactPoints.join(',')}`);
  if (cluster.nodes.some((n) => cluster.isRunning(n.index))) {
    for (const row of await cluster.status()) out(`  ${row.state} ${row.address} ${row.dc}/${String(row.rack)}`);
  }
}

async function main(argv: readonly string[]): Promise<void> {
  const [command, ...args] = argv;
  switch (command) {
    case 'start': {
      const started = Date.now();
      const cluster = await CassandraCluster.start(parseStart(args), { owner: { kind: 'cli', pid: process.pid }, detached: true });
      out(`started ${cluster.nodes.length} node(s) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
      await describe(cluster);
      return;
    }
    case 'status': {
      const cluster = CassandraCluster.load();
      if (!cluster) out('no cluster');
      else await describe(cluster);
      return;
    }
    case 'stop': {
      const cluster = CassandraCluster.load();
      if (!cluster) return out('no cluster');
      if (args.length > 0) return out(`node ${nodeArg(args)}: ${await cluster.stopNode(nodeArg(args))}`);
      await cluster.stop();
      return out(`stopped; removed ${cluster.dir}`);
    }
    case 'nodetool':
      process.stdout.write(await loaded().nodetool(nodeArg(args), args.slice(1)));
      return;
    case 'kill':
      return loaded().killNode(nodeArg(args));
    case 'pause':
      return loaded().pauseNode(nodeArg(args));
    case 'resume':
      return loaded().resumeNode(nodeArg(args));
    case 'restart':
      return loaded().restartNode(nodeArg(args));
    case 'start-node':
      return loaded().startNode(nodeArg(args));
    default:
      process.stdout.write(USAGE);
      if (command !== undefined && command !== 'help' && command !== '--help') process.exitCode = 2;
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
