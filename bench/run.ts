/**
 * `npm run bench`: every scenario for both drivers (cassandra-rx and cassandra-driver 4.x) in one
 * run, each measurement in its own child process (fair CPU accounting), medians of BENCH_RUNS runs.
 * Prints ratio tables (ours / theirs) and writes raw figures to bench/results/<timestamp>.json.
 *
 * Env: BENCH_SECONDS (measured seconds per point, default 2), BENCH_WARMUP (default 0.5),
 * BENCH_RUNS (default 3), BENCH_SCENARIOS (e.g. "1,5"; default all but 4t), BENCH_CASSANDRA
 * (default 127.0.0.1:9042), BENCH_PAGE_ROWS (bench-server paging rows, default 1,000,000),
 * BENCH_LINK_MBIT (scenario 4t: the link's bandwidth each way, default 100).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { LoadFigures, Task } from './clients/common';
import { runChild, startBenchServer, type BenchServer } from './processes';
import { canConnect } from '../spec/support/cassandra/wait';
import { FaultProxy } from '../spec/support/fault-proxy/fault-proxy';
import { aggregate, find, fmt, median, ratio, say, spread, table, type Agg } from './tables';
import { FORM_CONFIGS, formsTable } from './forms';

const OUT = __dirname; // bench/.out/bench
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 2);
const WARMUP = Number(process.env['BENCH_WARMUP'] ?? 0.5);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const ONLY = (process.env['BENCH_SCENARIOS'] ?? '1,2,3,4,5').split(',').map((s) => s.trim());
const [CASS_HOST, CASS_PORT] = (process.env['BENCH_CASSANDRA'] ?? '127.0.0.1:9042').split(':') as [string, string];
const LEVELS = (process.env['BENCH_LEVELS'] ?? '1,32,256,1024').split(',').map(Number);
/** Scenario-1 configurations to run (default all): rx5, rx4, ds, raw4, raw5 and the user forms (bench/forms.ts: rx5p, rx5a, rx5ad, dsa, dsad). */
const CONFIGS = (process.env['BENCH_CONFIGS'] ?? ['rx5', 'rx4', 'ds', 'raw4', 'raw5', ...FORM_CONFIGS.map((f) => f.name)].join(',')).split(',');
const CHILD_TIMEOUT_MS = 15 * 60_000;
/** Scenario 4t: bandwidth of the throttled link, each way, in Mbit/s. */
const LINK_MBIT = Number(process.env['BENCH_LINK_MBIT'] ?? 100);

type Client = 'rx' | 'datastax' | 'raw' | 'load';
const SCRIPT: Record<Client, string> = {
  rx: 'clients/rx-client.js', datastax: 'clients/datastax-client.js', raw: 'clients/raw-client.js', load: 'clients/load-rows.js',
};


/** Runs one client child to completion and returns what it reported. */
function child<T>(client: Client, task: Partial<Task>, extraArgs: string[] = []): Promise<T> {
  return runChild<T>(path.join(OUT, SCRIPT[client]), { BENCH_TASK: JSON.stringify(task) }, `${client} ${task.scenario ?? ''}`, extraArgs, CHILD_TIMEOUT_MS);
}

type Server = BenchServer;

function startServer(): Promise<Server> {
  return startBenchServer(OUT);
}

function stopServer(s: Server): Promise<void> {
  return new Promise((resolve) => {
    s.proc.removeAllListeners('exit');
    s.proc.once('exit', () => resolve());
    s.proc.kill('SIGTERM');
  });
}

async function runs<T>(n: number, f: (run: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let r = 0; r < n; r++) out.push(await f(r));
  return out;
}

const base = { seconds: SECONDS, warmupSeconds: WARMUP, compression: 'none' as const };

