/**
 * Live-connection fuzz (issue 18, item 4): a scripted node answers a Session's requests with
 * mutated frames (mutated before framing: a well-formed v5 segment or v4 LZ4 body around a broken
 * frame), mutated bytes on the wire (after framing and compression) and mutated unsolicited
 * frames (stream -1), for v4 and v5, with and without LZ4. The driver must settle every request
 * by its timeout (no hang), fail only with typed errors (DriverError, no TypeError/RangeError
 * anywhere in the cause chain), never crash, replace the connections it gave up on, and serve
 * clean requests afterwards. Time is a fake clock advanced only when requests are still pending
 * after the I/O ran. LIVE_FUZZ_CASES=<n> sets the mutated frames per configuration (default 10,000;
 * `npm run fuzz`: 250,000, so 1,000,000 over the four configurations).
 */
import type { LogEvent } from '../../lib/cluster/cluster-events';
import { DriverError } from '../../lib/errors/driver-error';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import { Opcode, type ProtocolVersion } from '../../lib/protocol/opcodes';
import { FakeClock } from '../support/fake-clock';
import { responseFrame, rowsFrame } from '../support/scripted-server/wire';
import type { ServerConnection } from '../support/scripted-server/server-connection';
import { turns, waitFor } from '../support/wait-for';
import { mulberry32, mutate } from '../protocol/fuzz-mutate';
import { startSession, stopSession, type Setup } from './scripted-session';
import { ioQuiet, untypedInChain } from './live-fuzz-checks';

const CASES = Number(process.env.LIVE_FUZZ_CASES ?? 10_000);
const BATCH = 8;
const TIMEOUT_MS = 1000;
const COLS = [
  { name: 'id', type: { kind: 'int' } as const },
  { name: 'name', type: { kind: 'text' } as const },
  { name: 'tags', type: { kind: 'list', element: { kind: 'text' } } as const },
];

type Plan = 'clean' | 'frame' | 'wire' | 'push';

/**
 * Waits for `cond` by the I/O alone: until it holds or every byte in flight was read (`ioQuiet`)
 * and callbacks ran; when it still does not hold, moves the clock by one request timeout
 * (timeouts, heartbeats, reconnection fire) and waits again, six times at most; then it must
 * hold, else `what` hangs.
 */
async function settle(clock: FakeClock, quiet: () => boolean, cond: () => boolean, what: string): Promise<void> {
  for (let round = 0, checks = 0; round < 6 && checks < 1000 && !cond(); checks++) {
    await waitFor(`I/O quiet while waiting for: ${what}`, () => cond() || quiet());
    await turns(20);
    if (cond() || !quiet()) continue; // new I/O started meanwhile (e.g. a coalesced write)
    clock.advance(TIMEOUT_MS);
    round++;
  }
  await waitFor(what, cond, 100_000);
}

/**
 * One `describe` per configuration. The v4 and v5 configurations are in two spec files so that
 * jest runs them in two workers at once (`npm run fuzz` sends 250,000 mutated frames per configuration).
 */
