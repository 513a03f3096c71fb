/**
 * Bench client for `cassandra-driver` 4.x (the DataStax Node.js driver), the comparison target.
 * Same workloads as rx-client.ts; uses the driver's fastest public forms (callback `execute` with
 * `prepare: true`, `eachRow` with `autoPage` for paging). It speaks at most protocol v4.
 */
import { Client, policies, types } from 'cassandra-driver';
import {
  BLOB_INSERT, BLOB_SELECT, BLOB_TABLE, HOT_QUERY, KV_INSERT, KV_KEYS, KV_SELECT, KV_TABLE, PAGE_QUERY, blob,
} from '../workload';
import { MemoryPeak, fail, formSuffix, levels, readTask, report, type Issue, type LoadFigures, type Task } from './common';

function runPrepared(client: Client, query: string, params: (i: number) => unknown[]): Issue {
  return (i, done) => {
    client.execute(query, params(i), { prepare: true }, (err) => done(err ?? undefined));
  };
}

async function overhead(task: Task, client: Client): Promise<LoadFigures[]> {
  if (task.form === 'await') {
    return levels(`datastax v4${formSuffix(task)}`, task, (i, done) => void client.execute(HOT_QUERY, [i & 0xffff], { prepare: true }).then(() => done(), done));
  }
  return levels(`datastax v4${formSuffix(task)}`, task, runPrepared(client, HOT_QUERY, (i) => [i & 0xffff]));
}

async function real(task: Task, client: Client): Promise<LoadFigures[]> {
  const out = await levels('insert', task, runPrepared(client, KV_INSERT, (i) => [i % KV_KEYS, `value-${i}`]));
  out.push(...(await levels('select', task, runPrepared(client, KV_SELECT, (i) => [i % KV_KEYS]))));
  return out;
}

async function paging(_task: Task, client: Client): Promise<Record<string, number>> {
  const mem = new MemoryPeak();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    client.eachRow(PAGE_QUERY, [], { fetchSize: 5000, autoPage: true, readTimeout: 60_000 }, () => {
      if ((++rows & 1023) === 0) mem.sample();
    }, (err) => (err ? reject(err) : resolve()));
  });
  const secs = (performance.now() - t0) / 1000;
  mem.stop();
  const cpu = process.cpuUsage(cpu0);
  return { rows, seconds: secs, rowsPerSecond: rows / secs, peakRssMB: mem.rss / 2 ** 20, peakHeapMB: mem.heapUsed / 2 ** 20, cpuUsPerRow: (cpu.user + cpu.system) / rows };
}

async function compression(task: Task, client: Client): Promise<LoadFigures[]> {
  const out: LoadFigures[] = [];
  for (const size of task.sizes ?? []) {
    const blobs = Array.from({ length: 64 }, (_, i) => blob(size, i));
    const [ins] = await levels(`insert ${size}`, task, runPrepared(client, BLOB_INSERT, (i) => [i % 1000, blobs[i % 64]]));
    const [sel] = await levels(`select ${size}`, task, runPrepared(client, BLOB_SELECT, (i) => [i % 1000]));
    if (ins) out.push({ ...ins, extra: { size } });
    if (sel) out.push({ ...sel, extra: { size } });
  }
  return out;
}

/** The node's own address → the proxy's (cassandra-driver's AddressTranslator); anything else unchanged. */
function translator(t: { from: string; to: string }): policies.addressResolution.AddressTranslator {
  const tr = policies.defaultAddressTranslator();
  tr.translate = (address: string, port: number, callback: (endpoint: string) => void): void => {
    callback(`${address}:${port}` === t.from ? t.to : `${address}:${port}`);
  };
  return tr;
}

async function main(): Promise<void> {
  const task = readTask();
  if (task.version !== 4) throw new Error('cassandra-driver 4.x speaks at most protocol v4');
  const client = new Client({
    contactPoints: [task.host],
    localDataCenter: 'dc1',
    protocolOptions: { port: task.port, maxVersion: 4 },
    ...(task.translate === undefined ? {} : { policies: { addressResolution: translator(task.translate) } }),
    ...(task.pooling === 'default' ? {} : {
      pooling: { coreConnectionsPerHost: { [types.distance.local]: 1 }, maxRequestsPerConnection: 2048, heartBeatInterval: 0 },
      socketOptions: { readTimeout: 12_000 },
    }),
  });
  try {
    await client.connect();
    if (task.scenario === 'real' || task.scenario === 'compression') {
      await client.execute("CREATE KEYSPACE IF NOT EXISTS bench_rx WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}");
      await client.execute(task.scenario === 'real' ? KV_TABLE : BLOB_TABLE);
    }
    let result: unknown;
    switch (task.scenario) {
      case 'overhead': result = await overhead(task, client); break;
      case 'real': result = await real(task, client); break;
      case 'paging': result = await paging(task, client); break;
      case 'compression': result = await compression(task, client); break;
    }
    report(result);
  } finally {
    await client.shutdown();
  }
}

main().catch(fail);