async function scenarioOverhead(results: Record<string, unknown>): Promise<void> {
  const server = await startServer();
  try {
    const common = { ...base, scenario: 'overhead' as const, host: server.host, port: server.port, inFlight: LEVELS };
    const all: LoadFigures[][] = [];
    const want1 = ONLY.includes('1');
    const want5 = ONLY.includes('5');
    for (let r = 0; r < RUNS; r++) {
      say(`  scenario 1/5 run ${r + 1}/${RUNS}...`);
      if (want1) {
        if (CONFIGS.includes('rx5')) all.push(await child<LoadFigures[]>('rx', { ...common, version: 5 }));
        if (CONFIGS.includes('rx4')) all.push(await child<LoadFigures[]>('rx', { ...common, version: 4 }));
        if (CONFIGS.includes('ds')) all.push(await child<LoadFigures[]>('datastax', { ...common, version: 4 }));
        if (process.env['BENCH_LZ4'] === '1') all.push(await child<LoadFigures[]>('rx', { ...common, version: 5, compression: 'lz4' }));
        for (const f of FORM_CONFIGS) if (CONFIGS.includes(f.name)) all.push(await child<LoadFigures[]>(f.client, { ...common, version: 4, ...f.task }));
      }
      if (want5) {
        if (CONFIGS.includes('raw4')) all.push(await child<LoadFigures[]>('raw', { ...common, version: 4 }));
        if (CONFIGS.includes('raw5')) all.push(await child<LoadFigures[]>('raw', { ...common, version: 5 }));
      }
    }
    const aggs = aggregate(all);
    results['overhead'] = { raw: all, medians: aggs };
    say('\nScenario 1: driver overhead against the bench server (precomputed answers, separate process), prepared SELECT by key, 1 row');
    say('ours runs at v5 (its best setting, no compression on loopback) and at v4 (apples to apples); cassandra-driver speaks at most v4.');
    table(['in flight', 'rx v5 req/s', 'rx v4 req/s', 'datastax v4 req/s', 'v5/ds', 'v4/ds', 'CPU µs/req rx v5 / v4 / ds', 'CPU v5/ds', 'p50 µs rx v5 / ds', 'p99 µs rx v5 / ds', 'raw v5 req/s', 'rx v5 / raw v5', 'spread % (v5, ds)'],
      LEVELS.map((n) => {
        const a = find(aggs, 'rx v5', n); const b = find(aggs, 'rx v4', n); const d = find(aggs, 'datastax v4', n); const raw = find(aggs, 'raw v5', n);
        return [String(n), fmt(a?.throughput), fmt(b?.throughput), fmt(d?.throughput), ratio(a?.throughput, d?.throughput), ratio(b?.throughput, d?.throughput),
          `${fmt(a?.cpuUsPerRequest, 1)} / ${fmt(b?.cpuUsPerRequest, 1)} / ${fmt(d?.cpuUsPerRequest, 1)}`, ratio(a?.cpuUsPerRequest, d?.cpuUsPerRequest),
          `${fmt(a?.p50Us)} / ${fmt(d?.p50Us)}`, `${fmt(a?.p99Us)} / ${fmt(d?.p99Us)}`, fmt(raw?.throughput), ratio(a?.throughput, raw?.throughput),
          `${fmt(a?.spreadPct)}, ${fmt(d?.spreadPct)}`];
      }));
    if (want1 && FORM_CONFIGS.some((f) => CONFIGS.includes(f.name))) formsTable(aggs, LEVELS);
    if (want5) {
      say('\nScenario 5: the physical limit — raw socket client pipelining precomputed EXECUTE frames (same server)');
      table(['in flight', 'raw v4 req/s', 'raw v5 req/s', 'CPU µs/req v4 / v5', 'p50 µs v4 / v5', 'p99 µs v4 / v5', 'rx v4 / raw v4', 'rx v5 / raw v5', 'ds / raw v4'],
        LEVELS.map((n) => {
          const r4 = find(aggs, 'raw v4', n); const r5 = find(aggs, 'raw v5', n);
          return [String(n), fmt(r4?.throughput), fmt(r5?.throughput), `${fmt(r4?.cpuUsPerRequest, 2)} / ${fmt(r5?.cpuUsPerRequest, 2)}`,
            `${fmt(r4?.p50Us)} / ${fmt(r5?.p50Us)}`, `${fmt(r4?.p99Us)} / ${fmt(r5?.p99Us)}`,
            ratio(find(aggs, 'rx v4', n)?.throughput, r4?.throughput), ratio(find(aggs, 'rx v5', n)?.throughput, r5?.throughput),
            ratio(find(aggs, 'datastax v4', n)?.throughput, r4?.throughput)];
        }));
    }
  } finally {
    await stopServer(server);
  }
}

