/**
 * Issue 18, soak: `npm run soak` (SOAK=1; SOAK_MINUTES, default 10) runs a mixed load against the
 * real cluster — prepared reads and writes, paged reads, batches, 1% cancelled mid-flight and 1%
 * given a timeout too short to meet — and samples the heap after a full GC, the open handles and
 * the in-flight gauge every 10 s. Asserted: the heap after GC stays within ±10% of its minute-2
 * value to the end, the open handles after the load are no more than before it, and nothing is in
 * flight at the end. The ±10% is of the whole jest worker's heap (~370 MB; a jest worker running
 * a spec that does nothing holds 294 MB after GC: jest and ts-jest), so a slow leak could hide in
 * it: the growth from minute 2 to the end is also bounded per request completed meanwhile
 * (≤ 16 bytes: a leak of one small object per request would exceed it). The curve goes to bench/results/soak.{json,md}. Skipped unless SOAK=1.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { firstValueFrom, type Subscription } from 'rxjs';
import { Cluster, Consistency, OperationTimedOutError, type PreparedStatement, type Session } from '../../lib';
import { contactPoints, ensurePlainCluster } from '../support/cassandra/ensure-cluster';
import { exposeGc } from '../support/gc';
import { Load } from '../chaos/load';

const enabled = process.env['SOAK'] === '1';
const minutes = Number(process.env['SOAK_MINUTES'] ?? '10');
const SAMPLE_MS = 10_000;
/** Heap growth allowed from minute 2 to the end, per request completed meanwhile. */
const MAX_GROWTH_BYTES_PER_REQUEST = 16;
const maybe = enabled ? describe : describe.skip;

interface Sample {
  readonly atS: number;
  readonly heapMB: number;
  readonly handles: number;
  readonly inFlight: number;
  readonly opsPerS: number;
  /** Requests completed since the start. */
  readonly ok: number;
}

const handles = (): number => process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap').length;

