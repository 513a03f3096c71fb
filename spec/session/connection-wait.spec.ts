/**
 * Requests wait for a connection being opened (issue 11). With one host and one connection per
 * host, when that connection is lost (reset) the pool opens its replacement at once; requests
 * issued while it is in its handshake wait for it and succeed, instead of failing at once with
 * BusyConnectionError. When the replacement cannot be opened they fail with NoHostAvailableError
 * naming NoConnectionYetError; a request whose timeout passes first fails with
 * OperationTimedOutError. The node holds its STARTUP answers (`node.handshake.hold`) until the
 * spec releases them, so "before / after the connection opened" is an order of events, not a
 * duration.
 */
import { firstValueFrom } from 'rxjs';
import { NoConnectionYetError } from '../../lib/errors/connection-errors';
import { NoHostAvailableError, OperationTimedOutError } from '../../lib/errors/client-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import type { ScriptedNode } from '../support/scripted-server';
import { settledWithin } from '../support/wait-for';
import { startSession, stopSession, waitFor, type Setup } from './scripted-session';

const startups = (n: ScriptedNode): number => n.received.filter((r) => r.opcode === Opcode.Startup).length;

/** Runs `n` simple statements at once; each one's error (null on success). */
function issue(s: Setup, n: number, tag: string, timeoutMs?: number): Promise<Array<Error | null>> {
  return Promise.all(Array.from({ length: n }, (_, i) =>
    firstValueFrom(s.session.execute(`SELECT ${tag}${i} FROM t`, [], timeoutMs !== undefined ? { timeoutMs } : {}))
      .then(() => null, (e: unknown) => e as Error)));
}

describe('Requests wait for a connection being opened (scripted node, one connection per host)', () => {
  let s: Setup;
  let node: ScriptedNode;
  beforeEach(async () => {
    s = await startSession({ reconnection: new ConstantReconnectionPolicy(50) }, { nodesPerDc: [1] });
    node = s.sim.first;
  });
  afterEach(() => stopSession(s));

  /** Resets every connection and resolves once the client's new ones (pool and control) sit in a held handshake. */
  async function loseConnection(): Promise<void> {
    node.handshake.hold = true;
    const before = startups(node);
    node.resetConnections();
    await waitFor(() => startups(node) >= before + 2 && node.heldHandshakes >= 2);
  }

  it('requests issued while the replacement is in its handshake wait for it and all succeed', async () => {
    await loseConnection();
    const outcomes = issue(s, 30, 'waiting');
    // Nothing is answered, and nothing reaches the node, while the handshake is held.
    expect(await settledWithin(outcomes, 200, 'waiting')).toBe('waiting');
    expect(node.count('SELECT waiting', Opcode.Query)).toBe(0);
    node.releaseHandshakes();
    expect(await outcomes).toEqual(Array.from({ length: 30 }, () => null));
    expect(s.cluster.hosts().map((h) => h.state)).toEqual(['up']);
    expect(node.count('SELECT waiting', Opcode.Query)).toBe(30);
    expect((await issue(s, 10, 'after')).filter((e) => e)).toEqual([]);
  });

  it('when the replacement cannot be opened, the waiting requests fail with NoHostAvailableError naming NoConnectionYetError', async () => {
    node.handshake.fail = true;
    await loseConnection();
    const outcomes = issue(s, 10, 'doomed');
    // They fail when the opening fails, not at once.
    expect(await settledWithin(outcomes, 200, 'waiting')).toBe('waiting');
    node.releaseHandshakes();
    for (const e of await outcomes) {
      expect(e).toBeInstanceOf(NoHostAvailableError);
      const perHost = [...(e as NoHostAvailableError).errors.values()];
      expect(perHost).toHaveLength(1);
      expect(perHost[0]).toBeInstanceOf(NoConnectionYetError);
      expect(perHost[0]?.message).toContain('no connection');
    }
    expect(node.count('SELECT doomed')).toBe(0);
  });

  it('a waiting request whose timeout passes first fails with OperationTimedOutError; later ones get the connection', async () => {
    await loseConnection();
    const hurried = issue(s, 5, 'hurried', 60);
    const patient = issue(s, 5, 'patient');
    // The hurried ones give up while the handshake is still held (their timeout, not the connection, ends them).
    for (const e of await hurried) expect(e).toBeInstanceOf(OperationTimedOutError);
    expect(node.heldHandshakes).toBeGreaterThanOrEqual(2);
    node.releaseHandshakes();
    expect(await patient).toEqual([null, null, null, null, null]);
    expect(node.count('SELECT hurried')).toBe(0);
    expect(node.count('SELECT patient')).toBe(5);
  });
});