async function scenarioReal(results: Record<string, unknown>): Promise<void> {
  const common = { ...base, scenario: 'real' as const, host: CASS_HOST, port: Number(CASS_PORT), inFlight: [256] };
  const all: LoadFigures[][] = [];
  const configs: Array<[Client, Partial<Task>, string]> = [['rx', { version: 5 }, 'rx v5'], ['rx', { version: 4 }, 'rx v4'], ['datastax', { version: 4 }, 'ds v4']];
  // The node's JIT and caches warm up under the first load it sees: one unmeasured pass of every
  // client first, then the order rotates per run so no client is always first.
  say('  scenario 2 warm-up (unmeasured)...');
  for (const [c, t] of configs) await child<LoadFigures[]>(c, { ...common, ...t });
  for (let r = 0; r < RUNS; r++) {
    say(`  scenario 2 run ${r + 1}/${RUNS}...`);
    for (const [c, t, label] of rotate(configs, r)) {
      all.push((await child<LoadFigures[]>(c, { ...common, ...t })).map((f) => ({ ...f, label: `${label} ${f.label}` })));
    }
  }
  const aggs = aggregate(all);
  results['real'] = { raw: all, medians: aggs };
  say('\nScenario 2: real Cassandra (the harness default version), one node (shares the 2 cores with this client), prepared statements, 256 in flight');
  table(['op', 'rx v5 req/s', 'rx v4 req/s', 'datastax v4 req/s', 'v5/ds', 'v4/ds', 'p50 ms rx v5 / v4 / ds', 'p99 ms rx v5 / v4 / ds', 'CPU µs/req v5 / ds', 'spread % (v5, ds)'],
    ['insert', 'select'].map((op) => {
      const a = find(aggs, `rx v5 ${op}`, 256); const b = find(aggs, `rx v4 ${op}`, 256); const d = find(aggs, `ds v4 ${op}`, 256);
      const ms = (x: Agg | undefined, k: 'p50Us' | 'p99Us'): string => fmt(x ? x[k] / 1000 : undefined, 1);
      return [op, fmt(a?.throughput), fmt(b?.throughput), fmt(d?.throughput), ratio(a?.throughput, d?.throughput), ratio(b?.throughput, d?.throughput),
        `${ms(a, 'p50Us')} / ${ms(b, 'p50Us')} / ${ms(d, 'p50Us')}`, `${ms(a, 'p99Us')} / ${ms(b, 'p99Us')} / ${ms(d, 'p99Us')}`,
        `${fmt(a?.cpuUsPerRequest)} / ${fmt(d?.cpuUsPerRequest)}`, `${fmt(a?.spreadPct)}, ${fmt(d?.spreadPct)}`];
    }));
}

type PageFigures = Record<string, number>;