maybe(`soak: ${minutes} min of mixed load`, () => {
  let cluster: Cluster;
  let session: Session;
  const ks = `soak_${Date.now().toString(36)}`;

  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints() });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${ks} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`CREATE TABLE ${ks}.kv (k int PRIMARY KEY, v text)`));
    await firstValueFrom(session.execute(`CREATE TABLE ${ks}.wide (p int, c int, v text, PRIMARY KEY (p, c))`));
    const ins = await firstValueFrom(session.prepare(`INSERT INTO ${ks}.wide (p, c, v) VALUES (?, ?, ?)`));
    for (let c = 0; c < 2000; c += 100) {
      await Promise.all(Array.from({ length: 100 }, (_, j) => firstValueFrom(session.execute(ins, [1, c + j, `row-${c + j}`]))));
    }
  }, 300_000);

  afterAll(async () => {
    await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${ks}`)).catch(() => undefined);
    await cluster?.shutdown();
  }, 120_000);

  it('keeps the heap after GC flat, leaks no handle, and ends with nothing in flight', async () => {
    const gc = exposeGc();
    const write: PreparedStatement = await firstValueFrom(session.prepare(`INSERT INTO ${ks}.kv (k, v) VALUES (?, ?)`));
    const read: PreparedStatement = await firstValueFrom(session.prepare(`SELECT v FROM ${ks}.kv WHERE k = ?`));
    const page = `SELECT c, v FROM ${ks}.wide WHERE p = 1`;
    let cancelled = 0;
    let timedOut = 0;
    const op = async (i: number): Promise<void> => {
      const k = i % 10_000;
      const kind = i % 100;
      if (kind === 0) {
        // 1%: unsubscribed mid-flight.
        cancelled++;
        await new Promise<void>((resolve) => {
          const sub: Subscription = session.execute(read, [k]).subscribe({ error: () => resolve(), complete: () => resolve() });
          setTimeout(() => { sub.unsubscribe(); resolve(); }, i % 3);
        });
      } else if (kind === 1) {
        // 1%: a timeout it cannot meet.
        await firstValueFrom(session.stream(page, [], { fetchSize: 100, timeoutMs: 1 })).catch((e: unknown) => {
          if (!(e instanceof OperationTimedOutError)) throw e;
          timedOut++;
        });
      } else if (kind < 6) {
        let rows = 0;
        for await (const _row of session.iterate(page, [], { fetchSize: 500 })) rows++;
        if (rows !== 2000) throw new Error(`paged read returned ${rows} rows, not 2000`);
      } else if (kind < 10) {
        await firstValueFrom(session.batch([
          write.bind([k, `b-${i}`]),
          write.bind([(k + 1) % 10_000, `b-${i}`]),
        ], { type: 'unlogged' }));
      } else if (kind < 55) {
        await firstValueFrom(session.execute(write, [k, `v-${i}`], { consistency: Consistency.ONE }));
      } else {
        await firstValueFrom(session.execute(read, [k]));
      }
    };
    gc();
    const handlesBefore = handles();
    const durationMs = minutes * 60_000;
    const load = new Load({ concurrency: 32, maxOps: 100_000_000, maxMs: durationMs, op });
    const start = Date.now();
    const samples: Sample[] = [];
    let lastOps = 0;
    while (Date.now() - start < durationMs) {
      await new Promise((r) => setTimeout(r, SAMPLE_MS));
      gc();
      const ops = load.successes;
      samples.push({
        atS: Math.round((Date.now() - start) / 1000),
        heapMB: Math.round((process.memoryUsage().heapUsed / 2 ** 20) * 10) / 10,
        handles: handles(),
        inFlight: cluster.metrics().inFlight,
        opsPerS: Math.round(((ops - lastOps) * 1000) / SAMPLE_MS),
        ok: ops,
      });
      lastOps = ops;
      const s = samples[samples.length - 1] as Sample;
      process.stdout.write(`soak ${s.atS}s heap ${s.heapMB} MB handles ${s.handles} in flight ${s.inFlight} ops/s ${s.opsPerS}\n`);
    }
    const summary = await load.stop();
    await new Promise((r) => setTimeout(r, 1000));
    gc();
    const handlesAfter = handles();
    const inFlightEnd = cluster.metrics().inFlight;
    const fromMinute2 = samples.filter((s) => s.atS >= 120);
    const first = fromMinute2[0] ?? samples[0];
    const last = samples[samples.length - 1];
    if (first === undefined || last === undefined) throw new Error('soak: no sample taken');
    const base = first.heapMB;
    const growthPerRequest = ((last.heapMB - base) * 2 ** 20) / Math.max(1, last.ok - first.ok);
    const dir = path.join(__dirname, '..', '..', 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'soak.json'), JSON.stringify({
      minutes, summary, cancelled, timedOut, handlesBefore, handlesAfter, inFlightEnd, growthPerRequest, samples,
    }, null, 2));
    fs.writeFileSync(path.join(dir, 'soak.md'), ['| s | heap after GC MB | handles | in flight | ops/s |', '|---|---|---|---|---|',
      ...samples.map((s) => `| ${s.atS} | ${s.heapMB} | ${s.handles} | ${s.inFlight} | ${s.opsPerS} |`)].join('\n') + '\n');
    process.stdout.write(`soak: ${summary.succeeded} ok, ${summary.failed} failed ${JSON.stringify(summary.errors)}, ${cancelled} cancelled, ${timedOut} timed out, handles ${handlesBefore} → ${handlesAfter}, `
      + `heap ${base} → ${last.heapMB} MB from minute 2 (${growthPerRequest.toFixed(2)} bytes per request)\n`);
    expect(summary.failed).toBe(0);
    expect(timedOut).toBeGreaterThan(0);
    for (const s of fromMinute2) {
      expect(s.heapMB).toBeGreaterThanOrEqual(base * 0.9);
      expect(s.heapMB).toBeLessThanOrEqual(base * 1.1);
    }
    expect(growthPerRequest).toBeLessThanOrEqual(MAX_GROWTH_BYTES_PER_REQUEST);
    expect(handlesAfter).toBeLessThanOrEqual(handlesBefore);
    expect(inFlightEnd).toBe(0);
  }, (minutes + 5) * 60_000);
});
