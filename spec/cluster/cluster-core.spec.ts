import { firstValueFrom, lastValueFrom, tap, toArray } from 'rxjs';
import { ClusterCore } from '../../lib/cluster/cluster-core';
import type { ClusterEvent, HostEvent } from '../../lib/cluster/cluster-events';
import type { ClusterOptions } from '../../lib/cluster/cluster-options';
import { ClusterStateError } from '../../lib/errors/client-errors';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import { FakeClock } from '../support/fake-clock';
import { ScriptedCluster } from '../support/scripted-server';
import { waitFor as waitForCondition } from '../support/wait-for';

class TestCluster extends ClusterCore {
  get topologyRefreshes(): number {
    return this.control.topologyRefreshes;
  }
}

const waitFor = (cond: () => boolean): Promise<void> => waitForCondition('cluster-core condition', cond);

describe('ClusterCore against a scripted 2 DC × 10 node cluster', () => {
  let sim: ScriptedCluster;
  let cluster: TestCluster;
  let events: ClusterEvent[];

  async function start(extra: Partial<ClusterOptions> = {}): Promise<void> {
    cluster = new TestCluster({
      contactPoints: [`${sim.first.address}:${sim.port}`],
      localDatacenter: 'dc1',
      refreshDebounceMs: 50,
      reconnection: new ConstantReconnectionPolicy(100),
      pooling: { heartbeatIntervalMs: 0 },
      ...extra,
    });
    events = [];
    cluster.events$.subscribe((e) => events.push(e));
    await cluster.connect();
  }

  beforeEach(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [10, 10], racksPerDc: 2 });
  });
  afterEach(async () => {
    await cluster?.shutdown();
    await sim.stop();
  });

  it('discovers all 20 hosts with datacenter, rack and tokens, and pools only the local ones', async () => {
    await start();
    const hosts = cluster.hosts();
    expect(hosts).toHaveLength(20);
    expect(hosts.filter((h) => h.datacenter === 'dc1')).toHaveLength(10);
    expect(new Set(hosts.map((h) => h.rack))).toEqual(new Set(['rack1', 'rack2']));
    expect(hosts.every((h) => h.tokens.length === 1)).toBe(true);
    const hostEvents = events.filter((e): e is HostEvent => e.type === 'host');
    expect(hostEvents.filter((e) => e.kind === 'added')).toHaveLength(20);
    expect(hostEvents.filter((e) => e.kind === 'up').map((e) => e.host.datacenter)).toEqual(Array(10).fill('dc1'));
    expect(hosts.filter((h) => h.state === 'up')).toHaveLength(10);
    expect(cluster.metadata.tokenMap?.ring).toHaveLength(20);
    const snapshot = await firstValueFrom(cluster.hosts$);
    expect(snapshot).toHaveLength(20);
  });

  it('maps every peer address through the address translator', async () => {
    const seen: string[] = [];
    await start({ addressTranslator: (address, port) => { seen.push(address); return { address, port }; } });
    expect(new Set(seen).size).toBe(19); // every peer of the control host
    expect(cluster.hosts()).toHaveLength(20);
  });

  it('ignores a STATUS_CHANGE DOWN for a host whose connections are healthy', async () => {
    await start();
    const target = sim.nodes[3]!;
    sim.first.pushEvent({ type: 'STATUS_CHANGE', change: 'DOWN', address: target.address, port: target.port });
    await waitFor(() => events.some((e) => e.type === 'log' && e.message.includes(`DOWN for ${target.endpoint}`)));
    expect(cluster.hosts().find((h) => h.endpoint === target.endpoint)?.state).toBe('up');
    expect(events.some((e) => e.type === 'host' && e.kind === 'down')).toBe(false);
  });

  it('marks a host without connections down on STATUS_CHANGE DOWN', async () => {
    await start();
    const remote = sim.nodes[15]!; // dc2: ignored, no pool
    sim.first.pushEvent({ type: 'STATUS_CHANGE', change: 'DOWN', address: remote.address, port: remote.port });
    await waitFor(() => events.some((e) => e.type === 'host' && e.kind === 'down'));
    expect(cluster.hosts().find((h) => h.endpoint === remote.endpoint)?.state).toBe('down');
  });

  it('debounces a burst of events into one topology refresh', async () => {
    const clock = new FakeClock(); // the debounce window (50 ms) ends when the spec says so
    await start({ clock });
    const before = cluster.topologyRefreshes;
    const peersBefore = sim.first.count('system.peers_v2');
    for (let i = 0; i < 30; i++) {
      const n = sim.nodes[i % 20]!;
      sim.first.pushEvent({ type: 'TOPOLOGY_CHANGE', change: 'MOVED_NODE', address: n.address, port: n.port });
    }
    // A last event on the same socket whose effect is visible: once seen, the whole burst was read.
    const marker = sim.nodes[15]!; // dc2: ignored, no pool
    sim.first.pushEvent({ type: 'STATUS_CHANGE', change: 'DOWN', address: marker.address, port: marker.port });
    await waitFor(() => events.some((e) => e.type === 'host' && e.kind === 'down' && e.host.endpoint === marker.endpoint));
    expect(cluster.topologyRefreshes).toBe(before); // nothing before the window ends
    clock.advance(50);
    await waitFor(() => cluster.topologyRefreshes > before);
    clock.advance(1000); // a second refresh, had one been pending, would start now
    await cluster.metadata.refresh(); // read on the control connection, after any such refresh
    expect(cluster.topologyRefreshes - before).toBe(1);
    expect(sim.first.count('system.peers_v2') - peersBefore).toBe(1);
  });

  it('reports a host down when its node goes away and up when it returns', async () => {
    await start();
    const node = sim.nodes[4]!;
    await node.stop();
    await waitFor(() => events.some((e) => e.type === 'host' && e.kind === 'down' && e.host.endpoint === node.endpoint));
    await node.start();
    await waitFor(() => events.some((e) => e.type === 'host' && e.kind === 'up' && e.host.endpoint === node.endpoint && e.reason === 'connected' && e.at > 0) &&
      cluster.hosts().find((h) => h.endpoint === node.endpoint)?.state === 'up');
    expect(cluster.registry.pool(cluster.hosts().find((h) => h.endpoint === node.endpoint)!)?.openConnections).toBe(1);
  });

  it('reports a crashed node (connections reset) down, then up when it returns', async () => {
    await start();
    const node = sim.nodes[6]!;
    await node.crash();
    await waitFor(() => events.some((e) => e.type === 'host' && e.kind === 'down' && e.host.endpoint === node.endpoint));
    await node.start();
    await waitFor(() => cluster.hosts().find((h) => h.endpoint === node.endpoint)?.state === 'up');
  });

  it('moves the control connection when its host dies, and events keep flowing', async () => {
    await start();
    expect(cluster.controlHost).toBe(sim.first.endpoint);
    await sim.first.stop();
    await waitFor(() => cluster.controlHost !== null && cluster.controlHost !== sim.first.endpoint);
    const newControl = sim.node(cluster.controlHost!.split(':')[0]!);
    const remote = sim.nodes[17]!;
    newControl.pushEvent({ type: 'STATUS_CHANGE', change: 'DOWN', address: remote.address, port: remote.port });
    await waitFor(() => events.some((e) => e.type === 'host' && e.kind === 'down' && e.host.endpoint === remote.endpoint));
  });

  it('completes every Observable on shutdown and refuses use afterwards', async () => {
    await start();
    const all = lastValueFrom(cluster.events$.pipe(toArray()));
    let emitted = 0;
    const metrics = lastValueFrom(cluster.metrics$(20).pipe(tap(() => emitted++), toArray()));
    await waitFor(() => emitted >= 2);
    await cluster.shutdown();
    await expect(all).resolves.toBeDefined();
    expect((await metrics).length).toBeGreaterThanOrEqual(2);
    expect(() => cluster.assertConnected()).toThrow(ClusterStateError);
    await expect(cluster.connect()).rejects.toThrow(ClusterStateError);
  });

  it('fails connect with NoHostAvailable listing each contact point when none answers', async () => {
    const c = new TestCluster({ contactPoints: ['127.0.0.1:1', '127.0.0.2:1'], connectTimeoutMs: 500 });
    await expect(c.connect()).rejects.toThrow(/127\.0\.0\.1:1.*127\.0\.0\.2:1/);
    await c.shutdown();
  });
});
