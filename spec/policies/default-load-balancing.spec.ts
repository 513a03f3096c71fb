import { Host } from '../../lib/cluster/host';
import { DefaultLoadBalancingPolicy } from '../../lib/policies/default-load-balancing';
import type { ClusterView } from '../../lib/policies/load-balancing-policy';
import type { HostView } from '../../lib/metadata/host-view';

function makeHosts(): Host[] {
  const hosts: Host[] = [];
  for (const dc of ['dc1', 'dc2']) {
    for (let i = 1; i <= 10; i++) {
      const h = new Host({ address: `127.0.${dc === 'dc1' ? 1 : 2}.${i}`, port: 9042, datacenter: dc, rack: i % 2 === 0 ? 'r2' : 'r1' });
      h.setState('up');
      hosts.push(h);
    }
  }
  return hosts;
}

function view(hosts: Host[], replicas: Host[] = [], load: Map<HostView, number> = new Map(), age: Map<HostView, number> = new Map()): ClusterView {
  return {
    hosts: () => hosts,
    contactDatacenter: () => 'dc1',
    replicas: () => replicas,
    inFlight: (h) => load.get(h) ?? 0,
    oldestInFlightAgeMs: (h) => age.get(h) ?? 0,
  };
}

const LOCAL_QUORUM = 6;
const QUORUM = 4;

