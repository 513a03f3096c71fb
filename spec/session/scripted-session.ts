/**
 * Test support for the session specs: a Cluster + Session against a scripted cluster, rules on
 * every node, counters over every node, and a tap on the raw request bodies the server receives
 * (to check fields the scripted server does not parse: serial consistency, timestamp, keyspace,
 * batch type, custom payload).
 */
import { firstValueFrom } from 'rxjs';
import { DefaultLoadBalancingPolicy, type HostView, type RoutingRequest } from '../../lib';
import { Cluster, type ClusterSessionOptions } from '../../lib/session/cluster';
import type { Session } from '../../lib/session/session';
import { Opcode } from '../../lib/protocol/opcodes';
import { Reader } from '../../lib/protocol/reader';
import type { Writer } from '../../lib/protocol/writer';
import { ScriptedCluster, type Behaviour, type Matcher, type TopologyOptions } from '../support/scripted-server';
import * as wire from '../support/scripted-server/wire';
import { turns, waitFor as waitForCondition } from '../support/wait-for';

export interface Setup {
  readonly sim: ScriptedCluster;
  readonly cluster: Cluster;
  readonly session: Session;
}

export async function startSession(
  options: Partial<ClusterSessionOptions> = {},
  topology: TopologyOptions = { nodesPerDc: [3] },
): Promise<Setup> {
  const sim = await ScriptedCluster.start(topology);
  const cluster = new Cluster({
    contactPoints: [`${sim.first.address}:${sim.port}`],
    ...options,
    pooling: { heartbeatIntervalMs: 0, ...options.pooling },
  });
  try {
    return { sim, cluster, session: await cluster.connect() };
  } catch (e) {
    await cluster.shutdown();
    await sim.stop();
    throw e;
  }
}

export async function stopSession(s: Setup | undefined): Promise<void> {
  if (!s) return;
  await s.cluster.shutdown();
  await s.sim.stop();
}

/** Resolves once `cond()` holds (polled once per event-loop turn, bounded by turns, not time). */
export function waitFor(cond: () => boolean, maxTurns?: number): Promise<void> {
  return waitForCondition('scripted-session condition', cond, maxTurns);
}

/**
 * An event-order barrier for "nothing (more) was sent": a probe query to every node through the
 * session, answered after anything the code under test had queued before it was written; then a
 * few loop turns for the nodes to read any other socket. Probes are QUERY 'SELECT probe FROM barrier'.
 */
export async function barrier(s: Setup): Promise<void> {
  for (const n of s.sim.nodes) await firstValueFrom(s.session.execute(PROBE, undefined, { host: n.endpoint }));
  await turns(10);
}

export const PROBE = 'SELECT probe FROM barrier';

/** Adds the rule to every node. With `times`, the uses are shared by all nodes (the first `times` requests anywhere). */
export function onAll(sim: ScriptedCluster, when: Matcher, then: Behaviour, extra: { delayMs?: number; times?: number } = {}): void {
  let left = extra.times ?? Infinity;
  const base = (r: wire.ReceivedRequest): boolean =>
    typeof when === 'function' ? when(r) : typeof when === 'string' ? (r.query ?? '').includes(when) : when.test(r.query ?? '');
  const matcher = (r: wire.ReceivedRequest): boolean => {
    if (left <= 0 || !base(r)) return false;
    left--;
    return true;
  };
  for (const n of sim.nodes) n.when({ when: matcher, then, ...(extra.delayMs !== undefined ? { delayMs: extra.delayMs } : {}) });
}

/** Requests whose text matches, summed over every node (EXECUTE counts only once the node knows the id). */
export function total(sim: ScriptedCluster, match: string | RegExp, opcode?: Opcode): number {
  return sim.nodes.reduce((a, n) => a + n.count(match, opcode), 0);
}

/** An ERROR behaviour. */
export const error = (code: number, message: string, fields?: (w: Writer) => void): Behaviour =>
  ({ error: { code, message, ...(fields ? { fields } : {}) } });

/** One request body as the server received it (decompressed). */
export interface Tapped {
  readonly opcode: Opcode;
  readonly flags: number;
  readonly version: number;
  readonly body: Buffer;
}

/**
 * Records the bodies the scripted server parses from now on (QUERY, EXECUTE and BATCH unless
 * `opcodes` says otherwise, e.g. to add PREPARE); call `restore` when done.
 */
