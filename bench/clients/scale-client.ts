/**
 * Scenario 6 client (bench/scale.ts): connects one driver to the simulated 3 × 100-node cluster
 * (256 vnodes each) and reports connect time, memory after connect, the token map build and
 * the routing cost per request (replicas of a partition key + the query plan), bounded in count.
 */
import { Client, types } from 'cassandra-driver';
import { Cluster, DefaultLoadBalancingPolicy, TokenMap, type HostView } from '../../lib';
import { fail, report } from './common';

interface ScaleTask { readonly driver: 'rx' | 'datastax'; readonly host: string; readonly port: number; readonly keyspace: string; readonly lookups: number }

const task = JSON.parse(process.env['BENCH_TASK'] ?? '{}') as ScaleTask;
const keys = Array.from({ length: 1024 }, (_, i) => { const b = Buffer.alloc(4); b.writeInt32BE(i * 7919); return b; });
const mb = (n: number): number => n / 2 ** 20;

async function rx(): Promise<Record<string, number>> {
  const policy = new DefaultLoadBalancingPolicy({ localDatacenter: 'dc1' });
  const cluster = new Cluster({ contactPoints: [`${task.host}:${task.port}`], localDatacenter: 'dc1', pooling: { heartbeatIntervalMs: 0 }, profiles: { default: { loadBalancing: policy } } });
  const t0 = performance.now();
  try {
    await cluster.connect();
    const connectMs = performance.now() - t0;
    const mem = process.memoryUsage();
    const partitioner = cluster.metadata.partitioner;
    if (!partitioner) throw new Error('no partitioner');
    const b0 = performance.now();
    const map = TokenMap.build(partitioner, cluster.hosts() as readonly HostView[]);
    const buildMs = performance.now() - b0;
    const replication = cluster.metadata.replicationOf(task.keyspace);
    if (!replication) throw new Error(`no replication for ${task.keyspace}`);
    const f0 = performance.now();
    map.getReplicas(replication, map.tokenOf(keys[0] as Buffer));
    const firstReplicasMs = performance.now() - f0;
    const r0 = performance.now();
    let replicas = 0;
    for (let i = 0; i < task.lookups; i++) {
      const key = keys[i & 1023] as Buffer;
      replicas += cluster.metadata.getReplicas(task.keyspace, key).length;
      // As an execution does: make the plan and take its first host.
      policy.newQueryPlan({ keyspace: task.keyspace, routingKey: key })[Symbol.iterator]().next();
    }
    const routeUs = ((performance.now() - r0) * 1000) / task.lookups;
    return { hosts: cluster.hosts().length, tokens: map.ring.length, connectMs, rssMB: mb(mem.rss), heapMB: mb(mem.heapUsed), tokenMapBuildMs: buildMs, firstReplicasMs, routeUsPerRequest: routeUs, replicasPerKey: replicas / task.lookups };
  } finally {
    await cluster.shutdown();
  }
}

async function datastax(): Promise<Record<string, number>> {
  const client = new Client({
    contactPoints: [task.host], localDataCenter: 'dc1', protocolOptions: { port: task.port, maxVersion: 4 },
    pooling: { coreConnectionsPerHost: { [types.distance.local]: 1, [types.distance.remote]: 0 }, heartBeatInterval: 0 },
    // Its full schema sync fails on the scripted server's answers; the keyspace's replication is read alone below.
    isMetadataSyncEnabled: false,
  });
  const t0 = performance.now();
  try {
    await client.connect();
    const connectMs = performance.now() - t0;
    const mem = process.memoryUsage();
    const k0 = performance.now();
    await client.metadata.refreshKeyspace(task.keyspace);
    client.getReplicas(task.keyspace, keys[0] as Buffer);
    const firstReplicasMs = performance.now() - k0;
    const r0 = performance.now();
    let replicas = 0;
    for (let i = 0; i < task.lookups; i++) replicas += client.getReplicas(task.keyspace, keys[i & 1023] as Buffer)?.length ?? 0;
    const routeUs = ((performance.now() - r0) * 1000) / task.lookups;
    return { hosts: client.hosts.length, connectMs, rssMB: mb(mem.rss), heapMB: mb(mem.heapUsed), firstReplicasMs, routeUsPerRequest: routeUs, replicasPerKey: replicas / task.lookups };
  } finally {
    await client.shutdown();
  }
}

(task.driver === 'datastax' ? datastax() : rx()).then(report, fail);
