/**
 * Issue 18: the chaos suite on a real three-node Cassandra 5.0 (RF 3). The short form runs in
 * `npm test`; `npm run chaos` runs the full form (CHAOS_PROFILE=full: longer faults, more
 * scenarios, and the same workload through cassandra-driver for comparison). Every invariant is
 * asserted for our driver; cassandra-driver's figures are recorded beside ours, not asserted.
 * Results: bench/results/chaos-<profile>.{json,md}; the measured table is in docs/reliability.md.
 */
import { firstValueFrom } from 'rxjs';
import { Cluster, Consistency, DriverError } from '../../lib';
import { canManageCluster, ensureCluster } from '../support/cassandra/ensure-cluster';
import type { CassandraCluster } from '../support/cassandra/cluster';
import { NodeProxies } from '../support/fault-proxy/node-proxies';
import { THREE_NODE_TOPOLOGY } from '../support/three-node-topology';
import { connectClient, valueOf, type ChaosClient, type ChaosClientOptions, type DriverName } from './clients';
import {
  ChaosResults, HEARTBEAT_INTERVAL_MS, until, HEARTBEAT_TIMEOUT_MS, RECONNECT_DELAY_MS, REQUEST_TIMEOUT_MS, chaosProfile,
} from './common';
import { controlKillUnderLoad } from './control-kill-under-load';
import { freezeUnderReads } from './freeze-under-reads';
import { killUnderWrites } from './kill-under-writes';
import { partitionUnderReads } from './partition-under-reads';
import { resetsUnderReads } from './resets-under-reads';
import { rollingRestartUnderLoad } from './rolling-restart-under-load';

const maybe = canManageCluster() ? describe : describe.skip;
const profile = chaosProfile();
const drivers: DriverName[] = profile.compare ? ['cassandra-rx', 'cassandra-driver'] : ['cassandra-rx'];
const READ_KEYS = 2000;