export function tapRequests(opcodes: readonly Opcode[] = [Opcode.Query, Opcode.Execute, Opcode.Batch]): { readonly requests: Tapped[]; restore(): void } {
  const requests: Tapped[] = [];
  const original = wire.parseRequest;
  const spy = jest.spyOn(wire, 'parseRequest').mockImplementation((version, stream, opcode, flags, body) => {
    if (opcodes.includes(opcode)) {
      requests.push({ opcode, flags, version, body: Buffer.from(body) });
    }
    return original(version, stream, opcode, flags, body);
  });
  return { requests, restore: () => spy.mockRestore() };
}

export interface WireParams {
  readonly query?: string;
  readonly batchType?: number;
  /** Batch entries: 0 = query string, 1 = prepared id. */
  readonly batchKinds?: number[];
  readonly customPayload?: Map<string, Buffer | null>;
  readonly consistency: number;
  readonly flags: number;
  readonly pageSize?: number;
  readonly pagingState?: Buffer | null;
  readonly serialConsistency?: number;
  readonly timestamp?: bigint;
  readonly keyspace?: string;
}

/** Parses QUERY / EXECUTE <query_parameters> or a BATCH body (spec v5 4.1.4, 4.1.6, 4.1.7). */
export function parseWire(t: Tapped): WireParams {
  const r = new Reader(t.body);
  const customPayload = t.flags & 0x04 ? r.bytesMap() : undefined;
  let query: string | undefined;
  let batchType: number | undefined;
  let batchKinds: number[] | undefined;
  if (t.opcode === Opcode.Query) query = r.longString();
  if (t.opcode === Opcode.Execute) {
    r.shortBytes();
    if (t.version >= 5) r.shortBytes();
  }
  if (t.opcode === Opcode.Batch) {
    batchType = r.byte();
    batchKinds = [];
    const n = r.short();
    for (let i = 0; i < n; i++) {
      const kind = r.byte();
      batchKinds.push(kind);
      if (kind === 0) r.longString();
      else r.shortBytes();
      const values = r.short();
      for (let j = 0; j < values; j++) r.value();
    }
  }
  const consistency = r.short();
  const flags = t.version >= 5 ? r.int() : r.byte();
  if (t.opcode !== Opcode.Batch && flags & 0x01) {
    const n = r.short();
    for (let i = 0; i < n; i++) {
      if (flags & 0x40) r.string();
      r.value();
    }
  }
  const pageSize = t.opcode !== Opcode.Batch && flags & 0x04 ? r.int() : undefined;
  const pagingState = t.opcode !== Opcode.Batch && flags & 0x08 ? r.bytes() : undefined;
  const serialConsistency = flags & 0x10 ? r.short() : undefined;
  const timestamp = flags & 0x20 ? r.long() : undefined;
  const keyspace = t.version >= 5 && flags & 0x80 ? r.string() : undefined;
  return {
    consistency, flags,
    ...(query !== undefined ? { query } : {}),
    ...(batchType !== undefined ? { batchType, batchKinds } : {}),
    ...(customPayload ? { customPayload } : {}),
    ...(pageSize !== undefined ? { pageSize } : {}),
    ...(pagingState !== undefined ? { pagingState } : {}),
    ...(serialConsistency !== undefined ? { serialConsistency } : {}),
    ...(timestamp !== undefined ? { timestamp } : {}),
    ...(keyspace !== undefined ? { keyspace } : {}),
  };
}

/** Parses a PREPARE body: the query and, at v5, the keyspace of <flags> 0x01 (spec v5 4.1.5). */
export function parsePrepare(t: Tapped): { readonly query: string; readonly keyspace?: string } {
  const r = new Reader(t.body);
  if (t.flags & 0x04) r.bytesMap();
  const query = r.longString();
  const flags = t.version >= 5 ? r.int() : 0;
  return { query, ...(flags & 0x01 ? { keyspace: r.string() } : {}) };
}

/** The default policy, recording what each execution asked it (one entry per query plan). */
export class RecordingPolicy extends DefaultLoadBalancingPolicy {
  readonly requests: RoutingRequest[] = [];
  override newQueryPlan(request: RoutingRequest): Iterable<HostView> {
    this.requests.push(request);
    return super.newQueryPlan(request);
  }
}
