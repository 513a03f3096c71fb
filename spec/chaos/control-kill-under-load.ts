/**
 * SIGKILL the node the client's control connection is on, under idempotent reads, and measure: how
 * long until the control connection was on another node, whether a schema change made after the
 * move (by another client, so only the server's pushed event can tell ours) reached the client,
 * how long that took, the requests that failed meanwhile, and the throughput before and after.
 * The killed node is restarted at the end and the client's pool to it awaited.
 */
import type { CassandraCluster } from '../support/cassandra/cluster';
import { valueOf, type ChaosClient } from './clients';
import { sleep, until, when } from './common';
import { Load, firstErrorOf } from './load';

const phase = (text: string): void => void process.stdout.write(`chaos control: ${text}\n`);

export interface ControlKillFigures {
  readonly controlBefore: string;
  readonly controlAfter: string | null;
  /** ms from SIGKILL to the control connection being on another node (null: not within the bound). */
  readonly movedAfterMs: number | null;
  /** ms from SIGKILL to the driver's down event for the node (null: none within the bound). */
  readonly downAfterMs: number | null;
  /** ms from the DDL being sent (by another client) to this client knowing of it (null: never within the bound). */
  readonly schemaEventAfterMs: number | null;
  readonly requests: number;
  readonly failed: number;
  readonly wrongAnswers: number;
  readonly maxDurationMs: number;
  readonly throughputBefore: number;
  readonly throughputAfter: number;
  /** ms from the node's restart being asked to the client having it up with an open connection. */
  readonly poolAfterRestartMs: number;
  readonly errors: Readonly<Record<string, number>>;
  readonly firstError: string | null;
}

export interface ControlKillParams {
  readonly concurrency: number;
  readonly keys: number;
  readonly windowMs: number;
  readonly moveBoundMs: number;
  readonly eventBoundMs: number;
  /** Creates keyspace `name` through another client; resolves with the time (epoch ms) the DDL was sent. */
  readonly createKeyspace: (name: string) => Promise<number>;
}

export async function controlKillUnderLoad(harness: CassandraCluster, client: ChaosClient, p: ControlKillParams): Promise<ControlKillFigures> {
  const controlBefore = client.controlNode();
  if (controlBefore === null) throw new Error(`${client.name} has no control connection before the kill`);
  const node = Number(controlBefore.split('.')[3]);
  let wrongAnswers = 0;
  const load = new Load({
    concurrency: p.concurrency,
    maxOps: 5_000_000,
    maxMs: 10 * 60_000,
    op: async (i) => {
      const key = i % p.keys;
      const v = await client.read(key, i % 2 === 0 ? 'one' : 'quorum');
      if (v !== valueOf(key)) wrongAnswers++;
    },
  });
  try {
    await sleep(1000 + p.windowMs);
    const throughputBefore = load.rate(Date.now() - p.windowMs, Date.now());
    const killedAt = Date.now();
    await harness.killNode(node);
    const moved = (): boolean => {
      const c = client.controlNode();
      return c !== null && c !== controlBefore;
    };
    const movedAt = await when(moved, p.moveBoundMs);
    const downMark = (): number | undefined => client.marks.find((m) => m.node === controlBefore && m.kind === 'down' && m.at >= killedAt)?.at;
    await when(() => downMark() !== undefined, p.moveBoundMs);
    const downAt = downMark() ?? null;
    const ks = `chaos_moved_${Date.now().toString(36)}`;
    // Watched from before the DDL: the event may well come before the DDL's answer (which waits for schema agreement).
    const known = when(() => client.knowsKeyspace(ks), p.eventBoundMs + 30_000);
    const ddlAt = await p.createKeyspace(ks);
    const knownAt = await known;
    const from = Date.now();
    await sleep(p.windowMs);
    const throughputAfter = load.rate(from, from + p.windowMs);
    const summary = await load.stop();
    const restartAt = Date.now();
    await harness.startNode(node);
    const poolAt = await until(`${client.name} pool to ${controlBefore} restored`,
      () => client.isUp(controlBefore) && client.openConnections(controlBefore) > 0, 60_000);
    phase(`${client.name}: control on ${controlBefore} killed at 0, moved to ${client.controlNode() ?? 'none'} +${(movedAt ?? NaN) - killedAt} ms, `
      + `schema event ${(knownAt ?? NaN) - ddlAt} ms after the DDL was sent, node restarted and pooled in ${poolAt - restartAt} ms`);
    return {
      controlBefore,
      controlAfter: movedAt === null ? null : client.controlNode(),
      movedAfterMs: movedAt === null ? null : movedAt - killedAt,
      downAfterMs: downAt === null ? null : downAt - killedAt,
      schemaEventAfterMs: knownAt === null || knownAt - ddlAt > p.eventBoundMs ? null : knownAt - ddlAt,
      requests: summary.started,
      failed: summary.failed,
      wrongAnswers,
      maxDurationMs: summary.maxDurationMs,
      throughputBefore: Math.round(throughputBefore),
      throughputAfter: Math.round(throughputAfter),
      poolAfterRestartMs: poolAt - restartAt,
      errors: summary.errors,
      firstError: firstErrorOf(load),
    };
  } finally {
    await load.stop();
    if (!harness.isRunning(node)) await harness.startNode(node).catch(() => undefined);
  }
}
