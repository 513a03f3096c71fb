/**
 * `npm run bench:profile`: CPU profile of our scenario-1 client at 256 in flight (BENCH_PROFILE_INFLIGHT;
 * form: BENCH_PROFILE_FORM=object|prepare|await) (v5, or BENCH_PROFILE_VERSION=4) against the bench server, with `node --cpu-prof`, summarised as text:
 * top functions by self time and by total time (file:line). The .cpuprofile stays in
 * bench/results/ (gitignored); the summary is printed and written to bench/results/ too
 * (copy it to bench/profiles/ to keep it). BENCH_PROFILE_SCENARIO=real profiles scenario 2 (real
 * Cassandra on 127.0.0.1:9042) instead. BENCH_PROFILE_CLIENT=otel profiles bench/clients/otel-client.ts
 * in the set-up BENCH_OTEL names (e.g. `sampled`).
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const OUT = __dirname;
const RESULTS = path.resolve(OUT, '../../results');
const VERSION = Number(process.env['BENCH_PROFILE_VERSION'] ?? 5) as 4 | 5;
const CLIENT = process.env['BENCH_PROFILE_CLIENT'] ?? 'rx';
/** In flight (default 256) and scenario-1 form (`object`, `prepare`, `await`; default object). */
const IN_FLIGHT = Number(process.env['BENCH_PROFILE_INFLIGHT'] ?? 256);
const FORM = process.env['BENCH_PROFILE_FORM'] ?? 'object';

interface Node { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }
interface Profile { nodes: Node[]; samples: number[]; timeDeltas: number[] }

function summarise(p: Profile, top = 40): string {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const self = new Map<number, number>();
  p.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (p.timeDeltas[i] ?? 0)));
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const key = (n: Node): string => {
    const file = n.callFrame.url.replace(/^file:\/\//, '').replace(/.*\/(bench\/\.out\/|node_modules\/)/, '$1');
    return `${n.callFrame.functionName || '(anonymous)'} ${file ? `${file}:${n.callFrame.lineNumber + 1}` : ''}`.trim();
  };
  const selfBy = new Map<string, number>();
  const totalBy = new Map<string, number>();
  for (const [id, t] of self) {
    const n = byId.get(id);
    if (!n) continue;
    selfBy.set(key(n), (selfBy.get(key(n)) ?? 0) + t);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = key(byId.get(cur) as Node);
      if (seen.has(k)) continue;
      seen.add(k);
      totalBy.set(k, (totalBy.get(k) ?? 0) + t);
    }
  }
  const lines = (m: Map<string, number>): string[] => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, top)
    .map(([k, t]) => `${((100 * t) / total).toFixed(1).padStart(5)}%  ${(t / 1000).toFixed(0).padStart(6)} ms  ${k}`);
  return [`total sampled: ${(total / 1000).toFixed(0)} ms`, '', 'Top self time:', ...lines(selfBy), '', 'Top total (inclusive) time:', ...lines(totalBy)].join('\n');
}

async function main(): Promise<void> {
  fs.mkdirSync(RESULTS, { recursive: true });
  const server = spawn(process.execPath, [path.join(OUT, 'server/bench-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
  const info = await new Promise<{ host: string; port: number }>((resolve) => {
    let buf = '';
    server.stdout?.on('data', (d: Buffer) => { buf += d.toString(); if (buf.includes('\n')) resolve(JSON.parse(buf.slice(0, buf.indexOf('\n'))) as { host: string; port: number }); });
  });
  const dir = fs.mkdtempSync(path.join(RESULTS, 'prof-'));
  const real = process.env['BENCH_PROFILE_SCENARIO'] === 'real';
  const task = { scenario: real ? 'real' : 'overhead', host: real ? '127.0.0.1' : info.host, port: real ? 9042 : info.port, version: VERSION, compression: 'none', inFlight: [IN_FLIGHT], form: FORM, seconds: Number(process.env['BENCH_SECONDS'] ?? 4), warmupSeconds: 1 };
  const script = path.join(OUT, `clients/${CLIENT === 'datastax' ? 'datastax' : CLIENT === 'otel' ? 'otel' : 'rx'}-client.js`);
  const out = await new Promise<string>((resolve, reject) => {
    const c = spawn(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, script], { env: { ...process.env, BENCH_TASK: JSON.stringify(task) }, stdio: ['ignore', 'pipe', 'inherit'] });
    let s = '';
    c.stdout.on('data', (d: Buffer) => { s += d.toString(); });
    c.on('close', (code) => (code === 0 ? resolve(s) : reject(new Error(`client exited ${code}`))));
  });
  server.kill('SIGTERM');
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
  if (!file) throw new Error('no profile written');
  const summary = `${CLIENT} v${VERSION} ${FORM}, ${IN_FLIGHT} in flight: ${out.trim()}\n\n${summarise(JSON.parse(fs.readFileSync(path.join(dir, file), 'utf8')) as Profile)}\n`;
  const txt = path.join(RESULTS, `profile-${CLIENT}-v${VERSION}-${FORM}-${IN_FLIGHT}-${Date.now()}.txt`);
  fs.writeFileSync(txt, summary);
  process.stdout.write(`${summary}\nprofile: ${path.join(dir, file)}\nsummary: ${txt}\n`);
}

main().catch((e: unknown) => { process.stderr.write(`${String(e)}\n`); process.exit(1); });
