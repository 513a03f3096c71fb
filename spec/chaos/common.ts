/**
 * What every chaos scenario shares: the profile (short in `npm test`, full in `npm run chaos`),
 * waiting on wall-clock bounds (chaos runs against real processes, so its bounds are times), a
 * probe for a node's CQL port, and the results table.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';

export interface ChaosProfile {
  readonly name: 'short' | 'full';
  /** Compare with cassandra-driver (full form only). */
  readonly compare: boolean;
  /** Writes in flight in the SIGKILL scenario. */
  readonly writeConcurrency: number;
  /** Throughput measured before the kill and after recovery, ms each. */
  readonly throughputWindowMs: number;
  /** How long a node stays SIGSTOPped. */
  readonly pauseMs: number;
  /** How long each partition lasts. */
  readonly partitionMs: number;
  /** Random mid-frame cuts and resets, ms. */
  readonly resetsMs: number;
  /**
   * Run the control-connection-node kill (full form only: with the rolling restart it would add
   * ~200 s to `npm test`, over its budget; spec/cluster/real/three-nodes.it.spec.ts covers the
   * control connection moving without load there).
   */
  readonly controlKill: boolean;
  /** Nodes restarted in turn in the rolling-restart scenario. */
  readonly rollingNodes: readonly number[];
  /**
   * `nodetool drain` before each SIGTERM (full form). The short form sends SIGTERM alone, whose
   * shutdown hook drains too, and saves the ~20 s a nodetool call takes on the loaded machine.
   */
  readonly rollingDrain: boolean;
}

export const SHORT: ChaosProfile = {
  name: 'short', compare: false, writeConcurrency: 32, throughputWindowMs: 3000, pauseMs: 8000, partitionMs: 6000, resetsMs: 8000,
  controlKill: false, rollingNodes: [3], rollingDrain: false,
};
export const FULL: ChaosProfile = {
  name: 'full', compare: true, writeConcurrency: 48, throughputWindowMs: 10_000, pauseMs: 20_000, partitionMs: 15_000, resetsMs: 30_000,
  controlKill: true, rollingNodes: [1, 2, 3], rollingDrain: true,
};

export function chaosProfile(): ChaosProfile {
  return process.env['CHAOS_PROFILE'] === 'full' ? FULL : SHORT;
}

/** Driver settings every scenario uses (both drivers get the same). */
export const HEARTBEAT_INTERVAL_MS = 1000;
export const HEARTBEAT_TIMEOUT_MS = 2000;
export const RECONNECT_DELAY_MS = 500;
export const REQUEST_TIMEOUT_MS = 2000;

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Polls `cond` every 20 ms; resolves with the time it held (epoch ms) or rejects after `boundMs`. */
export async function until(what: string, cond: () => boolean | Promise<boolean>, boundMs: number): Promise<number> {
  const start = Date.now();
  while (!(await cond())) {
    if (Date.now() - start > boundMs) throw new Error(`chaos: no ${what} within ${boundMs} ms`);
    await sleep(20);
  }
  return Date.now();
}

/** Like `until` but resolves with null instead of rejecting (a figure that may be missing). */
export async function when(cond: () => boolean, boundMs: number): Promise<number | null> {
  return until('', cond, boundMs).catch(() => null);
}

/** Whether a TCP connection to host:port is accepted now. */
export function portOpen(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = net.connect({ host, port });
    const done = (ok: boolean): void => { s.destroy(); resolve(ok); };
    s.once('connect', () => done(true));
    s.once('error', () => done(false));
    s.setTimeout(500, () => done(false));
  });
}

/** One row of the results table: a scenario, a driver, and its figures. */
export interface ChaosRow {
  readonly scenario: string;
  readonly driver: string;
  readonly figures: Readonly<Record<string, string | number | null>>;
}

/** Results of one run, printed as markdown and written under bench/results/ (ignored by git). */
export class ChaosResults {
  readonly rows: ChaosRow[] = [];

  add(row: ChaosRow): void {
    this.rows.push(row);
    process.stdout.write(`chaos ${row.scenario} [${row.driver}]: ${JSON.stringify(row.figures)}\n`);
  }

  markdown(): string {
    const lines = ['| scenario | driver | figures |', '|---|---|---|'];
    for (const r of this.rows) {
      const f = Object.entries(r.figures).map(([k, v]) => `${k} ${v ?? '—'}`).join('; ');
      lines.push(`| ${r.scenario} | ${r.driver} | ${f} |`);
    }
    return lines.join('\n');
  }

  write(profile: ChaosProfile): string {
    const dir = path.join(__dirname, '..', '..', 'bench', 'results');
    fs.mkdirSync(dir, { recursive: true });
    const file = path.join(dir, `chaos-${profile.name}.json`);
    fs.writeFileSync(file, JSON.stringify({ profile: profile.name, at: new Date().toISOString(), rows: this.rows }, null, 2));
    fs.writeFileSync(file.replace(/\.json$/, '.md'), `${this.markdown()}\n`);
    return file;
  }
}
