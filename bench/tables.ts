/** The runner's arithmetic and printing: medians over runs, spreads, ratios and markdown tables. */
import type { LoadFigures } from './clients/common';

export function say(s: string): void { process.stdout.write(`${s}\n`); }

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
};
/** Spread of the runs around the median, in % ((max − min) / median). */
export const spread = (xs: number[]): number => (xs.length < 2 ? 0 : (100 * (Math.max(...xs) - Math.min(...xs))) / median(xs));

export interface Agg { label: string; inFlight: number; errors: number; throughput: number; cpuUsPerRequest: number; p50Us: number; p99Us: number; spreadPct: number; extra?: Record<string, number> }

/** Medians per (label, in-flight) over runs. */
export function aggregate(runs: LoadFigures[][]): Agg[] {
  const groups = new Map<string, LoadFigures[]>();
  for (const run of runs) for (const f of run) {
    const k = `${f.label}@${f.inFlight}`;
    groups.set(k, [...(groups.get(k) ?? []), f]);
  }
  return [...groups.values()].map((fs) => {
    const f0 = fs[0] as LoadFigures;
    const extraKeys = Object.keys(f0.extra ?? {});
    const extra = Object.fromEntries(extraKeys.map((k) => [k, median(fs.map((f) => f.extra?.[k] ?? 0))]));
    return {
      label: f0.label, inFlight: f0.inFlight, errors: median(fs.map((f) => f.errors)),
      throughput: median(fs.map((f) => f.throughput)), cpuUsPerRequest: median(fs.map((f) => f.cpuUsPerRequest)),
      p50Us: median(fs.map((f) => f.p50Us)), p99Us: median(fs.map((f) => f.p99Us)), spreadPct: spread(fs.map((f) => f.throughput)),
      ...(extraKeys.length ? { extra } : {}),
    };
  });
}

export const find = (aggs: Agg[], label: string, n: number): Agg | undefined => aggs.find((a) => a.label === label && a.inFlight === n);
export const fmt = (n: number | undefined, d = 0): string => (n === undefined || !Number.isFinite(n) ? '—' : n.toLocaleString('en-US', { maximumFractionDigits: d, minimumFractionDigits: d }));
export const ratio = (a: number | undefined, b: number | undefined): string => (a === undefined || b === undefined || b === 0 ? '—' : `${(a / b).toFixed(2)}×`);

export function table(head: string[], rows: string[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (r: string[]): string => `| ${r.map((c, i) => (i === 0 ? c.padEnd(w[i] as number) : c.padStart(w[i] as number))).join(' | ')} |`;
  say(line(head));
  say(`|${w.map((x, i) => (i === 0 ? `:${'-'.repeat(x + 1)}` : `${'-'.repeat(x + 1)}:`)).join('|')}|`);
  rows.forEach((r) => say(line(r)));
}

