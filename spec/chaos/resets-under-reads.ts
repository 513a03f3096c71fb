/**
 * Connections cut mid-frame at random through the fault proxies, under idempotent reads at ONE
 * whose every answer is checked against its request (the value written for the key asked): no
 * misrouted answer, and every failure a typed error of the driver.
 */
import type { NodeProxies } from '../support/fault-proxy/node-proxies';
import { valueOf, type ChaosClient } from './clients';
import { sleep, when } from './common';
import { Load, firstErrorOf } from './load';

export interface ResetFigures {
  readonly cuts: number;
  readonly requests: number;
  readonly failed: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly firstError: string | null;
  /** Failures that were not errors of the driver's own hierarchy. */
  readonly untyped: number;
  readonly wrongAnswers: number;
  readonly inFlightAfter: number;
}

export interface ResetParams {
  readonly durationMs: number;
  readonly concurrency: number;
  readonly keys: number;
  /** Whether an error is one of the driver's typed errors. */
  readonly typed: (e: unknown) => boolean;
}

export async function resetsUnderReads(proxies: NodeProxies, client: ChaosClient, p: ResetParams): Promise<ResetFigures> {
  let wrongAnswers = 0;
  let untyped = 0;
  const load = new Load({
    concurrency: p.concurrency,
    maxOps: 5_000_000,
    maxMs: p.durationMs + 30_000,
    op: async (i) => {
      const key = i % p.keys;
      let v: string | null;
      try {
        v = await client.read(key, 'one');
      } catch (e) {
        if (!p.typed(e)) untyped++;
        throw e;
      }
      if (v !== valueOf(key)) wrongAnswers++;
    },
  });
  let cuts = 0;
  try {
    const end = Date.now() + p.durationMs;
    while (Date.now() < end) {
      const proxy = proxies.all[Math.floor(Math.random() * proxies.all.length)];
      // Mostly an answer cut inside a frame, now and then a request cut, sometimes a plain reset.
      const r = Math.random();
      if (proxy && r < 0.6) void proxy.cutMidFrame('toClient');
      else if (proxy && r < 0.85) void proxy.cutMidFrame('toServer');
      else proxy?.resetAll();
      cuts++;
      await sleep(100 + Math.floor(Math.random() * 400));
    }
    proxies.healAll();
    await sleep(2000);
    const summary = await load.stop();
    await when(() => client.gauges().inFlight === 0, 10_000);
    return {
      cuts,
      requests: summary.started,
      failed: summary.failed,
      errors: summary.errors,
      firstError: firstErrorOf(load),
      untyped,
      wrongAnswers,
      inFlightAfter: client.gauges().inFlight,
    };
  } finally {
    await load.stop();
  }
}
