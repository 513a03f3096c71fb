import { firstValueFrom, lastValueFrom, mergeMap, range, toArray } from 'rxjs';
import { NoHostAvailableError } from '../../lib/errors/client-errors';
import { Consistency } from '../../lib/protocol/consistency';
import { DefaultLoadBalancingPolicy } from '../../lib/policies/default-load-balancing';
import { Cluster } from '../../lib/session/cluster';
import type { Session } from '../../lib/session/session';
import { ScriptedCluster } from '../support/scripted-server';

const OVERLOADED = { error: { code: 0x1001, message: 'overloaded (scripted)' } } as const;

describe('datacenter-aware routing on a scripted 2 DC × 10 node cluster', () => {
  let sim: ScriptedCluster;
  let cluster: Cluster;
  let session: Session;
  beforeAll(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [10, 10] });
    cluster = new Cluster({
      contactPoints: [`${sim.first.address}:${sim.port}`],
      pooling: { heartbeatIntervalMs: 0 },
      profiles: { default: { loadBalancing: new DefaultLoadBalancingPolicy({ localDatacenter: 'dc1', remoteHostsPerDatacenter: 3 }) } },
    });
    session = await cluster.connect();
  });
  afterAll(async () => {
    await cluster.shutdown();
    await sim.stop();
  });
  const dcOf = (endpoint: string): string => (sim.nodes.find((n) => n.endpoint === endpoint)?.self.datacenter ?? '?');

  it('sends everything to the local datacenter while it is healthy', async () => {
    const results = await lastValueFrom(range(0, 200).pipe(mergeMap(() => session.execute('SELECT healthy FROM t', [], { consistency: Consistency.QUORUM })), toArray()));
    expect(new Set(results.map((r) => dcOf(r.info.host)))).toEqual(new Set(['dc1']));
    const used = new Set(results.map((r) => r.info.host));
    expect(used.size).toBe(10); // spread over every local host
    expect(sim.nodes.filter((n) => n.self.datacenter === 'dc2').every((n) => n.count('SELECT healthy') === 0)).toBe(true);
  });

  it('goes to remote hosts only after every local host failed', async () => {
    for (const n of sim.nodes.filter((x) => x.self.datacenter === 'dc1')) n.when({ when: 'SELECT failover', then: OVERLOADED });
    const rs = await firstValueFrom(session.execute('SELECT failover FROM t', [], { consistency: Consistency.QUORUM, idempotent: true }));
    const tried = rs.info.hostsTried.map(dcOf);
    expect(tried.slice(0, 10)).toEqual(Array(10).fill('dc1'));
    expect(tried.length).toBe(11);
    expect(dcOf(rs.info.host)).toBe('dc2');
  });

  it('never uses a remote datacenter for LOCAL_QUORUM', async () => {
    for (const n of sim.nodes.filter((x) => x.self.datacenter === 'dc1')) n.when({ when: 'SELECT localonly', then: OVERLOADED });
    const err = await firstValueFrom(session.execute('SELECT localonly FROM t', [], { consistency: Consistency.LOCAL_QUORUM, idempotent: true })).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NoHostAvailableError);
    expect((err as NoHostAvailableError).errors.size).toBe(10);
    expect(sim.nodes.filter((n) => n.self.datacenter === 'dc2').every((n) => n.count('SELECT localonly') === 0)).toBe(true);
  });
});
