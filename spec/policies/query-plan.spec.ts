import { Host } from '../../lib/cluster/host';
import { DefaultLoadBalancingPolicy } from '../../lib/policies/default-load-balancing';
import type { ClusterView } from '../../lib/policies/load-balancing-policy';
import type { HostView } from '../../lib/metadata/host-view';

// The default policy's plan is lazy past the replicas: what an execution does not walk is never
// looked at (the other local hosts, the silence checks, the remote datacenters).
function hosts(dc: string, n: number): Host[] {
  return Array.from({ length: n }, (_, i) => {
    const h = new Host({ address: `127.${dc === 'dc1' ? 1 : 2}.${Math.floor(i / 250)}.${(i % 250) + 1}`, port: 9042, datacenter: dc });
    h.setState('up');
    return h;
  });
}

/** A cluster view that counts what the policy asks of it. */
function countingView(all: Host[], replicas: Host[], silent: Map<HostView, number> = new Map()) {
  const asked = { silence: 0, hosts: 0 };
  const view: ClusterView = {
    hosts: () => { asked.hosts++; return all; },
    contactDatacenter: () => 'dc1',
    replicas: () => replicas,
    inFlight: () => 0,
    oldestInFlightAgeMs: (h) => { asked.silence++; return silent.get(h) ?? 0; },
    stateVersion: () => 1,
  };
  return { view, asked };
}

describe('the default policy\'s lazy query plan', () => {
  it('taking the first host of a 100-local-host plan looks at no other local host', () => {
    const local = hosts('dc1', 100);
    const replicas = local.slice(10, 13);
    const { view, asked } = countingView([...local, ...hosts('dc2', 100)], replicas);
    const p = new DefaultLoadBalancingPolicy({ remoteHostsPerDatacenter: 2 });
    p.init(view);
    p.newQueryPlan({}); // the first plan builds the local host cache (one hosts() call)
    const hostsCallsBefore = asked.hosts;
    const it = p.newQueryPlan({ keyspace: 'ks', routingKey: Buffer.from([1]) })[Symbol.iterator]();
    const first = it.next();
    expect(replicas).toContain(first.value);
    expect(asked.silence).toBe(3); // the replicas' order (slow replicas last) is decided up front
    // Past the replicas, one local host costs one silence check, and the remote hosts are not listed yet.
    it.next(); it.next(); it.next();
    expect(asked.silence).toBe(4);
    expect(asked.hosts).toBe(hostsCallsBefore);
  });

  it('walked to the end: replicas, the other 97 local hosts once each, then 2 remote hosts, nothing twice', () => {
    const local = hosts('dc1', 100);
    const remote = hosts('dc2', 100);
    const replicas = local.slice(10, 13);
    const { view, asked } = countingView([...local, ...remote], replicas);
    const p = new DefaultLoadBalancingPolicy({ remoteHostsPerDatacenter: 2 });
    p.init(view);
    const plan = [...p.newQueryPlan({ keyspace: 'ks', routingKey: Buffer.from([1]), consistency: 4 })];
    expect(plan).toHaveLength(102);
    expect(new Set(plan).size).toBe(102);
    expect(new Set(plan.slice(0, 3))).toEqual(new Set(replicas));
    expect(plan.slice(3, 100).every((h) => h.datacenter === 'dc1' && !replicas.includes(h as Host))).toBe(true);
    expect(plan.slice(100).map((h) => h.datacenter)).toEqual(['dc2', 'dc2']);
    expect(asked.silence).toBe(3 + 97);
    // LOCAL_QUORUM never leaves the local datacenter.
    expect([...p.newQueryPlan({ consistency: 6 })].every((h) => h.datacenter === 'dc1')).toBe(true);
  });

  it('silent local hosts are set aside as the walk meets them and come after the others, the longest silent last', () => {
    const local = hosts('dc1', 6);
    const [a, , c, , e] = local as [Host, Host, Host, Host, Host, Host];
    const { view } = countingView(local, [], new Map<HostView, number>([[a, 5000], [c, 900], [e, 300]]));
    const p = new DefaultLoadBalancingPolicy();
    p.init(view);
    for (let i = 0; i < 6; i++) {
      const plan = [...p.newQueryPlan({})];
      expect(plan.slice(3)).toEqual([e, c, a]);
      expect(new Set(plan.slice(0, 3))).toEqual(new Set([local[1], local[3], local[5]]));
    }
  });
});