maybe(`chaos on a real three-node cluster (${profile.name})`, () => {
  let harness: CassandraCluster;
  const results = new ChaosResults();
  const keyspace = `chaos_${Date.now().toString(36)}`;
  const open: ChaosClient[] = [];

  const options = (table: string, extra: Partial<ChaosClientOptions> = {}): ChaosClientOptions => ({
    contactPoints: harness.contactPoints,
    heartbeatIntervalMs: HEARTBEAT_INTERVAL_MS,
    heartbeatTimeoutMs: HEARTBEAT_TIMEOUT_MS,
    reconnectDelayMs: RECONNECT_DELAY_MS,
    requestTimeoutMs: REQUEST_TIMEOUT_MS,
    keyspace,
    table,
    ...extra,
  });
  const client = async (name: DriverName, o: ChaosClientOptions): Promise<ChaosClient> => {
    const c = await connectClient(name, o);
    open.push(c);
    return c;
  };
  const closeAll = async (): Promise<void> => {
    await Promise.all(open.splice(0).map((c) => c.close().catch(() => undefined)));
  };

  /** After a restart, waits (bounded) until the node itself serves the read table (schema and all). */
  const restartedNodeServes = async (node: number): Promise<void> => {
    const probe = new Cluster({ contactPoints: harness.contactPoints });
    try {
      const s = await probe.connect();
      const start = Date.now();
      await until(`node ${node} to serve ${keyspace}.reads`, () => firstValueFrom(s.execute(`SELECT v FROM ${keyspace}.reads WHERE k = 0`, [], {
        host: `127.0.0.${node}`, consistency: Consistency.ONE,
      })).then(() => true, () => false), 120_000);
      process.stdout.write(`chaos: restarted node ${node} served the read table ${Date.now() - start} ms after the scenario\n`);
    } finally {
      await probe.shutdown();
    }
  };

  beforeAll(async () => {
    harness = await ensureCluster({ nodes: 3, topology: THREE_NODE_TOPOLOGY });
    const admin = new Cluster({ contactPoints: harness.contactPoints });
    try {
      const s = await admin.connect();
      await firstValueFrom(s.execute(`CREATE KEYSPACE ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 3}`));
      for (const t of ['writes_rx', 'writes_peer', 'reads', 'rolling_rx', 'rolling_peer']) {
        await firstValueFrom(s.execute(`CREATE TABLE ${keyspace}.${t} (k int PRIMARY KEY, v text)`));
      }
      // The harness runs Cassandra with -Dcassandra.unsafesystem=true (system tables not synced):
      // a node SIGKILLed soon after this DDL would come back without these tables (and pull them
      // only at its next schema pull, a minute later). Flushed, the schema survives the kill.
      await Promise.all(harness.nodes.map((n) => harness.nodetool(n.index, ['flush', 'system_schema'])));
      const insert = await firstValueFrom(s.prepare(`INSERT INTO ${keyspace}.reads (k, v) VALUES (?, ?)`));
      for (let k = 0; k < READ_KEYS; k += 100) {
        await Promise.all(Array.from({ length: 100 }, (_, j) => firstValueFrom(s.execute(insert, [k + j, valueOf(k + j)], { consistency: Consistency.ALL }))));
      }
    } finally {
      await admin.shutdown();
    }
  }, 300_000);

  afterEach(closeAll, 60_000);

  /** Flushes the schema on every running node (see beforeAll: a node SIGKILLed later must come back with it). */
  const flushSchema = async (): Promise<void> => {
    await Promise.all(harness.nodes.filter((n) => harness.isRunning(n.index)).map((n) => harness.nodetool(n.index, ['flush', 'system_schema'])));
  };
  /** Runs `cql` through a client of its own (answered once the schema agrees); resolves with the time it was sent. */
  const ddl = async (cql: string): Promise<number> => {
    const admin = new Cluster({ contactPoints: harness.contactPoints });
    try {
      const s = await admin.connect();
      const sentAt = Date.now();
      await firstValueFrom(s.execute(cql));
      return sentAt;
    } finally {
      await admin.shutdown();
    }
  };

  afterAll(async () => {
    await closeAll();
    if (harness) {
      for (const n of harness.nodes) {
        if (!harness.isRunning(n.index)) await harness.startNode(n.index).catch(() => undefined);
        else harness.resumeNode(n.index);
      }
      const admin = new Cluster({ contactPoints: harness.contactPoints });
      await admin.connect().then((s) => firstValueFrom(s.execute(`DROP KEYSPACE IF EXISTS ${keyspace}`))).catch(() => undefined);
      await admin.shutdown();
    }
    process.stdout.write(`\n${results.markdown()}\nwritten to ${results.write(profile)}\n`);
  }, 300_000);

  for (const driver of drivers) {
    it(`[${driver}] SIGKILL a node under QUORUM writes (${profile.writeConcurrency} in flight), restart it: 0 acknowledged writes lost`, async () => {
      const c = await client(driver, options(driver === 'cassandra-rx' ? 'writes_rx' : 'writes_peer'));
      const f = await killUnderWrites(harness, c, {
        node: 2, concurrency: profile.writeConcurrency, windowMs: profile.throughputWindowMs, downBoundMs: HEARTBEAT_INTERVAL_MS + 10_000,
      });
      results.add({
        scenario: 'SIGKILL under QUORUM writes', driver,
        figures: {
          acked: f.acked, lost: f.lost, 'down after kill ms': f.downAfterMs, 'pool after port open ms': f.poolAfterAnswerMs,
          'writes/s before': f.throughputBefore, 'writes/s after': f.throughputAfter,
          'after/before %': Math.round((100 * f.throughputAfter) / Math.max(1, f.throughputBefore)), 'failed writes': f.failedWrites, errors: JSON.stringify(f.errors), 'first error': f.firstError,
        },
      });
      await restartedNodeServes(2);
      if (driver !== 'cassandra-rx') return;
      expect(f.acked).toBeGreaterThan(0);
      expect(f.lost).toBe(0);
      expect(f.downAfterMs).not.toBeNull();
      expect(f.downAfterMs ?? Infinity).toBeLessThanOrEqual(HEARTBEAT_INTERVAL_MS + 2000);
      expect(f.poolAfterAnswerMs).toBeLessThanOrEqual(5000);
      expect(f.throughputAfter).toBeGreaterThanOrEqual(0.8 * f.throughputBefore);
    }, 420_000);
  }

  for (const driver of drivers) {
    for (const speculative of [false, true]) {
      it(`[${driver}] SIGSTOP a node ${profile.pauseMs / 1000} s under reads at ONE, ${speculative ? 'with' : 'without'} speculative execution`, async () => {
        const c = await client(driver, options('reads', speculative ? { speculativeDelayMs: 100 } : {}));
        const f = await freezeUnderReads(harness, c, {
          node: 3, pauseMs: profile.pauseMs, concurrency: 32, keys: READ_KEYS, timeoutMs: REQUEST_TIMEOUT_MS, settleBoundMs: 15_000,
        });
        results.add({
          scenario: `SIGSTOP ${profile.pauseMs / 1000} s, reads at ONE, ${speculative ? 'speculative' : 'no speculative'}`, driver,
          figures: {
            requests: f.requests, failed: f.failed, 'max ms (timeout 2000)': f.maxDurationMs, 'over timeout+1s': f.overdue,
            'wrong answers': f.wrongAnswers, 'settled after ms': f.settledAfterMs, 'in flight after': f.after.inFlight, 'orphans after': f.after.orphans, errors: JSON.stringify(f.errors), 'first error': f.firstError,
          },
        });
        if (driver !== 'cassandra-rx') return;
        expect(f.requests).toBeGreaterThan(0);
        expect(f.overdue).toBe(0);
        expect(f.maxDurationMs).toBeLessThanOrEqual(REQUEST_TIMEOUT_MS + 1000);
        expect(f.wrongAnswers).toBe(0);
        expect(f.settledAfterMs).not.toBeNull();
        expect(f.after).toEqual(f.baseline);
      }, 180_000);
    }
  }

  for (const driver of profile.controlKill ? drivers : []) {
    it(`[${driver}] SIGKILL the control connection's node under reads: the control connection moves, schema events keep arriving, requests continue`, async () => {
      const c = await client(driver, options('reads'));
      const created: string[] = [];
      const f = await controlKillUnderLoad(harness, c, {
        concurrency: 32, keys: READ_KEYS, windowMs: profile.throughputWindowMs, moveBoundMs: 15_000, eventBoundMs: 15_000,
        createKeyspace: (name) => {
          created.push(name);
          return ddl(`CREATE KEYSPACE ${name} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
        },
      });
      for (const name of created) await ddl(`DROP KEYSPACE IF EXISTS ${name}`);
      await flushSchema();
      results.add({
        scenario: 'SIGKILL the control connection\'s node, reads at ONE/QUORUM', driver,
        figures: {
          'control from → to': `${f.controlBefore} → ${f.controlAfter ?? 'none'}`, 'moved after kill ms': f.movedAfterMs, 'down after kill ms': f.downAfterMs,
          'schema event after DDL sent ms': f.schemaEventAfterMs, requests: f.requests, failed: f.failed, 'wrong answers': f.wrongAnswers,
          'max ms (timeout 2000)': f.maxDurationMs, 'reads/s before': f.throughputBefore, 'reads/s after': f.throughputAfter,
          'pool after restart ms': f.poolAfterRestartMs, errors: JSON.stringify(f.errors), 'first error': f.firstError,
        },
      });
      if (driver !== 'cassandra-rx') return;
      expect(f.movedAfterMs).not.toBeNull();
      expect(f.movedAfterMs ?? Infinity).toBeLessThanOrEqual(HEARTBEAT_INTERVAL_MS + 2000);
      expect(f.controlAfter).not.toBe(f.controlBefore);
      expect(f.schemaEventAfterMs).not.toBeNull();
      expect(f.failed).toBe(0);
      expect(f.wrongAnswers).toBe(0);
      expect(f.throughputAfter).toBeGreaterThan(0);
    }, 420_000);
  }

  for (const driver of drivers) {
    it(`[${driver}] rolling restart of node${profile.rollingNodes.length > 1 ? 's' : ''} ${profile.rollingNodes.join(', ')} (${profile.rollingDrain ? 'drain, ' : ''}SIGTERM, start) under idempotent QUORUM load: no error`, async () => {
      const c = await client(driver, options(driver === 'cassandra-rx' ? 'rolling_rx' : 'rolling_peer'));
      const f = await rollingRestartUnderLoad(harness, c, {
        nodes: profile.rollingNodes, drain: profile.rollingDrain, concurrency: 32, windowMs: profile.throughputWindowMs, poolBoundMs: 30_000,
      });
      results.add({
        scenario: `rolling restart of ${profile.rollingNodes.length} node(s), QUORUM writes + reads`, driver,
        figures: {
          requests: f.requests, failed: f.failed, acked: f.acked, 'wrong answers': f.wrongAnswers, 'max ms (timeout 2000)': f.maxDurationMs,
          'ops/s before': f.throughputBefore, 'ops/s during': f.throughputDuring, 'slowest second': f.slowestSecond, 'ops/s after': f.throughputAfter,
          'restarts s': Math.round(f.elapsedMs / 1000),
          'drain ms': f.restarts.map((r) => r.drainMs).join(' / '),
          'down after stop began ms': f.restarts.map((r) => r.downAfterStopMs ?? 'none').join(' / '),
          'pool after UN ms': f.restarts.map((r) => r.poolAfterUpMs).join(' / '),
          'boot s': f.restarts.map((r) => Math.round(r.bootMs / 1000)).join(' / '),
          errors: JSON.stringify(f.errors), 'first error': f.firstError,
        },
      });
      if (driver !== 'cassandra-rx') return;
      expect(f.restarts.map((r) => r.node)).toEqual(profile.rollingNodes);
      expect(f.acked).toBeGreaterThan(0);
      expect(f.failed).toBe(0);
      expect(f.wrongAnswers).toBe(0);
      expect(f.throughputAfter).toBeGreaterThan(0);
    }, 900_000);
  }

  describe('through the fault proxy (address translation to one proxy per node)', () => {
    let proxies: NodeProxies;
    beforeAll(async () => {
      proxies = await NodeProxies.start(harness.contactPoints);
    });
    afterAll(async () => {
      await closeAll();
      await proxies?.close();
    });

    for (const driver of drivers) {
      for (const mode of ['toClient', 'both'] as const) {
        it(`[${driver}] ${mode === 'both' ? 'full' : 'one-way (answers lost)'} partition of a node: heartbeats find it, requests fail over, nothing hangs`, async () => {
          const c = await client(driver, options('reads', { contactPoints: proxies.contactPoints(), translate: proxies.translate }));
          const f = await partitionUnderReads(proxies, c, {
            node: '127.0.0.2', mode, partitionMs: profile.partitionMs, concurrency: 32, keys: READ_KEYS, timeoutMs: REQUEST_TIMEOUT_MS,
            downBoundMs: HEARTBEAT_INTERVAL_MS + HEARTBEAT_TIMEOUT_MS + 5000, upBoundMs: 20_000,
          });
          results.add({
            scenario: `${mode === 'both' ? 'full' : 'one-way'} partition ${profile.partitionMs / 1000} s, reads at ONE`, driver,
            figures: {
              'down after ms': f.downAfterMs, 'up after heal ms': f.upAfterHealMs, requests: f.requests, failed: f.failed,
              'max ms (timeout 2000)': f.maxDurationMs, 'over timeout+1s': f.overdue, 'wrong answers': f.wrongAnswers, 'in flight after': f.inFlightAfter, errors: JSON.stringify(f.errors), 'first error': f.firstError,
            },
          });
          if (driver !== 'cassandra-rx') return;
          expect(f.droppedBytes).toBeGreaterThan(0);
          expect(f.downAfterMs).not.toBeNull();
          expect(f.downAfterMs ?? Infinity).toBeLessThanOrEqual(HEARTBEAT_INTERVAL_MS + HEARTBEAT_TIMEOUT_MS + 2000);
          expect(f.failed).toBe(0);
          expect(f.overdue).toBe(0);
          expect(f.wrongAnswers).toBe(0);
          expect(f.upAfterHealMs).not.toBeNull();
          // Attempts every 500 ms, each bounded to 2 s: a fresh one starts within about a second of healing.
          expect(f.upAfterHealMs ?? Infinity).toBeLessThanOrEqual(5000);
          expect(f.inFlightAfter).toBe(0);
        }, 180_000);
      }
    }

    // Ours only: cassandra-driver 4.10 crashed the process here (an 'error' event without a
    // listener: "RangeError: Trying to access beyond buffer length" from its frame parser reading
    // a cut ERROR frame), so it cannot be run to the end; see docs/reliability.md.
    for (const driver of drivers.filter((d) => d === 'cassandra-rx')) {
      it(`[${driver}] connections cut mid-frame at random for ${profile.resetsMs / 1000} s: no misrouted answer, typed errors only`, async () => {
        const c = await client(driver, options('reads', { contactPoints: proxies.contactPoints(), translate: proxies.translate }));
        const f = await resetsUnderReads(proxies, c, {
          durationMs: profile.resetsMs, concurrency: 32, keys: READ_KEYS,
          typed: (e) => (driver === 'cassandra-rx' ? e instanceof DriverError : e instanceof Error && e.name !== 'Error' && e.name !== 'TypeError'),
        });
        results.add({
          scenario: `random mid-frame cuts ${profile.resetsMs / 1000} s, reads at ONE`, driver,
          figures: {
            cuts: f.cuts, requests: f.requests, failed: f.failed, 'untyped errors': f.untyped, 'wrong answers': f.wrongAnswers,
            'in flight after': f.inFlightAfter, errors: JSON.stringify(f.errors), 'first error': f.firstError,
          },
        });
        if (driver !== 'cassandra-rx') return;
        expect(f.cuts).toBeGreaterThan(0);
        expect(f.requests).toBeGreaterThan(f.cuts);
        expect(f.untyped).toBe(0);
        expect(f.wrongAnswers).toBe(0);
        expect(f.inFlightAfter).toBe(0);
      }, 180_000);
    }
  });
});
