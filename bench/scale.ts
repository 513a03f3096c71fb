/**
 * `npm run bench:scale` (issue 14 item 5): a simulated cluster of 3 datacenters × 100 nodes ×
 * 256 vnodes (the scripted server answers system.local / system.peers(_v2) for all 300 nodes,
 * each on its own 127.0.x.y address) and, in a child process each, our driver and
 * cassandra-driver connecting to it: connect time, memory after connect, token map build,
 * routing cost per request. Env: BENCH_SCALE_NODES (per DC, default 100), BENCH_SCALE_VNODES
 * (default 256), BENCH_SCALE_LOOKUPS (default 200,000), BENCH_RUNS (default 3).
 */
import * as path from 'node:path';
import { ScriptedCluster } from '../spec/support/scripted-server';
import { runChild } from './processes';
import { fmt, median, say, table } from './tables';

const NODES = Number(process.env['BENCH_SCALE_NODES'] ?? 100);
const VNODES = Number(process.env['BENCH_SCALE_VNODES'] ?? 256);
const LOOKUPS = Number(process.env['BENCH_SCALE_LOOKUPS'] ?? 200_000);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const KEYSPACE = 'scale_ks';

async function main(): Promise<void> {
  const sim = await ScriptedCluster.start({
    nodesPerDc: [NODES, NODES, NODES], racksPerDc: 3, tokensPerNode: VNODES,
    keyspaces: { [KEYSPACE]: { class: 'org.apache.cassandra.locator.NetworkTopologyStrategy', dc1: '3', dc2: '3', dc3: '3' } },
  });
  const results: Record<'rx' | 'datastax', Record<string, number>[]> = { rx: [], datastax: [] };
  try {
    for (let r = 0; r < RUNS; r++) {
      for (const driver of ['rx', 'datastax'] as const) {
        say(`  scale run ${r + 1}/${RUNS}: ${driver}...`);
        try {
          results[driver].push(await runChild<Record<string, number>>(path.join(__dirname, 'clients/scale-client.js'),
            { BENCH_TASK: JSON.stringify({ driver, host: sim.first.address, port: sim.port, keyspace: KEYSPACE, lookups: LOOKUPS }) }, `scale ${driver}`, [], 5 * 60_000));
        } catch (e) {
          say(`  ${driver} failed: ${(e as Error).message.split('\n')[0] ?? ''}`);
        }
      }
    }
  } finally {
    await sim.stop();
  }
  const m = (d: 'rx' | 'datastax', k: string): number | undefined => (results[d].length ? median(results[d].map((x) => x[k] ?? NaN)) : undefined);
  say(`\nScenario 6: simulated cluster, 3 DCs × ${NODES} nodes × ${VNODES} vnodes (${3 * NODES * VNODES} tokens), NetworkTopologyStrategy RF 3 per DC, local DC dc1; medians of ${RUNS}`);
  table(['driver', 'hosts', 'connect ms', 'RSS MB', 'heap MB', 'token map build ms', 'first replicas of a keyspace ms', 'routing µs/request', 'replicas per key'],
    (['rx', 'datastax'] as const).map((d) => [d, fmt(m(d, 'hosts')), fmt(m(d, 'connectMs')), fmt(m(d, 'rssMB'), 1), fmt(m(d, 'heapMB'), 1),
      fmt(m(d, 'tokenMapBuildMs'), 1), fmt(m(d, 'firstReplicasMs'), 1), fmt(m(d, 'routeUsPerRequest'), 2), fmt(m(d, 'replicasPerKey'), 1)]));
}

main().catch((e: unknown) => { process.stderr.write(`bench:scale failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`); process.exit(1); });
