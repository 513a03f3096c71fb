/**
 * A correctly framed response that cannot be decoded (issue 11): it fails its own request only —
 * retried on the next host when the statement is idempotent, a ProtocolError otherwise — and the
 * connection stays: nothing is reopened, and with the default single connection per host the
 * requests issued right after all succeed.
 */
import { firstValueFrom } from 'rxjs';
import { ProtocolError } from '../../lib/errors/codec-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import type { ScriptedCluster } from '../support/scripted-server';
import type { Session } from '../../lib/session/session';
import { barrier, onAll, startSession, stopSession, total, type Setup } from './scripted-session';

const malformed = { malformedBody: true } as const;
const accepted = (sim: ScriptedCluster): number => sim.nodes.reduce((a, n) => a + n.accepted, 0);

/** Issues `n` simple statements at once; resolves with the errors (none expected). */
async function burst(session: Session, n: number, tag: string): Promise<Error[]> {
  const runs = Array.from({ length: n }, (_, i) => firstValueFrom(session.execute(`SELECT ${tag}${i} FROM t`)));
  const settled = await Promise.allSettled(runs);
  return settled.flatMap((r) => (r.status === 'rejected' ? [r.reason as Error] : []));
}

describe('An undecodable response fails its request only (scripted cluster)', () => {
  let s: Setup;
  afterEach(() => stopSession(s));

  it('an idempotent SELECT is retried on the next host and succeeds; no connection is replaced', async () => {
    s = await startSession({}, { nodesPerDc: [3] });
    const before = accepted(s.sim);
    onAll(s.sim, 'SELECT bad', malformed, { times: 1 });
    const rs = await firstValueFrom(s.session.execute('SELECT bad FROM t'));
    expect(rs.info.hostsTried).toHaveLength(2);
    expect(new Set(rs.info.hostsTried).size).toBe(2);
    expect(total(s.sim, 'SELECT bad', Opcode.Query)).toBe(2);
    expect(await burst(s.session, 50, 'after')).toEqual([]);
    await barrier(s); // a replacement connection would have been accepted before the probes' answers
    expect(accepted(s.sim)).toBe(before);
    expect(s.cluster.hosts().every((h) => h.state === 'up')).toBe(true);
  });

  it('a non-idempotent statement fails with ProtocolError; the single connection stays and the next 50 requests succeed', async () => {
    s = await startSession({}, { nodesPerDc: [1] });
    const node = s.sim.first;
    const before = node.accepted;
    const connections = node.connections.size;
    onAll(s.sim, 'INSERT INTO bad', malformed, { times: 1 });
    const failed = firstValueFrom(s.session.execute('INSERT INTO bad (k) VALUES (1)')).then(() => null, (e: unknown) => e);
    const err = await failed;
    // Issued at once after the failure, on the same (only) connection.
    const errors = await burst(s.session, 50, 'after');
    expect(err).toBeInstanceOf(ProtocolError);
    expect(total(s.sim, 'INSERT INTO bad', Opcode.Query)).toBe(1);
    expect(errors.map((e) => e.message)).toEqual([]);
    await barrier(s);
    expect(node.accepted).toBe(before);
    expect(node.connections.size).toBe(connections);
    expect(s.cluster.hosts().map((h) => h.state)).toEqual(['up']);
  });

  it('an idempotent SELECT on the only host fails with ProtocolError; the requests issued alongside it succeed', async () => {
    s = await startSession({}, { nodesPerDc: [1] });
    const node = s.sim.first;
    const before = node.accepted;
    onAll(s.sim, 'SELECT bad', malformed, { times: 1 });
    // Answered after the bad one: in flight on the same connection when it fails.
    onAll(s.sim, 'SELECT slow', { void: true }, { delayMs: 30 });
    const slow = firstValueFrom(s.session.execute('SELECT slow FROM t'));
    const bad = firstValueFrom(s.session.execute('SELECT bad FROM t')).then(() => null, (e: unknown) => e);
    const errors = await burst(s.session, 20, 'alongside');
    expect(await bad).toBeInstanceOf(ProtocolError);
    await expect(slow).resolves.toBeDefined();
    expect(errors).toEqual([]);
    expect(await burst(s.session, 50, 'after')).toEqual([]);
    expect(node.accepted).toBe(before);
  });
});
