import { filter, firstValueFrom } from 'rxjs';
import { InvalidQueryError, UnpreparedError } from '../../lib/errors/server-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import type { ScriptedNode } from '../support/scripted-server';
import { barrier, error, onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const Q = 'SELECT p FROM t WHERE k = 1';
const executes = (n: ScriptedNode): number => n.received.filter((r) => r.opcode === Opcode.Execute).length;
const prepares = (n: ScriptedNode): number => n.count(Q, Opcode.Prepare);
const nodeOf = (s: Setup, endpoint: string): ScriptedNode => s.sim.nodes.find((n) => n.endpoint === endpoint) as ScriptedNode;

describe('UNPREPARED and re-preparing (scripted 3-node cluster)', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await startSession({ reconnection: new ConstantReconnectionPolicy(50) });
  });
  afterEach(() => stopSession(s));

  async function prepareEverywhere() {
    const ps = await firstValueFrom(s.session.prepare(Q));
    await waitFor(() => s.sim.nodes.every((n) => prepares(n) === 1));
    return ps;
  }

  it('UNPREPARED: re-prepares on that host and resends the EXECUTE there, transparently', async () => {
    const ps = await prepareEverywhere();
    for (const n of s.sim.nodes) n.preparedQueries.clear();
    const rs = await firstValueFrom(s.session.execute(ps));
    const host = nodeOf(s, rs.info.host);
    expect(rs.info.hostsTried).toEqual([rs.info.host, rs.info.host]);
    expect(rs.info.retries).toBe(1);
    expect(prepares(host)).toBe(2);
    expect(executes(host)).toBe(2);
    // The PREPARE came between the two EXECUTEs.
    expect(host.received.filter((r) => r.opcode === Opcode.Execute || r.opcode === Opcode.Prepare).map((r) => r.opcode))
      .toEqual([Opcode.Prepare, Opcode.Execute, Opcode.Prepare, Opcode.Execute]);
    for (const other of s.sim.nodes.filter((n) => n !== host)) {
      expect(prepares(other)).toBe(1);
      expect(executes(other)).toBe(0);
    }
  });

  it('UNPREPARED for an id the driver never prepared is rethrown', async () => {
    const ps = await prepareEverywhere();
    const stranger = Buffer.alloc(16, 7);
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, error(0x2500, 'unknown id', (w) => { w.shortBytes(stranger); }));
    const err = await firstValueFrom(s.session.execute(ps)).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(UnpreparedError);
    expect((err as UnpreparedError).id.equals(stranger)).toBe(true);
    expect(s.sim.nodes.reduce((a, n) => a + prepares(n), 0)).toBe(3);
  });

  it('a node that keeps forgetting the statement: re-preparing is bounded, then UnpreparedError', async () => {
    const ps = await prepareEverywhere();
    const id = ps.id;
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, error(0x2500, 'forgot again', (w) => { w.shortBytes(id); }));
    const err = await firstValueFrom(s.session.execute(ps)).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(UnpreparedError);
    const sent = s.sim.nodes.reduce((a, n) => a + executes(n), 0);
    expect(sent).toBeGreaterThan(1);
    expect(sent).toBeLessThanOrEqual(5);
  });

  it('when preparing again fails (the keyspace is gone), that error is reported, not UNPREPARED', async () => {
    const ps = await prepareEverywhere();
    const id = ps.id;
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, error(0x2500, 'unknown id', (w) => { w.shortBytes(id); }));
    onAll(s.sim, (r) => r.opcode === Opcode.Prepare, error(0x2200, "Keyspace 'gone' does not exist"));
    const err = await firstValueFrom(s.session.execute(ps)).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(InvalidQueryError);
    expect(err?.message).toContain("Keyspace 'gone' does not exist");
  });

  it('UNPREPARED inside a batch re-prepares its prepared statements', async () => {
    const ps = await prepareEverywhere();
    for (const n of s.sim.nodes) n.preparedQueries.clear();
    const id = ps.id;
    let left = 1;
    onAll(s.sim, (r) => r.opcode === Opcode.Batch && left-- > 0, error(0x2500, 'batch id unknown', (w) => { w.shortBytes(id); }));
    const rs = await firstValueFrom(s.session.batch([ps.bind([]), { query: 'INSERT INTO t (k) VALUES (1)' }]));
    expect(rs.info.retries).toBe(1);
    expect(prepares(nodeOf(s, rs.info.host))).toBe(2);
  });

  it('a node that restarts without its prepared statements gets them re-prepared when it comes back up', async () => {
    const ps = await prepareEverywhere();
    const node = s.sim.nodes.find((n) => n.endpoint !== s.cluster.controlHost) as ScriptedNode;
    const up = firstValueFrom(s.cluster.hostEvents$.pipe(filter((e) => e.kind === 'up' && e.host.endpoint === node.endpoint)));
    node.preparedQueries.clear();
    await node.stop();
    await node.start();
    await up;
    await waitFor(() => prepares(node) === 2);
    expect(node.preparedQueries.size).toBe(1);
    // Executions reaching the restarted node no longer meet UNPREPARED.
    for (let i = 0; i < 6; i++) await firstValueFrom(s.session.execute(ps));
    await barrier(s); // a background re-prepare would have reached the node by now
    expect(executes(node)).toBeGreaterThan(0);
    expect(prepares(node)).toBe(2);
    expect(total(s.sim, Q, Opcode.Prepare)).toBe(4);
  });
});
