import { firstValueFrom, lastValueFrom, mergeMap, range } from 'rxjs';
import { Cluster, Consistency, ConstantSpeculativeExecutionPolicy, type RequestRecord } from '../../../lib';
import { canManageCluster, ensureCluster } from '../../support/cassandra/ensure-cluster';
import type { CassandraCluster } from '../../support/cassandra/cluster';
import { THREE_NODE_TOPOLOGY } from '../../support/three-node-topology';

// Issue 13 items 2 and 2b on a real three-node Cassandra 5.0 cluster: one node frozen (SIGSTOP)
// for 20 s under idempotent CL ONE reads at 32 in flight, with and without speculative execution.
// With default timeouts (12 s per execution, attempts abandoned after 6 s) no client sees an error,
// and once the node stopped answering it draws no new request.
const KS = `rx_frozen_${Date.now().toString(36)}`;
const FREEZE_MS = 20_000;
const IN_FLIGHT = 32;
const FROZEN = 2;
const maybe = canManageCluster() ? describe : describe.skip;

maybe('a frozen node under CL ONE reads (real three-node cluster)', () => {
  let harness: CassandraCluster;

  beforeAll(async () => {
    harness = await ensureCluster({ nodes: 3, topology: THREE_NODE_TOPOLOGY });
    const setup = new Cluster({ contactPoints: ['127.0.0.1'] });
    const s = await setup.connect();
    await firstValueFrom(s.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'NetworkTopologyStrategy', 'dc1': 3}`));
    await firstValueFrom(s.execute(`CREATE TABLE ${KS}.kv (k int PRIMARY KEY, v text)`));
    const ins = await firstValueFrom(s.prepare(`INSERT INTO ${KS}.kv (k, v) VALUES (?, ?)`));
    await lastValueFrom(range(0, 200).pipe(mergeMap((k) => s.execute(ins, [k, `v${k}`], { consistency: Consistency.ALL }), 16)));
    await setup.shutdown();
  }, 300_000);

  afterAll(async () => {
    if (harness && harness.isRunning(FROZEN)) harness.resumeNode(FROZEN);
  });

  it.each([
    ['without speculative execution', false],
    ['with speculative execution (100 ms, 2)', true],
  ])('%s: 0 client errors, and the frozen node draws no new request once it stopped answering', async (_name, speculative) => {
    const cluster = new Cluster({
      contactPoints: ['127.0.0.1'],
      ...(speculative ? { profiles: { default: { speculativeExecution: new ConstantSpeculativeExecutionPolicy(100, 2) } } } : {}),
    });
    const records: RequestRecord[] = [];
    cluster.requests$.subscribe((r) => records.push(r));
    try {
      const session = await cluster.connect(KS);
      const select = await firstValueFrom(session.prepare('SELECT v FROM kv WHERE k = ?'));
      const frozen = `127.0.0.${FROZEN}:9042`;
      const errors: Error[] = [];
      let frozenAt = 0;
      let resumedAt = 0;
      const started = Date.now();
      const drill = (async () => {
        await new Promise((r) => setTimeout(r, 2000));
        harness.pauseNode(FROZEN);
        frozenAt = Date.now();
        await new Promise((r) => setTimeout(r, FREEZE_MS));
        harness.resumeNode(FROZEN);
        resumedAt = Date.now();
      })();
      // Bounded load: 32 workers, each one execution at a time, until 4 s after the node resumed (at most 60 s).
      let i = 0;
      const running = (): boolean => (resumedAt === 0 || Date.now() < resumedAt + 4000) && Date.now() - started < 60_000;
      const worker = async (): Promise<void> => {
        while (running()) {
          await firstValueFrom(session.execute(select, [i++ % 200], { consistency: Consistency.ONE })).catch((e: Error) => { errors.push(e); });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, worker));
      await drill;
      const late = records.filter((r) => r.hosts[0] === frozen && r.at - r.latencyMs > frozenAt + 1000 && r.at - r.latencyMs < resumedAt);
      const timedOutAttempts = records.filter((r) => r.hosts[0] === frozen && r.hosts.length > 1 && r.at - r.latencyMs < resumedAt);
      const maxLatency = Math.max(...records.filter((r) => !r.cancelled).map((r) => r.latencyMs));
      process.stdout.write(`${speculative ? 'speculative' : 'plain'}: ${records.length} executions, ${errors.length} errors, `
        + `${timedOutAttempts.length} moved off the frozen node, ${late.length} sent to it later than 1 s after the freeze, max latency ${maxLatency} ms\n`);
      expect(errors.map((e) => `${e.name}: ${e.message}`)).toEqual([]);
      expect(late).toHaveLength(0);
      expect(maxLatency).toBeLessThan(12_000 + 1000);
      // After the resume the late answers free the orphaned ids.
      const deadline = Date.now() + 10_000;
      while (cluster.metrics().orphanedStreamIds > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(cluster.metrics().orphanedStreamIds).toBe(0);
    } finally {
      await cluster.shutdown();
    }
  }, 120_000);
});