async function scenarioPaging(results: Record<string, unknown>, cassandra: boolean): Promise<void> {
  const sources: { name: string; host: string; port: number; server?: Server }[] = [];
  if (cassandra) {
    say('  scenario 3: loading 1M rows into Cassandra if not yet there...');
    const load = await child<{ loaded: boolean; seconds: number }>('load', {});
    say(`  ${load.loaded ? `loaded in ${load.seconds.toFixed(0)} s` : 'already loaded'}`);
    sources.push({ name: 'cassandra', host: CASS_HOST, port: Number(CASS_PORT) });
  }
  const server = await startServer();
  sources.push({ name: 'bench server', host: server.host, port: server.port, server });
  const out: Record<string, { rx: PageFigures[]; rxV4: PageFigures[]; rxPre: PageFigures[]; ds: PageFigures[] }> = {};
  try {
    for (const s of sources) {
      const common = { ...base, scenario: 'paging' as const, host: s.host, port: s.port, inFlight: [] };
      const f = { rx: [] as PageFigures[], rxV4: [] as PageFigures[], rxPre: [] as PageFigures[], ds: [] as PageFigures[] };
      const configs: Array<[Client, Partial<Task>, keyof typeof f]> = [
        ['rx', { version: 5 }, 'rx'], ['rx', { version: 4 }, 'rxV4'], ['rx', { version: 5, prefetchPages: 1 }, 'rxPre'], ['datastax', { version: 4 }, 'ds'],
      ];
      await runs(RUNS, async (r) => {
        say(`  scenario 3 (${s.name}) run ${r + 1}/${RUNS}...`);
        for (const [c, t, key] of rotate(configs, r)) f[key].push(await child<PageFigures>(c, { ...common, ...t }));
      });
      out[s.name] = f;
    }
  } finally {
    await stopServer(server);
  }
  results['paging'] = out;
  say('\nScenario 3: stream 1M rows (p int, c int, v text), fetch size 5,000; peak RSS / heap sampled every 5 ms and every 1,024 rows');
  const m = (xs: PageFigures[], k: string): number => median(xs.map((x) => x[k] ?? 0));
  say('ours at v5 and v4 with the default (next page requested once the current one was delivered), and at v5 with prefetchPages: 1');
  table(['source', 'rows', 'rx v5 rows/s', 'rx v4 rows/s', 'rx v5 prefetch rows/s', 'datastax v4 rows/s', 'v5/ds', 'v5 prefetch/ds', 'peak heap MB rx v5 / prefetch / ds', 'peak RSS MB rx v5 / ds', 'CPU µs/row v5 / ds', 'spread % (v5, ds)'],
    Object.entries(out).map(([name, f]) => [name, fmt(m(f.rx, 'rows')), fmt(m(f.rx, 'rowsPerSecond')), fmt(m(f.rxV4, 'rowsPerSecond')), fmt(m(f.rxPre, 'rowsPerSecond')), fmt(m(f.ds, 'rowsPerSecond')),
      ratio(m(f.rx, 'rowsPerSecond'), m(f.ds, 'rowsPerSecond')), ratio(m(f.rxPre, 'rowsPerSecond'), m(f.ds, 'rowsPerSecond')),
      `${fmt(m(f.rx, 'peakHeapMB'), 1)} / ${fmt(m(f.rxPre, 'peakHeapMB'), 1)} / ${fmt(m(f.ds, 'peakHeapMB'), 1)}`,
      `${fmt(m(f.rx, 'peakRssMB'), 1)} / ${fmt(m(f.ds, 'peakRssMB'), 1)}`, `${fmt(m(f.rx, 'cpuUsPerRow'), 2)} / ${fmt(m(f.ds, 'cpuUsPerRow'), 2)}`,
      `${fmt(spread(f.rx.map((x) => x['rowsPerSecond'] ?? 0)))}, ${fmt(spread(f.ds.map((x) => x['rowsPerSecond'] ?? 0)))}`]));
}

/** `list` rotated left by `r` (run r starts with a different client). */
function rotate<T>(list: readonly T[], r: number): T[] {
  const k = r % list.length;
  return [...list.slice(k), ...list.slice(0, k)];
}

/**
 * Scenario 4, and 4t with `link`: the same through a fault proxy that limits the bandwidth each
 * way to `link` Mbit/s (the clients reach the node through it: contact point and address translation).
 */
