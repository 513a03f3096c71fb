/**
 * Requests wait for a connection being opened (issue 11). With one host and one connection per
 * host, when that connection is lost (reset) the pool opens its replacement at once; requests
 * issued while it is in its handshake wait for it and succeed, instead of failing at once with
 * BusyConnectionError. When the replacement cannot be opened they fail with NoHostAvailableError
 * naming NoConnectionYetError; a request whose timeout passes first fails with
 * OperationTimedOutError. The node answers STARTUP slowly (`node.handshake`) to make the wait
 * observable.
 */
import { firstValueFrom } from 'rxjs';
import { NoConnectionYetError } from '../../lib/errors/connection-errors';
import { NoHostAvailableError, OperationTimedOutError } from '../../lib/errors/client-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import type { ScriptedNode } from '../support/scripted-server';
import { startSession, stopSession, waitFor, type Setup } from './scripted-session';

const HANDSHAKE_MS = 300;
const startups = (n: ScriptedNode): number => n.received.filter((r) => r.opcode === Opcode.Startup).length;

interface Outcome { readonly error: Error | null; readonly ms: number }

/** Runs `n` simple statements at once; each outcome with its time from issue to end. */
function issue(s: Setup, n: number, tag: string, timeoutMs?: number): Promise<Outcome[]> {
  return Promise.all(Array.from({ length: n }, (_, i) => {
    const t = Date.now();
    return firstValueFrom(s.session.execute(`SELECT ${tag}${i} FROM t`, [], timeoutMs !== undefined ? { timeoutMs } : {}))
      .then(() => ({ error: null, ms: Date.now() - t }), (e: unknown) => ({ error: e as Error, ms: Date.now() - t }));
  }));
}

describe('Requests wait for a connection being opened (scripted node, one connection per host)', () => {
  let s: Setup;
  let node: ScriptedNode;
  beforeEach(async () => {
    s = await startSession({ reconnection: new ConstantReconnectionPolicy(50) }, { nodesPerDc: [1] });
    node = s.sim.first;
  });
  afterEach(() => stopSession(s));

  /** Resets every connection and resolves once the client is opening new ones (pool and control: their STARTUPs wait). */
  async function loseConnection(): Promise<void> {
    const before = startups(node);
    node.resetConnections();
    await waitFor(() => startups(node) >= before + 2);
  }

  it('requests issued while the replacement is in its handshake wait for it and all succeed', async () => {
    node.handshake.delayMs = HANDSHAKE_MS;
    await loseConnection();
    const outcomes = await issue(s, 30, 'waiting');
    expect(outcomes.map((o) => o.error?.message ?? null)).toEqual(outcomes.map(() => null));
    // They were answered only once the new connection was open.
    expect(Math.min(...outcomes.map((o) => o.ms))).toBeGreaterThanOrEqual(HANDSHAKE_MS / 2);
    expect(s.cluster.hosts().map((h) => h.state)).toEqual(['up']);
    expect(node.count('SELECT waiting', Opcode.Query)).toBe(30);
    node.handshake.delayMs = 0;
    expect((await issue(s, 10, 'after')).filter((o) => o.error)).toEqual([]);
  });

  it('when the replacement cannot be opened, the waiting requests fail with NoHostAvailableError naming NoConnectionYetError', async () => {
    node.handshake.delayMs = HANDSHAKE_MS;
    node.handshake.fail = true;
    await loseConnection();
    const outcomes = await issue(s, 10, 'doomed');
    // They failed when the opening failed, not at once.
    expect(Math.min(...outcomes.map((o) => o.ms))).toBeGreaterThanOrEqual(HANDSHAKE_MS / 2);
    for (const o of outcomes) {
      expect(o.error).toBeInstanceOf(NoHostAvailableError);
      const perHost = [...(o.error as NoHostAvailableError).errors.values()];
      expect(perHost).toHaveLength(1);
      expect(perHost[0]).toBeInstanceOf(NoConnectionYetError);
      expect(perHost[0]?.message).toContain('no connection');
    }
    expect(node.count('SELECT doomed')).toBe(0);
  });

  it('a waiting request whose timeout passes first fails with OperationTimedOutError; later ones get the connection', async () => {
    node.handshake.delayMs = HANDSHAKE_MS;
    await loseConnection();
    const [late, patient] = await Promise.all([issue(s, 5, 'hurried', 60), issue(s, 5, 'patient')]);
    for (const o of late ?? []) {
      expect(o.error).toBeInstanceOf(OperationTimedOutError);
      expect(o.ms).toBeLessThan(HANDSHAKE_MS);
    }
    expect((patient ?? []).map((o) => o.error)).toEqual([null, null, null, null, null]);
    expect(node.count('SELECT hurried')).toBe(0);
    expect(node.count('SELECT patient')).toBe(5);
  });
});
