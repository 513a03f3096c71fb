/**
 * HostRegistry: topology reads (add, update, remove), the state version, which hosts get pools
 * (distance), node-state rules on STATUS_CHANGE, and the host events it publishes. Pools are
 * real HostPools to a three-node scripted cluster on loopback, with a fake clock for their
 * reconnection delays; the specs wait for conditions, never for time.
 */
import type { HostEvent, LogEvent } from '../../lib/cluster/cluster-events';
import type { HostInfo } from '../../lib/cluster/host';
import type { HostDistance } from '../../lib/policies/load-balancing-policy';
import { HostRegistry } from '../../lib/cluster/host-registry';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import { FakeClock } from '../support/fake-clock';
import { ScriptedCluster } from '../support/scripted-server';
import { waitFor } from '../support/wait-for';

let sim: ScriptedCluster;
let clock: FakeClock;
let registry: HostRegistry;
let published: Array<HostEvent | LogEvent>;
let poolDistances: string[];
let hostsUp: string[];
let hostsRemoved: string[];
const distances = new Map<string, HostDistance>();

const hostEvents = (): string[] =>
  published.filter((e): e is HostEvent => e.type === 'host').map((e) => `${e.kind} ${e.host.endpoint}`);
const logs = (): string[] => published.filter((e): e is LogEvent => e.type === 'log').map((e) => e.message);

function infos(): HostInfo[] {
  return sim.topology.nodes.map((n) => ({ address: n.address, port: n.port, datacenter: n.datacenter, rack: n.rack, tokens: n.tokens, hostId: n.hostId }));
}

function endpoints(): string[] {
  return sim.nodes.map((n) => n.endpoint);
}

beforeAll(async () => {
  sim = await ScriptedCluster.start({ nodesPerDc: [3] });
});

afterAll(async () => {
  await sim.stop();
});

beforeEach(() => {
  clock = new FakeClock();
  published = [];
  poolDistances = [];
  hostsUp = [];
  hostsRemoved = [];
  distances.clear();
  for (const n of sim.nodes) n.handshake.fail = false;
  registry = new HostRegistry({
    pool: (distance) => {
      poolDistances.push(distance);
      return { size: 1, connection: { heartbeat: { intervalMs: 0 }, clock }, reconnection: new ConstantReconnectionPolicy(1000), clock };
    },
    distance: (host) => distances.get(host.endpoint) ?? 'local',
    publish: (event) => published.push(event),
    onHostUp: (host, pool) => hostsUp.push(`${host.endpoint} ${pool.host === host}`),
    onHostRemoved: (host) => hostsRemoved.push(host.endpoint),
  });
});

afterEach(async () => {
  await registry.close();
});

describe('HostRegistry.applyTopology', () => {
  it('adds every host once, publishing "added", and bumps the version', () => {
    expect(registry.applyTopology(infos())).toBe(true);
    expect(registry.all().map((h) => h.endpoint).sort()).toEqual(endpoints().sort());
    expect(hostEvents().sort()).toEqual(endpoints().map((e) => `added ${e}`).sort());
    expect(registry.version).toBe(3);
    const list = registry.all();
    expect(registry.applyTopology(infos())).toBe(false); // the same read again: nothing changed
    expect(registry.version).toBe(3);
    expect(registry.all()).toBe(list); // cached until something changes
    expect(hostEvents()).toHaveLength(3);
  });

  it('an info change bumps the version; only a token change counts as a topology change', () => {
    registry.applyTopology(infos());
    const [first, ...rest] = infos();
    if (!first) throw new Error('no node');
    const before = registry.version;
    expect(registry.applyTopology([{ ...first, rack: 'rack9' }, ...rest])).toBe(false);
    expect(registry.version).toBe(before + 1);
    expect(registry.get(sim.nodes[0]?.endpoint ?? '')?.rack).toBe('rack9');
    expect(registry.applyTopology([{ ...first, rack: 'rack9', tokens: ['42'] }, ...rest])).toBe(true);
    expect(registry.get(sim.nodes[0]?.endpoint ?? '')?.tokens).toEqual(['42']);
    expect(hostEvents().filter((e) => !e.startsWith('added'))).toEqual([]);
  });

  it('removes hosts no longer listed: closes their pool, calls onHostRemoved, publishes "removed"', async () => {
    registry.applyTopology(infos());
    await Promise.all(registry.syncPools());
    const gone = sim.nodes[2];
    if (!gone) throw new Error('no node');
    const host = registry.get(gone.endpoint);
    if (!host) throw new Error('host not registered');
    const pool = registry.pool(host);
    expect(pool?.openConnections).toBe(1);
    const version = registry.version;

    expect(registry.applyTopology(infos().slice(0, 2))).toBe(true);
    expect(registry.get(gone.endpoint)).toBeUndefined();
    expect(registry.pool(host)).toBeUndefined();
    expect(registry.all()).toHaveLength(2);
    expect(registry.version).toBe(version + 1);
    expect(hostsRemoved).toEqual([gone.endpoint]);
    expect(hostEvents()).toContain(`removed ${gone.endpoint}`);
    await waitFor('the removed host\'s pool closed', () => pool?.openConnections === 0 && gone.connections.size === 0);
    registry.onServerStatus('DOWN', gone.endpoint); // unknown now: no effect
    expect(hostEvents().filter((e) => e.startsWith('down'))).toEqual([]);
  });
});

