/**
 * `npm run bench:otel`: what observability costs per request. Scenario 1 (prepared SELECT at v5
 * against the bench server, no Cassandra needed) with each set-up of bench/clients/otel-client.ts
 * in its own child process, the modes interleaved run after run; medians of BENCH_RUNS (3) runs of
 * BENCH_SECONDS (2) at BENCH_LEVELS in flight (256). Prints CPU µs per request and its ratio to
 * `off`, throughput and p99; raw figures to bench/results/otel-<timestamp>.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import type { LoadFigures, Task } from './clients/common';
import { runChild, startBenchServer } from './processes';

const OUT = path.join(__dirname);
const RUNS = Number(process.env['BENCH_RUNS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 2);
const LEVELS = (process.env['BENCH_LEVELS'] ?? '256').split(',').map(Number);
const MODES = (process.env['BENCH_OTEL_MODES'] ?? 'off,bus,noop,tracing,floor,sampled,metrics,producer,prometheus').split(',');

function client(mode: string, task: Task): Promise<LoadFigures[]> {
  return runChild<LoadFigures[]>(path.join(OUT, 'clients/otel-client.js'), { BENCH_TASK: JSON.stringify(task), BENCH_OTEL: mode }, `otel client ${mode}`);
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const spread = (xs: number[]): number => (Math.max(...xs) - Math.min(...xs)) / median(xs);

async function main(): Promise<void> {
  const server = await startBenchServer(OUT);
  const task: Task = { scenario: 'overhead', host: server.host, port: server.port, version: 5, compression: 'none', inFlight: LEVELS, seconds: SECONDS, warmupSeconds: 0.5 };
  const results: Record<string, LoadFigures[][]> = Object.fromEntries(MODES.map((m) => [m, []]));
  try {
    for (let run = 0; run < RUNS; run++) {
      const order = MODES.map((_, i) => MODES[(i + run) % MODES.length] as string);
      for (const mode of order) (results[mode] as LoadFigures[][]).push(await client(mode, task));
    }
  } finally {
    server.proc.kill('SIGTERM');
  }
  const lines = ['| in flight | set-up | CPU µs/request | × off | spread | requests/s | p99 µs |', '|---|---|---|---|---|---|---|'];
  LEVELS.forEach((level, li) => {
    const cpuOf = (mode: string): number[] => (results[mode] as LoadFigures[][]).map((r) => (r[li] as LoadFigures).cpuUsPerRequest);
    const base = median(cpuOf('off'));
    for (const mode of MODES) {
      const runs = (results[mode] as LoadFigures[][]).map((r) => r[li] as LoadFigures);
      const cpu = median(cpuOf(mode));
      lines.push(`| ${level} | ${mode} | ${cpu.toFixed(1)} | ${(cpu / base).toFixed(2)} | ${(spread(cpuOf(mode)) * 100).toFixed(0)} % | ${median(runs.map((r) => r.throughput)).toFixed(0)} | ${median(runs.map((r) => r.p99Us)).toFixed(0)} |`);
    }
  });
  process.stdout.write(`${lines.join('\n')}\n`);
  const dir = path.join(OUT, '..', '..', 'results');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `otel-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(file, JSON.stringify({ runs: RUNS, seconds: SECONDS, levels: LEVELS, results }, null, 2));
  process.stdout.write(`raw: ${path.relative(process.cwd(), file)}\n`);
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.stack : String(e)}\n`);
  process.exit(1);
});
