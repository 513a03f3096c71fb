/**
 * SIGKILL a node under a QUORUM write load, restart it, and measure: writes acknowledged and lost
 * (every acknowledged key read back by a QUORUM scan), how long after the kill the driver said
 * "down", how long after the node's CQL port opened its pool was back, and the throughput after
 * recovery against before.
 */
import type { CassandraCluster } from '../support/cassandra/cluster';
import type { ChaosClient } from './clients';
import { portOpen, sleep, until, when } from './common';
import { Load, firstErrorOf } from './load';

const phase = (text: string): void => void process.stdout.write(`chaos kill: ${text}\n`);

export interface KillFigures {
  readonly acked: number;
  readonly lost: number;
  /** ms from SIGKILL to the driver's down event (null: none within the bound). */
  readonly downAfterMs: number | null;
  /** ms from the node's CQL port opening to the driver having it up with an open connection. */
  readonly poolAfterAnswerMs: number;
  readonly throughputBefore: number;
  readonly throughputAfter: number;
  readonly failedWrites: number;
  readonly errors: Readonly<Record<string, number>>;
  /** The first error's message, for the report. */
  readonly firstError: string | null;
}

export interface KillParams {
  readonly node: number;
  readonly concurrency: number;
  readonly windowMs: number;
  /** Bound on waiting for the down event (the invariant is checked by the caller). */
  readonly downBoundMs: number;
}

export async function killUnderWrites(harness: CassandraCluster, client: ChaosClient, p: KillParams): Promise<KillFigures> {
  const address = `127.0.0.${p.node}`;
  const acked: number[] = [];
  const load = new Load({
    concurrency: p.concurrency,
    maxOps: 20_000_000,
    maxMs: 10 * 60_000,
    op: async (i) => {
      await client.write(i);
      acked.push(i);
    },
  });
  try {
    await sleep(1000 + p.windowMs);
    const throughputBefore = load.rate(Date.now() - p.windowMs, Date.now());
    const killedAt = Date.now();
    await harness.killNode(p.node);
    const downMark = (): number | undefined => client.marks.find((m) => m.node === address && m.kind === 'down' && m.at >= killedAt)?.at;
    await when(() => downMark() !== undefined, p.downBoundMs);
    const downAt = downMark() ?? null;
    const restart = harness.startNode(p.node);
    let answeredAt = 0;
    await until(`CQL port of ${address} open`, async () => {
      if (await portOpen(address, 9042)) answeredAt = Date.now();
      return answeredAt > 0;
    }, 180_000);
    const poolAt = await until(`${client.name} pool to ${address} restored`,
      () => client.isUp(address) && client.openConnections(address) > 0, 120_000);
    await restart;
    phase(`${client.name}: killed at 0, down +${(downAt ?? NaN) - killedAt} ms, CQL port open +${answeredAt - killedAt} ms, pool +${poolAt - killedAt} ms, UN +${Date.now() - killedAt} ms`);
    const from = Math.max(poolAt, Date.now()) + 1000;
    await sleep(from + p.windowMs - Date.now());
    const throughputAfter = load.rate(from, from + p.windowMs);
    const summary = await load.stop();
    const scanStart = Date.now();
    const keys = await client.scanKeys();
    phase(`${client.name}: ${acked.length} acked keys, scan of ${keys.size} keys at QUORUM took ${Date.now() - scanStart} ms`);
    const lost = acked.filter((k) => !keys.has(k)).length;
    return {
      acked: acked.length,
      lost,
      downAfterMs: downAt === null ? null : downAt - killedAt,
      poolAfterAnswerMs: poolAt - answeredAt,
      throughputBefore: Math.round(throughputBefore),
      throughputAfter: Math.round(throughputAfter),
      failedWrites: summary.failed,
      errors: summary.errors,
      firstError: firstErrorOf(load),
    };
  } finally {
    await load.stop();
    if (!harness.isRunning(p.node)) await harness.startNode(p.node).catch(() => undefined);
  }
}
