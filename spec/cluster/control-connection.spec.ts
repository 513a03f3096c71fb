/**
 * How fast the control connection sets itself up and moves: system.local, the peers table and
 * REGISTER go out together (one round trip, not three, on a node slowed by load), and after losing
 * its host it tries every other candidate before that host, which may still look up (its pool has
 * not noticed) while it swallows handshakes.
 */
import { ClusterCore } from '../../lib/cluster/cluster-core';
import type { ClusterOptions } from '../../lib/cluster/cluster-options';
import { lostHostLast } from '../../lib/cluster/control-connection';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import { FakeClock } from '../support/fake-clock';
import { ScriptedCluster } from '../support/scripted-server';
import type { ServerConnection } from '../support/scripted-server/server-connection';
import { rowsFrame } from '../support/scripted-server/wire';
import { waitFor } from '../support/wait-for';

describe('Control connection set-up and move', () => {
  let sim: ScriptedCluster;
  let cluster: ClusterCore | undefined;

  function newCluster(extra: Partial<ClusterOptions> = {}): ClusterCore {
    cluster = new ClusterCore({
      contactPoints: [`${sim.first.address}:${sim.port}`],
      refreshDebounceMs: 50,
      reconnection: new ConstantReconnectionPolicy(100),
      pooling: { heartbeatIntervalMs: 0 },
      ...extra,
    });
    return cluster;
  }

  beforeEach(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [3] });
  });
  afterEach(async () => {
    await cluster?.shutdown();
    cluster = undefined;
    await sim.stop();
  });

  it('sends system.local, system.peers_v2 and REGISTER before waiting for any answer', async () => {
    const node = sim.first;
    const held: Array<{ conn: ServerConnection; answer: () => void }> = [];
    node.when({
      when: 'FROM system.local', times: 1,
      then: { custom: (req, conn) => held.push({ conn, answer: () => conn.send(rowsFrame(req.version, req.stream, node.topology.localRows(node.self))) }) },
    });
    node.when({
      when: 'FROM system.peers_v2', times: 1,
      then: { custom: (req, conn) => held.push({ conn, answer: () => conn.send(rowsFrame(req.version, req.stream, node.topology.peersV2Rows(node.self))) }) },
    });
    const connecting = newCluster().connect();
    // Sent one after the other, the second read (and REGISTER) would wait for the first's answer, held here.
    await waitFor('both topology reads and REGISTER received on one connection, none answered',
      () => held.length === 2 && held[0]?.conn === held[1]?.conn && (held[0]?.conn.registered.size ?? 0) > 0, 100_000);
    for (const h of held) h.answer();
    await connecting;
    expect(cluster?.controlHost).toBe(node.endpoint);
    expect(cluster?.hosts()).toHaveLength(3);
  });

  it('tries the host it lost after the others: a node that accepts but never finishes a handshake does not hold the move', async () => {
    const clock = new FakeClock();
    const c = newCluster({ clock });
    await c.connect();
    const first = sim.first;
    expect(c.controlHost).toBe(first.endpoint);
    // The node keeps its pool connections (so it still looks up) but holds every new handshake;
    // the control connection alone is cut.
    first.handshake.hold = true;
    const control = [...first.connections].find((conn) => conn.registered.size > 0);
    expect(control).toBeDefined();
    control?.socket.destroy();
    // Time does not move: a candidate stuck in its handshake would never give way to the next.
    await waitFor('control connection on another node', () => {
      clock.advance(0);
      return c.controlHost !== null && c.controlHost !== first.endpoint;
    }, 100_000);
    expect(first.heldHandshakes).toBe(0);
    expect(c.hosts().find((h) => h.endpoint === first.endpoint)?.state).toBe('up');
    first.handshake.hold = false;
    first.releaseHandshakes();
  });

  it('orders candidates with the lost host last and keeps the others in order', () => {
    const a = { host: '10.0.0.1', port: 9042 };
    const b = { host: '10.0.0.2', port: 9042 };
    const c = { host: '10.0.0.3', port: 9042 };
    expect(lostHostLast([a, b, c], { host: '10.0.0.1', port: 9042 })).toEqual([b, c, a]);
    expect(lostHostLast([a, b, c], { host: '10.0.0.1', port: 9043 })).toEqual([a, b, c]);
    expect(lostHostLast([a, b, c], null)).toEqual([a, b, c]);
    expect(lostHostLast([a], a)).toEqual([a]);
  });
});
