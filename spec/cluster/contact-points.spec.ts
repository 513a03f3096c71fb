/**
 * Contact points given as names: resolved through the injectable `resolver` at connect, and again
 * when the control connection must reconnect while no known host is up — a cluster replaced behind
 * the same name is found at its new address. Bad resolvers and unresolvable names fail typed.
 */
import type { ClusterEvent } from '../../lib/cluster/cluster-events';
import type { ClusterOptions } from '../../lib/cluster/cluster-options';
import { ContactPointResolutionError } from '../../lib/errors/connection-errors';
import { OptionError } from '../../lib/errors/option-errors';
import type { HostResolver } from '../../lib/cluster/contact-points';
import { NoHostAvailableError } from '../../lib/errors/client-errors';
import { ConstantReconnectionPolicy } from '../../lib/policies/reconnection';
import { FakeClock } from '../support/fake-clock';
import { freePort, ScriptedCluster } from '../support/scripted-server';
import { settledWithin } from '../support/wait-for';
import { TestCluster, waitFor } from './core-harness';


/** A resolver answering from a list that the test changes; it records every name asked. */
function scriptedResolver(): { answer: string[]; readonly asked: string[]; readonly resolver: HostResolver } {
  const r = {
    answer: [] as string[],
    asked: [] as string[],
    resolver: (name: string): Promise<string[]> => {
      r.asked.push(name);
      return Promise.resolve([...r.answer]);
    },
  };
  return r;
}

describe('contact point names', () => {
  let clusters: ScriptedCluster[] = [];
  let cluster: TestCluster | undefined;
  let events: ClusterEvent[];

  async function start(options: ClusterOptions): Promise<TestCluster> {
    cluster = new TestCluster({ refreshDebounceMs: 20, reconnection: new ConstantReconnectionPolicy(50), pooling: { heartbeatIntervalMs: 0 }, ...options });
    events = [];
    cluster.events$.subscribe((e) => events.push(e));
    await cluster.connect();
    return cluster;
  }

  afterEach(async () => {
    await cluster?.shutdown();
    cluster = undefined;
    await Promise.all(clusters.map((c) => c.stop()));
    clusters = [];
  });

  it('are resolved again when every known host is down, and the control connection follows the new address', async () => {
    const port = await freePort();
    const old = await ScriptedCluster.start({ nodesPerDc: [1], port, addressBase: 100 });
    const replacement = await ScriptedCluster.start({ nodesPerDc: [1], port, addressBase: 120 });
    clusters = [old, replacement];
    const dns = scriptedResolver();
    dns.answer = [old.first.address];
    const c = await start({ contactPoints: [`cassandra.test:${port}`], resolver: dns.resolver });
    expect(c.controlHost).toBe(old.first.endpoint);
    expect(dns.asked).toEqual(['cassandra.test']);

    dns.answer = [replacement.first.address]; // the name now points at the replacement cluster
    await old.first.crash();
    await waitFor('the control connection on the new address', () => c.controlHost === replacement.first.endpoint);
    expect(dns.asked.length).toBeGreaterThanOrEqual(2);
    expect(dns.asked.every((n) => n === 'cassandra.test')).toBe(true);
    await waitFor('the topology of the new cluster', () => c.hosts().some((h) => h.endpoint === replacement.first.endpoint && h.state === 'up'));
    expect(c.hosts().map((h) => h.endpoint)).toEqual([replacement.first.endpoint]);
    expect(events.some((e) => e.type === 'log' && e.level === 'info' &&
      e.message === `contact points resolved again (every known host is down): ${replacement.first.endpoint} (1 new)`)).toBe(true);
  });

  it('are not resolved again while another known host is up', async () => {
    const sim = await ScriptedCluster.start({ nodesPerDc: [3] });
    clusters = [sim];
    const dns = scriptedResolver();
    dns.answer = [sim.first.address];
    const c = await start({ contactPoints: [`db.test:${sim.port}`], resolver: dns.resolver });
    await sim.first.crash();
    await waitFor('the control connection on another host', () => c.controlHost !== null && c.controlHost !== sim.first.endpoint);
    // Marked down after the control connection moved: had every host counted as down, the
    // names would have been resolved again by now.
    await waitFor('the crashed host down', () => c.hosts().find((h) => h.endpoint === sim.first.endpoint)?.state === 'down');
    expect(dns.asked).toEqual(['db.test']);
  });

  it('fail connect with NoHostAvailableError naming each unresolvable contact point, without connecting anywhere', async () => {
    const sim = await ScriptedCluster.start({ nodesPerDc: [1] });
    clusters = [sim];
    const resolver: HostResolver = (name) => (name === 'gone.test' ? Promise.reject(new Error('ENOTFOUND gone.test')) : Promise.resolve(['not-an-address']));
    const c = new TestCluster({ contactPoints: ['gone.test', `odd.test:${sim.port}`], resolver });
    cluster = c;
    const error = await c.connect().then(() => null, (e: unknown) => e);
    expect(error).toBeInstanceOf(NoHostAvailableError);
    const errors = (error as NoHostAvailableError).errors;
    expect([...errors.keys()]).toEqual(['gone.test', `odd.test:${sim.port}`]);
    expect([...errors.values()].every((e) => e instanceof ContactPointResolutionError)).toBe(true);
    expect(errors.get('gone.test')?.message).toMatch(/ENOTFOUND gone\.test/);
    expect(errors.get(`odd.test:${sim.port}`)?.message).toMatch(/"not-an-address", not an IP address/);
    expect(sim.first.accepted).toBe(0);
  });

  it('bound a resolver that never answers by connectTimeoutMs on the cluster clock', async () => {
    const clock = new FakeClock();
    const c = new TestCluster({ contactPoints: ['hang.test'], resolver: () => new Promise<string[]>(() => undefined), clock, connectTimeoutMs: 700 });
    cluster = c;
    const outcome = c.connect().then(() => 'connected', (e: unknown) => e);
    await waitFor('the resolver timeout armed', () => clock.pending > 0);
    clock.advance(699);
    expect(await settledWithin(outcome, 100, 'pending')).toBe('pending');
    clock.advance(1);
    const error = await outcome;
    expect(error).toBeInstanceOf(NoHostAvailableError);
    expect((error as Error).message).toMatch(/hang\.test.*no answer from the resolver within 700 ms/);
    expect(clock.pending).toBe(0);
  });

  it.each([
    ['a string', 'dns'],
    ['an object', { lookup: () => [] }],
    ['null', null],
  ])('reject a resolver that is %s with an OptionError naming the option and value', (_what, resolver) => {
    const make = (): TestCluster => new TestCluster({ contactPoints: ['db.test'], resolver } as unknown as ClusterOptions);
    expect(make).toThrow(OptionError);
    try {
      make();
    } catch (e) {
      expect((e as OptionError).option).toBe('resolver');
      expect((e as OptionError).value).toBe(resolver);
    }
  });
});