export function describeLiveFuzz(configs: ReadonlyArray<{ version: ProtocolVersion; lz4: boolean }>): void {
  describe.each(configs)(`live-connection fuzz: ${CASES} mutated frames (v$version, lz4 $lz4)`, ({ version, lz4 }) => {
    let s: Setup | undefined;
    afterEach(() => stopSession(s));

    it('settles every request with a result or a typed error, and replaces the connections it gave up on', async () => {
      const clock = new FakeClock();
      s = await startSession({
        clock, maxProtocolVersion: version, compression: lz4 ? 'lz4' : 'none', reconnection: new ConstantReconnectionPolicy(100),
        pooling: { heartbeatIntervalMs: 30_000, heartbeatTimeoutMs: 12_000 },
      }, { nodesPerDc: [1] });
      const { session, cluster } = s;
      const node = s.sim.first;
      const logs: LogEvent[] = [];
      cluster.log$.subscribe((e) => logs.push(e));
      const acceptedBefore = node.accepted;
      const serverRnd = mulberry32(0xf022 + version * 2 + Number(lz4));
      const clientRnd = mulberry32(0xc11e + version * 2 + Number(lz4));
      const plans = new Map<number, Plan>();
      let mutatedSent = 0;
      const v5Wire = version === 5;
      const quiet = (): boolean => ioQuiet(cluster, node);

      const answer = (i: number, v: ProtocolVersion, stream: number): Buffer =>
        rowsFrame(v, stream, { columns: COLS, rows: [[i, `name-${i}`, Array.from({ length: i % 5 }, (_, k) => `t${k}`)]] });
      const writeMutated = (conn: ServerConnection, frame: Buffer, level: 'frame' | 'wire'): void => {
        if (conn.closed) return;
        mutatedSent++;
        if (level === 'wire') return void conn.socket.write(mutate(conn.wrap(frame), serverRnd, v5Wire ? -1 : 4));
        const bad = mutate(frame, serverRnd);
        let bytes: Buffer;
        try { bytes = conn.wrap(bad); } catch { bytes = bad; }
        conn.socket.write(bytes);
      };
      node.when({
        when: 'FROM fz',
        then: {
          custom: (req, conn) => {
            const i = Number(/k = (\d+)/.exec(req.query ?? '')?.[1]);
            const plan = plans.get(i) ?? 'clean';
            const frame = answer(i, req.version, req.stream);
            if (plan === 'clean') return conn.send(frame);
            if (plan === 'push') {
              const event = responseFrame(req.version, -1, Opcode.Event, (w) => w.string('SCHEMA_CHANGE').string('CREATED').string('KEYSPACE').string(`ks${i}`));
              writeMutated(conn, event, serverRnd() < 0.5 ? 'frame' : 'wire');
              return conn.send(frame);
            }
            writeMutated(conn, frame, plan);
          },
        },
      });

      const failures: string[] = [];
      let next = 0;
      let results = 0;
      let errors = 0;
      const errorKinds = new Map<string, number>();
      while (mutatedSent < CASES && failures.length === 0) {
        let settled = 0;
        const batchPlans: Plan[] = [];
        for (let b = 0; b < BATCH; b++) {
          const i = next++;
          const r = clientRnd();
          const plan: Plan = r < 0.5 ? 'clean' : r < 0.7 ? 'frame' : r < 0.9 ? 'wire' : 'push';
          plans.set(i, plan);
          batchPlans.push(plan);
          session.execute(`SELECT id FROM fz WHERE k = ${i}`, undefined, { timeoutMs: TIMEOUT_MS, attemptTimeoutMs: 0, idempotent: false }).subscribe({
            next: (rs) => {
              results++;
              // Only a mutated answer may carry another id (v4 has no checksum; a stream id can be mutated).
              if (rs.first()?.['id'] !== i && batchPlans.every((p) => p === 'clean')) failures.push(`request ${i} got the answer of ${String(rs.first()?.['id'])}`);
            },
            error: (e: unknown) => {
              settled++;
              errors++;
              const name = e instanceof Error ? e.name : typeof e;
              errorKinds.set(name, (errorKinds.get(name) ?? 0) + 1);
              const untyped = untypedInChain(e);
              if (!(e instanceof DriverError) || untyped) failures.push(`request ${i} (${plan}): ${String(e)}${untyped ? ` caused by ${untyped}` : ''}`);
            },
            complete: () => { settled++; },
          });
        }
        await settle(clock, quiet, () => settled === BATCH, `batch ending with request ${next - 1} settled after its timeout`);
      }
      expect(failures).toEqual([]);
      expect(mutatedSent).toBeGreaterThanOrEqual(CASES);
      if (process.env.FUZZ_REPORT) process.stdout.write(`v${version} lz4=${lz4}: ${JSON.stringify({ requests: next, mutatedSent, results, errors, errorKinds: Object.fromEntries(errorKinds), replaced: node.accepted - acceptedBefore })}\n`);

      // Afterwards the session serves clean requests: the connections it gave up on were replaced. A
      // v4 connection whose frame length was mutated upward waits for bytes that never come; with no
      // traffic the heartbeat (30 s idle, 12 s answer timeout) finds it: let that time pass.
      plans.clear();
      for (let ms = 0; ms < 45_000; ms += 1000) {
        clock.advance(1000);
        await turns(3);
      }
      await settle(clock, quiet, () => cluster.hosts().every((h) => h.state === 'up') && cluster.metrics().openConnections > 0, 'a working pool connection again');
      const clean = Array.from({ length: 20 }, (_, k) => next + k);
      const outcomes = clean.map((i) => new Promise<unknown>((resolve) => session.execute(`SELECT id FROM fz WHERE k = ${i}`, undefined, { timeoutMs: TIMEOUT_MS }).subscribe({
        next: (rs) => resolve(rs.first()?.['id']), error: (e: unknown) => resolve(String(e)),
      })));
      let done = false;
      const all = Promise.all(outcomes).finally(() => { done = true; });
      await settle(clock, quiet, () => done, 'the clean requests settled');
      expect(await all).toEqual(clean);
      await turns(10);
      expect(cluster.metrics().inFlight).toBe(0);
      expect(node.accepted - acceptedBefore).toBeGreaterThan(0);
      expect(logs.some((e) => e.level === 'warn' && /replacing a connection/.test(e.message))).toBe(true);
    }, Math.max(60_000, CASES * 60)); // ~4× the measured 14 ms per mutated frame on a loaded machine
  });
}