async function scenarioCompression(results: Record<string, unknown>, link?: number): Promise<void> {
  const node = { host: CASS_HOST, port: Number(CASS_PORT) };
  const proxy = link === undefined ? null : await FaultProxy.start({ target: node });
  proxy?.set({ bytesPerSecond: ((link ?? 0) * 1e6) / 8 });
  try {
    await compressionRuns(results, proxy === null ? {} : { host: proxy.host, port: proxy.port, translate: { from: `${node.host}:${node.port}`, to: proxy.endpoint } }, link);
  } finally {
    await proxy?.close();
  }
}

/** `via`: the proxy's endpoint and address translation for the clients (none: straight to the node). */
async function compressionRuns(results: Record<string, unknown>, via: Partial<Task>, link?: number): Promise<void> {
  const common = { ...base, scenario: 'compression' as const, host: CASS_HOST, port: Number(CASS_PORT), inFlight: [8], sizes: [1024, 10240, 102400], ...via };
  const name = link === undefined ? '4' : '4t';
  const all: LoadFigures[][] = [];
  for (let r = 0; r < RUNS; r++) {
    say(`  scenario ${name} run ${r + 1}/${RUNS}...`);
    // A failed child (the shared node restarted, timeouts) loses its run only; medians use the rest.
    const tryRun = async (c: Client, t: Partial<Task>, prefix: string): Promise<void> => {
      try {
        all.push((await child<LoadFigures[]>(c, t)).map((f) => ({ ...f, label: `${prefix} ${f.label}` })));
      } catch (e) {
        say(`  ${prefix} run ${r + 1} failed: ${(e as Error).message.split('\n')[0] ?? ''}`);
      }
    };
    const configs: Array<[Client, Partial<Task>, string]> = [
      ['rx', { version: 5, compression: 'lz4', lz4: 'native' }, 'lz4'], ['rx', { version: 5, compression: 'lz4', lz4: 'js' }, 'lz4js'], ['rx', { version: 5, compression: 'none' }, 'none'], ['rx', { version: 5, compression: 'none', crc: 'zlib' }, 'nonezlib'],
      ['rx', { version: 4, compression: 'none' }, 'v4none'], ['datastax', { version: 4 }, 'ds'],
    ];
    for (const [c, t, prefix] of rotate(configs, r)) await tryRun(c, { ...common, ...t }, prefix);
  }
  const aggs = aggregate(all);
  results[link === undefined ? 'compression' : 'compressionLink'] = { raw: all, medians: aggs, ...(link === undefined ? {} : { linkMbit: link }) };
  say(`\nScenario ${name}: compression on real Cassandra${link === undefined ? '' : `, through a ${link} Mbit/s link each way (fault proxy)`}, 8 in flight, compressible text-like blobs (~3:1); rx at v5 with LZ4 segments, v5 uncompressed and v4 uncompressed; datastax v4 uncompressed (its LZ4 needs an optional package)`);
  const rows: string[][] = [];
  for (const size of common.sizes) for (const op of ['insert', 'select']) {
    const l = find(aggs, `lz4 ${op} ${size}`, 8); const n = find(aggs, `none ${op} ${size}`, 8); const d = find(aggs, `ds ${op} ${size}`, 8);
    const n4 = find(aggs, `v4none ${op} ${size}`, 8);
    const j = find(aggs, `lz4js ${op} ${size}`, 8);
    const wire = (x: Agg | undefined): string => `${fmt(x?.extra?.['bytesSentPerRequest'])} / ${fmt(x?.extra?.['bytesReceivedPerRequest'])}`;
    rows.push([`${op} ${size / 1024} KB`, fmt(l?.throughput), fmt(j?.throughput), `${fmt(l?.cpuUsPerRequest)} / ${fmt(j?.cpuUsPerRequest)} / ${fmt(n?.cpuUsPerRequest)}`, fmt(n?.throughput), fmt(n4?.throughput), fmt(d?.throughput), ratio(l?.throughput, n?.throughput), ratio(n?.throughput, d?.throughput),
      ratio(n4?.throughput, d?.throughput),
      `${fmt(l?.p99Us ? l.p99Us / 1000 : undefined, 1)} / ${fmt(n?.p99Us ? n.p99Us / 1000 : undefined, 1)} / ${fmt(d?.p99Us ? d.p99Us / 1000 : undefined, 1)}`,
      wire(l), wire(n), `${fmt(l?.errors)} / ${fmt(n?.errors)} / ${fmt(d?.errors)}`]);
  }
  table(['op', 'rx lz4 native req/s', 'rx lz4js req/s', 'CPU µs/req native / lz4js / none', 'rx none req/s', 'rx v4 none req/s', 'datastax req/s', 'lz4/none', 'rx none/ds', 'rx v4 none/ds', 'p99 ms lz4 / none / ds', 'wire B/req out / in (lz4)', 'wire B/req out / in (none)', 'server errors lz4 / none / ds'], rows);
  say(`\nScenario ${name}, v5 against v4 (ours, uncompressed): the CRC-32 of large v5 payloads by @node-rs/crc32 (default when installed) and by zlib`);
  const v5rows = common.sizes.flatMap((size) => ['insert', 'select'].map((op) => {
    const n = find(aggs, `none ${op} ${size}`, 8); const z = find(aggs, `nonezlib ${op} ${size}`, 8); const n4 = find(aggs, `v4none ${op} ${size}`, 8);
    return [`${op} ${size / 1024} KB`, fmt(n?.throughput), fmt(z?.throughput), fmt(n4?.throughput), ratio(n?.throughput, n4?.throughput), ratio(z?.throughput, n4?.throughput),
      `${fmt(n?.cpuUsPerRequest)} / ${fmt(z?.cpuUsPerRequest)} / ${fmt(n4?.cpuUsPerRequest)}`];
  }));
  table(['op', 'v5 req/s', 'v5 zlib CRC req/s', 'v4 req/s', 'v5/v4', 'v5 zlib/v4', 'CPU µs/req v5 / v5 zlib / v4'], v5rows);
}