describe('HostRegistry.syncPools', () => {
  it('opens a pool per non-ignored host with the settings of its distance; hosts come up', async () => {
    registry.applyTopology(infos());
    distances.set(sim.nodes[1]?.endpoint ?? '', 'remote');
    distances.set(sim.nodes[2]?.endpoint ?? '', 'ignored');
    const opening = registry.syncPools();
    expect(opening).toHaveLength(2);
    expect(poolDistances.sort()).toEqual(['local', 'remote']);
    await Promise.all(opening);
    expect([...registry.allPools()].map((p) => p.host.endpoint).sort()).toEqual(endpoints().slice(0, 2).sort());
    expect(hostEvents().filter((e) => e.startsWith('up')).sort()).toEqual(endpoints().slice(0, 2).map((e) => `up ${e}`).sort());
    expect(hostsUp.sort()).toEqual(endpoints().slice(0, 2).map((e) => `${e} true`).sort());
    expect(registry.all().filter((h) => h.isUp)).toHaveLength(2);
    expect(registry.syncPools()).toEqual([]); // nothing new to open
  });

  it('closes the pool of a host that became ignored, and opens one when it is wanted again', async () => {
    registry.applyTopology(infos());
    await Promise.all(registry.syncPools());
    const node = sim.nodes[0];
    const host = registry.get(node?.endpoint ?? '');
    if (!node || !host) throw new Error('no host');
    const pool = registry.pool(host);
    distances.set(node.endpoint, 'ignored');
    expect(registry.syncPools()).toEqual([]);
    expect(registry.pool(host)).toBeUndefined();
    await waitFor('ignored host\'s pool closed', () => pool?.openConnections === 0 && node.connections.size === 0);
    distances.delete(node.endpoint);
    const opening = registry.syncPools();
    expect(opening).toHaveLength(1);
    await Promise.all(opening);
    expect(registry.pool(host)?.openConnections).toBe(1);
  });

  it('a host whose pool cannot open is published down (reason: the failure)', async () => {
    registry.applyTopology(infos());
    const bad = sim.nodes[1];
    if (!bad) throw new Error('no node');
    bad.handshake.fail = true;
    const results = await Promise.allSettled(registry.syncPools());
    expect(results.filter((r) => r.status === 'rejected')).toHaveLength(1);
    expect(hostEvents()).toContain(`down ${bad.endpoint}`);
    expect(registry.get(bad.endpoint)?.state).toBe('down');
    expect(hostsUp.map((e) => e.split(' ')[0])).not.toContain(bad.endpoint);
  });
});

describe('HostRegistry.onServerStatus', () => {
  beforeEach(async () => {
    registry.applyTopology(infos());
    distances.set(sim.nodes[2]?.endpoint ?? '', 'ignored');
    await Promise.all(registry.syncPools());
    published.length = 0;
  });

  it('ignores a DOWN for a host it talks to fine (logged at debug, host stays up)', () => {
    const ep = sim.nodes[0]?.endpoint ?? '';
    const version = registry.version;
    registry.onServerStatus('DOWN', ep);
    expect(registry.get(ep)?.state).toBe('up');
    expect(hostEvents()).toEqual([]);
    expect(logs()).toEqual([`STATUS_CHANGE DOWN for ${ep}: ignore`]);
    expect(registry.version).toBe(version);
  });

  it('marks a host without pool down on DOWN, once', () => {
    const ep = sim.nodes[2]?.endpoint ?? '';
    const version = registry.version;
    registry.onServerStatus('DOWN', ep);
    registry.onServerStatus('DOWN', ep);
    expect(registry.get(ep)?.state).toBe('down');
    expect(hostEvents()).toEqual([`down ${ep}`]);
    expect(published.find((e): e is HostEvent => e.type === 'host')?.reason).toBe('STATUS_CHANGE DOWN');
    expect(registry.version).toBe(version + 1);
  });

  it('UP for a down host reconnects at once (no reconnection delay) and the pool marks it up', async () => {
    const node = sim.nodes[1];
    if (!node) throw new Error('no node');
    const host = registry.get(node.endpoint);
    if (!host) throw new Error('no host');
    node.handshake.fail = true;
    node.dropConnections();
    await waitFor('host down', () => host.state === 'down' && registry.pool(host)?.isReconnecting === true);
    node.handshake.fail = false;
    registry.onServerStatus('UP', node.endpoint);
    expect(logs()).toContain(`STATUS_CHANGE UP for ${node.endpoint}: reconnect-now`);
    await waitFor('host up again', () => host.state === 'up');
    expect(clock.now()).toBe(0);
    expect(hostEvents()).toEqual([`down ${node.endpoint}`, `up ${node.endpoint}`]);
  });

  it('ignores statuses for unknown endpoints, and publishes nothing after close()', async () => {
    registry.onServerStatus('DOWN', '10.9.9.9:9042');
    expect(published).toEqual([]);
    await registry.close();
    registry.onServerStatus('DOWN', sim.nodes[2]?.endpoint ?? '');
    expect(hostEvents()).toEqual([]);
    expect([...registry.allPools()]).toEqual([]);
    expect(registry.syncPools()).toEqual([]);
  });
});
