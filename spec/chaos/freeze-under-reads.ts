/**
 * SIGSTOP a node for a while under idempotent reads at ONE, then SIGCONT it, and measure: the
 * longest request against its timeout, requests that outlived timeout + 1 s, errors, and whether
 * in-flight requests and orphaned stream ids went back to their baseline once the node answered
 * again (a leaked stream id would keep them up).
 */
import type { CassandraCluster } from '../support/cassandra/cluster';
import { valueOf, type ChaosClient } from './clients';
import { sleep, when } from './common';
import { Load, firstErrorOf, type ReadLoadFigures } from './load';

export interface FreezeFigures extends ReadLoadFigures {
  readonly baseline: { inFlight: number; orphans: number };
  /** ms after the load stopped until in-flight and orphans were back to baseline (null: not within the bound). */
  readonly settledAfterMs: number | null;
  readonly after: { inFlight: number; orphans: number };
}

export interface FreezeParams {
  readonly node: number;
  readonly pauseMs: number;
  readonly concurrency: number;
  readonly keys: number;
  readonly timeoutMs: number;
  readonly settleBoundMs: number;
}

export async function freezeUnderReads(harness: CassandraCluster, client: ChaosClient, p: FreezeParams): Promise<FreezeFigures> {
  // Baseline: the client at rest (a fresh client may still be preparing on every host).
  const quiet = (): boolean => client.gauges().inFlight === 0 && client.gauges().orphans === 0;
  await when(quiet, 5000);
  const baseline = client.gauges();
  let wrongAnswers = 0;
  const load = new Load({
    concurrency: p.concurrency,
    maxOps: 5_000_000,
    maxMs: p.pauseMs + 60_000,
    overdueMs: p.timeoutMs + 1000,
    op: async (i) => {
      const key = i % p.keys;
      const v = await client.read(key, 'one');
      if (v !== null && v !== valueOf(key)) wrongAnswers++;
    },
  });
  let paused = false;
  try {
    await sleep(2000);
    harness.pauseNode(p.node);
    paused = true;
    await sleep(p.pauseMs);
    harness.resumeNode(p.node);
    paused = false;
    await sleep(3000);
    const summary = await load.stop();
    const stoppedAt = Date.now();
    const back = (): boolean => {
      const g = client.gauges();
      return g.inFlight <= baseline.inFlight && g.orphans <= baseline.orphans;
    };
    const settledAt = await when(back, p.settleBoundMs);
    return {
      requests: summary.started,
      failed: summary.failed,
      errors: summary.errors,
      firstError: firstErrorOf(load),
      maxDurationMs: summary.maxDurationMs,
      overdue: summary.overdue,
      wrongAnswers,
      baseline,
      settledAfterMs: settledAt === null ? null : settledAt - stoppedAt,
      after: client.gauges(),
    };
  } finally {
    if (paused) harness.resumeNode(p.node);
    await load.stop();
  }
}