async function main(): Promise<void> {
  const results: Record<string, unknown> = {
    startedAt: new Date().toISOString(), node: process.version, cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model,
    loadavg: os.loadavg(), seconds: SECONDS, warmup: WARMUP, runs: RUNS, scenarios: ONLY,
  };
  say(`cassandra-rx bench: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, node ${process.version}, ${RUNS} runs × ${SECONDS} s (+${WARMUP} s warm-up) per point, load avg ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}`);
  const cassandra = await canConnect(CASS_HOST, Number(CASS_PORT));
  if (!cassandra) say(`No Cassandra on ${CASS_HOST}:${CASS_PORT}: scenarios 2 and 4 skipped, scenario 3 from the bench server only (start one with \`npm run cassandra -- start\`).`);
  const failures: string[] = [];
  const attempt = async (name: string, f: () => Promise<void>): Promise<void> => {
    try { await f(); } catch (e) { failures.push(`${name}: ${(e as Error).message}`); say(`!! ${name} failed: ${(e as Error).message}`); }
  };
  if (ONLY.includes('1') || ONLY.includes('5')) await attempt('scenario 1/5', () => scenarioOverhead(results));
  if (ONLY.includes('2') && cassandra) await attempt('scenario 2', () => scenarioReal(results));
  if (ONLY.includes('3')) await attempt('scenario 3', () => scenarioPaging(results, cassandra));
  if (ONLY.includes('4') && cassandra) await attempt('scenario 4', () => scenarioCompression(results));
  if (ONLY.includes('4t') && cassandra) await attempt('scenario 4t', () => scenarioCompression(results, LINK_MBIT));
  results['failures'] = failures;
  results['loadavgAfter'] = os.loadavg();
  const dir = path.resolve(OUT, '../../results');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, JSON.stringify(results, null, 2));
  say(`\nRaw figures: ${path.relative(process.cwd(), file)}`);
  if (failures.length) process.exitCode = 1;
}

main().catch((e: unknown) => {
  process.stderr.write(`bench failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exit(1);
});
