/**
 * A rolling restart under load, the way an operator does it: for each node in turn, `nodetool
 * drain` (optional: Cassandra's SIGTERM hook drains too), SIGTERM, start it again, and wait until the node is UN in the ring and the client has it
 * up with an open connection before the next. The load is idempotent (QUORUM writes, and QUORUM
 * reads of keys already acknowledged, each checked against the value written) with the driver's
 * default retry policy. Measured: every failure (the application should see none), the answers
 * that were not the acknowledged value, the throughput before, during and after, and per node the
 * time from the stop's start (drain or SIGTERM) to the driver's down event and from the node
 * being UN again to its pool.
 */
import type { CassandraCluster } from '../support/cassandra/cluster';
import { valueOf, type ChaosClient } from './clients';
import { sleep, until } from './common';
import { Load, firstErrorOf } from './load';

const phase = (text: string): void => void process.stdout.write(`chaos rolling: ${text}\n`);

export interface NodeRestart {
  readonly node: number;
  /** ms `nodetool drain` took (0 without drain). */
  readonly drainMs: number;
  /** ms from the stop's start (drain, or SIGTERM without) to the driver's down event (null: none). */
  readonly downAfterStopMs: number | null;
  /** ms from asking the node to start to the harness seeing it UN in the ring. */
  readonly bootMs: number;
  /** ms from the node being UN to the client having it up with an open connection (≤ 0: before). */
  readonly poolAfterUpMs: number;
}

export interface RollingFigures {
  readonly restarts: readonly NodeRestart[];
  readonly requests: number;
  readonly failed: number;
  readonly acked: number;
  readonly wrongAnswers: number;
  readonly maxDurationMs: number;
  readonly throughputBefore: number;
  readonly throughputDuring: number;
  /** The slowest second during the restarts, requests/s. */
  readonly slowestSecond: number;
  readonly throughputAfter: number;
  readonly elapsedMs: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly firstError: string | null;
}

export interface RollingParams {
  readonly nodes: readonly number[];
  /** `nodetool drain` before SIGTERM. */
  readonly drain: boolean;
  readonly concurrency: number;
  readonly windowMs: number;
  readonly poolBoundMs: number;
}

export async function rollingRestartUnderLoad(harness: CassandraCluster, client: ChaosClient, p: RollingParams): Promise<RollingFigures> {
  const acked: number[] = [];
  let wrongAnswers = 0;
  const load = new Load({
    concurrency: p.concurrency,
    maxOps: 20_000_000,
    maxMs: 20 * 60_000,
    op: async (i) => {
      if (i % 2 === 0 || acked.length === 0) {
        await client.write(i);
        acked.push(i);
      } else {
        const key = acked[(i * 7919) % acked.length] as number;
        if ((await client.read(key, 'quorum')) !== valueOf(key)) wrongAnswers++;
      }
    },
  });
  const restarts: NodeRestart[] = [];
  try {
    await sleep(1000 + p.windowMs);
    const throughputBefore = load.rate(Date.now() - p.windowMs, Date.now());
    const firstAt = Date.now();
    for (const node of p.nodes) {
      const address = harness.node(node).address;
      const t0 = Date.now();
      if (p.drain) await harness.nodetool(node, ['drain']);
      const stopAt = Date.now();
      await harness.stopNode(node);
      const startAt = Date.now();
      await harness.startNode(node);
      const unAt = Date.now();
      const poolAt = await until(`${client.name} pool to ${address} after its restart`,
        () => client.isUp(address) && client.openConnections(address) > 0, p.poolBoundMs);
      const down = client.marks.find((m) => m.node === address && m.kind === 'down' && m.at >= t0);
      const r: NodeRestart = {
        node, drainMs: stopAt - t0, downAfterStopMs: down ? down.at - t0 : null, bootMs: unAt - startAt, poolAfterUpMs: poolAt - unAt,
      };
      restarts.push(r);
      phase(`${client.name}: node ${node} drained in ${r.drainMs} ms, down event +${r.downAfterStopMs ?? 'none'} ms after the stop began, `
        + `UN ${r.bootMs} ms after start, pooled +${r.poolAfterUpMs} ms; ${load.summary().failed} failed so far`);
    }
    const lastAt = Date.now();
    await sleep(1000);
    const from = Date.now();
    await sleep(p.windowMs);
    const throughputAfter = load.rate(from, from + p.windowMs);
    const summary = await load.stop();
    let slowestSecond = Infinity;
    for (let t = firstAt; t + 1000 <= lastAt; t += 1000) slowestSecond = Math.min(slowestSecond, load.rate(t, t + 1000));
    return {
      restarts,
      requests: summary.started,
      failed: summary.failed,
      acked: acked.length,
      wrongAnswers,
      maxDurationMs: summary.maxDurationMs,
      throughputBefore: Math.round(throughputBefore),
      throughputDuring: Math.round(load.rate(firstAt, lastAt)),
      slowestSecond: Math.round(slowestSecond),
      throughputAfter: Math.round(throughputAfter),
      elapsedMs: lastAt - firstAt,
      errors: summary.errors,
      firstError: firstErrorOf(load),
    };
  } finally {
    await load.stop();
    for (const node of p.nodes) if (!harness.isRunning(node)) await harness.startNode(node).catch(() => undefined);
  }
}
