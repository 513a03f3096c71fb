import { ClusterCore as TestCluster } from '../../lib/cluster/cluster-core';
import { ScriptedCluster } from '../support/scripted-server';
import { uuidFrom } from '../support/scripted-server/topology';
import { waitFor } from '../support/wait-for';

// Three nodes; the control connection sits on the first. A DDL statement coordinated by the second
// node changes that node's own version first, while every peers table still gossips the old one.
describe('Schema agreement asks each host for its own version', () => {
  let sim: ScriptedCluster;
  let cluster: TestCluster;
  const NEW = uuidFrom('schema-2');

  beforeEach(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [3] });
    cluster = new TestCluster({ contactPoints: [`${sim.first.address}:${sim.port}`], pooling: { heartbeatIntervalMs: 0 } });
    await cluster.connect();
  });
  afterEach(async () => {
    await cluster.shutdown();
    await sim.stop();
  });

  const [, second, third] = [0, 1, 2].map((i) => () => sim.topology.nodes[i]!.address);

  it('agrees at once when every node reports the same version', async () => {
    await expect(cluster.awaitSchemaAgreement(2000)).resolves.toBe(true);
  });

  it('does not report agreement while one node is ahead of the gossiped versions', async () => {
    sim.topology.setOwnSchemaVersion(second!(), NEW);
    const started = Date.now();
    await expect(cluster.awaitSchemaAgreement(600)).resolves.toBe(false);
    expect(Date.now() - started).toBeGreaterThanOrEqual(590);
  });

  it('resolves once the other nodes catch up, before the deadline', async () => {
    sim.topology.setOwnSchemaVersion(second!(), NEW);
    const waiting = cluster.awaitSchemaAgreement(5000);
    let settled = false;
    void waiting.then(() => (settled = true));
    // Two full polling rounds (every host asked twice) saw the disagreement: still waiting.
    const asked = (): number => sim.nodes.reduce((a, n) => a + n.count('SELECT schema_version FROM system.local'), 0);
    const before = asked();
    await waitFor('two polling rounds', () => asked() >= before + 2 * sim.nodes.length);
    expect(settled).toBe(false);
    for (const a of [sim.first.address, third!()]) sim.topology.setOwnSchemaVersion(a, NEW);
    await expect(waiting).resolves.toBe(true);
    expect(asked()).toBeLessThanOrEqual(before + 4 * sim.nodes.length); // the next round or the one after agreed
  });

  it('reads a host without a pooled connection from the control host\'s peers table', async () => {
    // Take the third node's pool away (as for a host at distance "ignored"); the host stays up.
    const host = cluster.hosts().find((h) => h.address === third!());
    await cluster.registry.pool(host!)?.close();
    expect(host!.state).not.toBe('down');
    for (const n of sim.topology.nodes) sim.topology.setOwnSchemaVersion(n.address, uuidFrom('schema-1'));
    sim.topology.setOwnSchemaVersion(third!(), NEW); // its own answer is not asked for
    await expect(cluster.awaitSchemaAgreement(1000)).resolves.toBe(true);
    sim.topology.schemaVersion = NEW; // the gossip now says the third node differs from the first two
    await expect(cluster.awaitSchemaAgreement(600)).resolves.toBe(false);
  });
});
