/**
 * Bench child processes: the bench server (answers precomputed frames; prints its address as the
 * first JSON line) and client children, each reporting one `RESULT <json>` line. Shared by
 * `npm run bench` (run.ts) and `npm run bench:otel` (otel.ts).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';

export interface BenchServer { host: string; port: number; proc: ChildProcess }

/** Starts bench/server/bench-server.js from the compiled output folder `out`. */
export function startBenchServer(out: string): Promise<BenchServer> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [path.join(out, 'server/bench-server.js')], { stdio: ['pipe', 'pipe', 'inherit'] });
    let buf = '';
    proc.stdout?.on('data', (d: Buffer) => {
      buf += d.toString();
      const nl = buf.indexOf('\n');
      if (nl >= 0) {
        const info = JSON.parse(buf.slice(0, nl)) as { host: string; port: number };
        resolve({ host: info.host, port: info.port, proc });
      }
    });
    proc.on('exit', (code) => reject(new Error(`bench server exited ${code}`)));
  });
}

/**
 * Runs `script` (with `env` added and `nodeArgs` before it) to completion and returns its RESULT;
 * `label` names it in errors. Killed after `timeoutMs`.
 */
export function runChild<T>(script: string, env: Record<string, string>, label: string, nodeArgs: string[] = [], timeoutMs = 15 * 60_000): Promise<T> {
  return new Promise((resolve, reject) => {
    const p = spawn(process.execPath, [...nodeArgs, script], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    p.stdout.on('data', (d: Buffer) => { out += d.toString(); });
    p.stderr.on('data', (d: Buffer) => { err += d.toString(); });
    const timer = setTimeout(() => p.kill('SIGKILL'), timeoutMs);
    p.on('close', (code) => {
      clearTimeout(timer);
      const line = out.split('\n').find((l) => l.startsWith('RESULT '));
      if (code !== 0 || !line) reject(new Error(`${label} exited ${code}: ${err.trim().slice(-2000)}`));
      else resolve(JSON.parse(line.slice(7)) as T);
    });
  });
}
