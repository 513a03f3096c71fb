/**
 * A partition through the fault proxy under idempotent reads at ONE: one-way (requests reach the
 * node, answers do not) or full. The node sees nothing wrong; only the driver's heartbeats and
 * request timeouts can find it. Measured: how long until the driver said "down", errors (requests
 * should fail over), the longest request, and how long after healing the node was back.
 */
import type { NodeProxies } from '../support/fault-proxy/node-proxies';
import type { PartitionMode } from '../support/fault-proxy/fault-proxy';
import { valueOf, type ChaosClient } from './clients';
import { sleep, when } from './common';
import { Load, firstErrorOf, type ReadLoadFigures } from './load';

export interface PartitionFigures extends ReadLoadFigures {
  readonly mode: PartitionMode;
  readonly downAfterMs: number | null;
  readonly upAfterHealMs: number | null;
  readonly droppedBytes: number;
  readonly inFlightAfter: number;
}

export interface PartitionParams {
  readonly node: string;
  readonly mode: Exclude<PartitionMode, 'none'>;
  readonly partitionMs: number;
  readonly concurrency: number;
  readonly keys: number;
  readonly timeoutMs: number;
  readonly downBoundMs: number;
  readonly upBoundMs: number;
}

export async function partitionUnderReads(proxies: NodeProxies, client: ChaosClient, p: PartitionParams): Promise<PartitionFigures> {
  const proxy = proxies.proxy(p.node);
  const dropped0 = proxy.stats().toServer.dropped + proxy.stats().toClient.dropped;
  let wrongAnswers = 0;
  const load = new Load({
    concurrency: p.concurrency,
    maxOps: 5_000_000,
    maxMs: p.partitionMs + p.upBoundMs + 30_000,
    overdueMs: p.timeoutMs + 1000,
    op: async (i) => {
      const key = i % p.keys;
      const v = await client.read(key, 'one');
      if (v !== null && v !== valueOf(key)) wrongAnswers++;
    },
  });
  try {
    await sleep(1500);
    const cutAt = Date.now();
    proxy.partition(p.mode);
    const downMark = (): number | undefined => client.marks.find((m) => m.node === p.node && m.kind === 'down' && m.at >= cutAt)?.at;
    await when(() => downMark() !== undefined, Math.max(p.downBoundMs, p.partitionMs));
    await sleep(cutAt + p.partitionMs - Date.now());
    const healedAt = Date.now();
    proxy.heal();
    const upMark = (): number | undefined => client.marks.find((m) => m.node === p.node && m.kind === 'up' && m.at >= healedAt)?.at;
    await when(() => upMark() !== undefined && client.openConnections(p.node) > 0, p.upBoundMs);
    await sleep(1000);
    const summary = await load.stop();
    const down = downMark();
    const up = upMark();
    return {
      mode: p.mode,
      downAfterMs: down === undefined ? null : down - cutAt,
      upAfterHealMs: up === undefined ? null : up - healedAt,
      requests: summary.started,
      failed: summary.failed,
      errors: summary.errors,
      firstError: firstErrorOf(load),
      maxDurationMs: summary.maxDurationMs,
      overdue: summary.overdue,
      wrongAnswers,
      droppedBytes: proxy.stats().toServer.dropped + proxy.stats().toClient.dropped - dropped0,
      inFlightAfter: client.gauges().inFlight,
    };
  } finally {
    proxy.heal();
    await load.stop();
  }
}
