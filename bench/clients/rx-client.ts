/** Bench client for cassandra-rx (this driver). One child process per task; see bench/run.ts. */
import { firstValueFrom, lastValueFrom } from 'rxjs';
import { Cluster, type PreparedStatement, type Session } from '../../lib';
import { useCrc32 } from '../../lib/protocol/crc';
import {
  BLOB_INSERT, BLOB_SELECT, BLOB_TABLE, HOT_QUERY, KV_INSERT, KV_KEYS, KV_SELECT, KV_TABLE, PAGE_QUERY, blob,
} from '../workload';
import { MemoryPeak, fail, formSuffix, levels, readTask, report, type Issue, type LoadFigures, type Task } from './common';

function runPrepared(session: Session, ps: PreparedStatement, params: (i: number) => unknown[]): Issue {
  return (i, done) => {
    session.execute(ps, params(i)).subscribe({ error: (e: unknown) => done(e), complete: () => done() });
  };
}

/** The forms users write: the CQL text with `{ prepare: true }` (a fresh options object per call, as in user code). */
function runPrepareTrue(session: Session, awaited: boolean): Issue {
  if (awaited) return (i, done) => void lastValueFrom(session.execute(HOT_QUERY, [i & 0xffff], { prepare: true })).then(() => done(), done);
  return (i, done) => {
    session.execute(HOT_QUERY, [i & 0xffff], { prepare: true }).subscribe({ error: (e: unknown) => done(e), complete: () => done() });
  };
}

async function overhead(task: Task, session: Session): Promise<LoadFigures[]> {
  const label = `rx v${task.version}${task.compression === 'lz4' ? ' lz4' : ''}${formSuffix(task)}`;
  if (task.form === 'prepare' || task.form === 'await') return levels(label, task, runPrepareTrue(session, task.form === 'await'));
  const ps = await firstValueFrom(session.prepare(HOT_QUERY));
  return levels(label, task, runPrepared(session, ps, (i) => [i & 0xffff]));
}

async function real(task: Task, session: Session): Promise<LoadFigures[]> {
  const insert = await firstValueFrom(session.prepare(KV_INSERT));
  const select = await firstValueFrom(session.prepare(KV_SELECT));
  const out = await levels('insert', task, runPrepared(session, insert, (i) => [i % KV_KEYS, `value-${i}`]));
  out.push(...(await levels('select', task, runPrepared(session, select, (i) => [i % KV_KEYS]))));
  return out;
}

async function paging(task: Task, session: Session): Promise<Record<string, number>> {
  const mem = new MemoryPeak();
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let rows = 0;
  await new Promise<void>((resolve, reject) => {
    session.stream(PAGE_QUERY, undefined, { fetchSize: 5000, timeoutMs: 60_000, prefetchPages: task.prefetchPages ?? 0 }).subscribe({
      next: () => { if ((++rows & 1023) === 0) mem.sample(); },
      error: reject,
      complete: resolve,
    });
  });
  const secs = (performance.now() - t0) / 1000;
  mem.stop();
  const cpu = process.cpuUsage(cpu0);
  return { rows, seconds: secs, rowsPerSecond: rows / secs, peakRssMB: mem.rss / 2 ** 20, peakHeapMB: mem.heapUsed / 2 ** 20, cpuUsPerRow: (cpu.user + cpu.system) / rows };
}

async function compression(task: Task, cluster: Cluster, session: Session): Promise<LoadFigures[]> {
  const insert = await firstValueFrom(session.prepare(BLOB_INSERT));
  const select = await firstValueFrom(session.prepare(BLOB_SELECT));
  const out: LoadFigures[] = [];
  for (const size of task.sizes ?? []) {
    const blobs = Array.from({ length: 64 }, (_, i) => blob(size, i));
    const withBytes = async (label: string, issue: Issue): Promise<void> => {
      const m0 = cluster.metrics();
      const [f] = await levels(label, task, issue);
      const m1 = cluster.metrics();
      if (!f) return;
      // Bytes include the warm-up; per request they are what counts.
      const reqs = m1.requests - m0.requests;
      out.push({ ...f, extra: { size, bytesSentPerRequest: (m1.bytesSent - m0.bytesSent) / reqs, bytesReceivedPerRequest: (m1.bytesReceived - m0.bytesReceived) / reqs } });
    };
    await withBytes(`insert ${size}`, runPrepared(session, insert, (i) => [i % 1000, blobs[i % 64]]));
    await withBytes(`select ${size}`, runPrepared(session, select, (i) => [i % 1000]));
  }
  return out;
}

/** The node's own address → the proxy's; anything else unchanged. */
function translator(t: { from: string; to: string }): (address: string, port: number) => { address: string; port: number } {
  const [host = '', port = '0'] = t.to.split(':');
  return (address, p) => (`${address}:${p}` === t.from ? { address: host, port: Number(port) } : { address, port: p });
}

async function main(): Promise<void> {
  const task = readTask();
  if (task.crc === 'zlib') useCrc32('zlib');
  const cluster = new Cluster({
    contactPoints: [`${task.host}:${task.port}`],
    localDatacenter: 'dc1',
    compression: task.compression,
    ...(task.lz4 !== undefined ? { lz4: task.lz4 } : {}),
    maxProtocolVersion: task.version,
    ...(task.translate === undefined ? {} : { addressTranslator: translator(task.translate) }),
    ...(task.pooling === 'default' ? {} : { pooling: { localConnections: 1, maxRequestsPerConnection: 2048, heartbeatIntervalMs: 0 } }),
  });
  try {
    const session = await cluster.connect();
    if (cluster.protocolVersion !== task.version) throw new Error(`negotiated v${cluster.protocolVersion}, wanted v${task.version}`);
    if (task.scenario === 'real' || task.scenario === 'compression') {
      await firstValueFrom(session.execute("CREATE KEYSPACE IF NOT EXISTS bench_rx WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
      await firstValueFrom(session.execute(task.scenario === 'real' ? KV_TABLE : BLOB_TABLE));
    }
    let result: unknown;
    switch (task.scenario) {
      case 'overhead': result = await overhead(task, session); break;
      case 'real': result = await real(task, session); break;
      case 'paging': result = await paging(task, session); break;
      case 'compression': result = await compression(task, cluster, session); break;
    }
    report(result);
  } finally {
    await cluster.shutdown();
  }
}

main().catch(fail);