describe('DefaultLoadBalancingPolicy', () => {
  it('plans local hosts only, rotating, and ignores remote ones without failover', () => {
    const hosts = makeHosts();
    const p = new DefaultLoadBalancingPolicy();
    p.init(view(hosts));
    const plan1 = [...p.newQueryPlan({})];
    const plan2 = [...p.newQueryPlan({})];
    expect(plan1).toHaveLength(10);
    expect(plan1.every((h) => h.datacenter === 'dc1')).toBe(true);
    expect(plan2[0]).not.toBe(plan1[0]);
    expect(p.distance(hosts[15] as Host)).toBe('ignored');
  });

  it('computes no replicas (no token) when one local host and no failover leave no choice', () => {
    const hosts = makeHosts().slice(0, 1);
    let asked = 0;
    const v = { ...view(hosts, hosts), replicas: () => { asked++; return hosts; } };
    const p = new DefaultLoadBalancingPolicy();
    p.init(v);
    expect([...p.newQueryPlan({ keyspace: 'ks', routingKey: Buffer.from([1]), consistency: QUORUM })]).toEqual(hosts);
    expect(asked).toBe(0);
    const two = makeHosts().slice(0, 2);
    const q = new DefaultLoadBalancingPolicy();
    q.init({ ...view(two, [two[1] as Host]), replicas: () => { asked++; return [two[1] as Host]; } });
    expect([...q.newQueryPlan({ keyspace: 'ks', routingKey: Buffer.from([1]) })][0]).toBe(two[1]);
    expect(asked).toBe(1);
  });

  it('puts local replicas first, then the other local hosts, then remote ones — but never remote for LOCAL_*', () => {
    const hosts = makeHosts();
    const replicas = [hosts[3], hosts[7], hosts[12]] as Host[]; // two local, one remote
    const p = new DefaultLoadBalancingPolicy({ remoteHostsPerDatacenter: 2 });
    p.init(view(hosts, replicas));
    const plan = [...p.newQueryPlan({ keyspace: 'ks', routingKey: Buffer.from([1]), consistency: QUORUM })];
    expect(new Set(plan.slice(0, 2))).toEqual(new Set([hosts[3], hosts[7]]));
    expect(plan.slice(2, 10).every((h) => h.datacenter === 'dc1')).toBe(true);
    expect(plan.slice(10).map((h) => h.datacenter)).toEqual(['dc2', 'dc2']);
    const local = [...p.newQueryPlan({ keyspace: 'ks', routingKey: Buffer.from([1]), consistency: LOCAL_QUORUM })];
    expect(local).toHaveLength(10);
    expect(local.every((h) => h.datacenter === 'dc1')).toBe(true);
  });

  it('skips down hosts', () => {
    const hosts = makeHosts();
    hosts[0]!.setState('down');
    const p = new DefaultLoadBalancingPolicy();
    p.init(view(hosts, [hosts[0] as Host]));
    const plan = [...p.newQueryPlan({ keyspace: 'ks', routingKey: Buffer.from([1]) })];
    expect(plan).not.toContain(hosts[0]);
    expect(plan).toHaveLength(9);
  });

  it('prefers the less busy of two replicas and moves slow replicas back', () => {
    const hosts = makeHosts();
    const [a, b, c] = [hosts[1], hosts[2], hosts[3]] as [Host, Host, Host];
    const p = new DefaultLoadBalancingPolicy({ random: () => 0.5 });
    p.init(view(hosts, [a, b], new Map([[a, 50], [b, 1]])));
    for (let i = 0; i < 5; i++) expect([...p.newQueryPlan({ keyspace: 'k', routingKey: Buffer.from([0]) })][0]).toBe(b);
    const q = new DefaultLoadBalancingPolicy({ random: () => 0.5 });
    q.init(view(hosts, [a, b, c], new Map(), new Map([[a, 5000], [b, 5000]])));
    expect([...q.newQueryPlan({ keyspace: 'k', routingKey: Buffer.from([0]) })].slice(0, 3)).toEqual([c, expect.anything(), expect.anything()]);
  });

  it('hosts silent past the threshold go last, the longest silent last, even when every host is slow', () => {
    const hosts = makeHosts().slice(0, 3);
    const [a, b, c] = hosts as [Host, Host, Host];
    const p = new DefaultLoadBalancingPolicy({ random: () => 0.5 });
    // Every host over the threshold (a loaded machine): the frozen one (20 s silent) still goes last.
    p.init(view(hosts, [], new Map(), new Map([[a, 20_000], [b, 300], [c, 250]])));
    for (let i = 0; i < 6; i++) expect([...p.newQueryPlan({})]).toEqual([c, b, a]);
    // Replicas too.
    const q = new DefaultLoadBalancingPolicy({ random: () => 0.5 });
    q.init(view(hosts, [a, b, c], new Map(), new Map([[a, 20_000], [b, 300], [c, 250]])));
    expect([...q.newQueryPlan({ keyspace: 'k', routingKey: Buffer.from([0]) })]).toEqual([c, b, a]);
    // Only one silent host: the others keep their rotation, it goes last.
    const r = new DefaultLoadBalancingPolicy();
    r.init(view(hosts, [], new Map(), new Map([[b, 1000]])));
    const plans = Array.from({ length: 6 }, () => [...r.newQueryPlan({})]);
    for (const plan of plans) expect(plan[2]).toBe(b);
    expect(new Set(plans.map((pl) => pl[0]))).toEqual(new Set([a, c]));
  });

  it('keeps ring order for lightweight transactions', () => {
    const hosts = makeHosts();
    const replicas = [hosts[5], hosts[1], hosts[8]] as Host[];
    const p = new DefaultLoadBalancingPolicy({ random: () => 0.1 });
    p.init(view(hosts, replicas, new Map([[hosts[5] as Host, 100]])));
    expect([...p.newQueryPlan({ keyspace: 'k', routingKey: Buffer.from([0]), isLwt: true })].slice(0, 3)).toEqual(replicas);
  });

  it('prefers the local rack among replicas', () => {
    const hosts = makeHosts();
    const replicas = [hosts[0], hosts[1], hosts[2]] as Host[]; // racks r1, r2, r1
    const p = new DefaultLoadBalancingPolicy({ localRack: 'r2' });
    p.init(view(hosts, replicas));
    expect([...p.newQueryPlan({ keyspace: 'k', routingKey: Buffer.from([0]) })][0]).toBe(hosts[1]);
  });

  it('applies the allow/deny filter', () => {
    const hosts = makeHosts();
    const p = new DefaultLoadBalancingPolicy({ filter: (h) => h.address !== '127.0.1.1' });
    p.init(view(hosts));
    expect(p.distance(hosts[0] as Host)).toBe('ignored');
    expect([...p.newQueryPlan({})]).toHaveLength(9);
  });

  it('rejects a bad option naming it', () => {
    expect(() => new DefaultLoadBalancingPolicy({ remoteHostsPerDatacenter: -1 })).toThrow(/remoteHostsPerDatacenter/);
  });
});
