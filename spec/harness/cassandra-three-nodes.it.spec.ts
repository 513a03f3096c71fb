/**
 * Three nodes on 127.0.0.1..3: each answers OPTIONS on its own address,
 * `nodetool status` shows 3 × UN, node 2 survives SIGKILL + restart, and
 * nodetool disablebinary/enablebinary close and reopen node 3's CQL port.
 * Runs in `npm test` when the harness manages the cluster; skip it with
 * CASSANDRA_RX_SKIP_MULTINODE=1. The cluster is left at 3 nodes for later
 * suites (ensureCluster() reshapes it as they need).
 */
import { CassandraCluster } from '../support/cassandra/cluster';
import { canManageCluster, ensureCluster } from '../support/cassandra/ensure-cluster';
import { upNormal } from '../support/cassandra/nodetool';
import { canConnect } from '../support/cassandra/wait';
import { optionsOverTcp } from './frames';

jest.setTimeout(300_000);

const enabled = canManageCluster() && process.env['CASSANDRA_RX_SKIP_MULTINODE'] !== '1';
const describeMultiNode = enabled ? describe : describe.skip;

describeMultiNode('three-node cluster', () => {
  let cluster: CassandraCluster;

  beforeAll(async () => {
    cluster = await ensureCluster({ nodes: 3 });
  });

  it('answers OPTIONS on 127.0.0.N:9042 for every node', async () => {
    expect(cluster.contactPoints).toEqual(['127.0.0.1:9042', '127.0.0.2:9042', '127.0.0.3:9042']);
    for (const node of cluster.nodes) {
      const supported = await optionsOverTcp(node.address, node.nativePort);
      expect(supported.get('PROTOCOL_VERSIONS')).toEqual(expect.arrayContaining(['5/v5']));
    }
  });

  it('reports three nodes up and normal in nodetool status', async () => {
    const rows = await cluster.status(1);
    expect(upNormal(rows).sort()).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
    expect(new Set(rows.map((r) => r.dc))).toEqual(new Set(['dc1']));
  });

  it('restarts node 2 after SIGKILL', async () => {
    await cluster.killNode(2);
    expect(cluster.isRunning(2)).toBe(false);
    expect(await canConnect('127.0.0.2', 9042)).toBe(false);

    await cluster.startNode(2);
    expect(cluster.isRunning(2)).toBe(true);
    expect((await optionsOverTcp('127.0.0.2', 9042)).get('COMPRESSION')).toEqual(expect.arrayContaining(['lz4']));
    expect(upNormal(await cluster.status(3)).sort()).toEqual(['127.0.0.1', '127.0.0.2', '127.0.0.3']);
  });

  it('closes and reopens the CQL port with nodetool disablebinary/enablebinary', async () => {
    await cluster.nodetool(3, ['disablebinary']);
    expect(await canConnect('127.0.0.3', 9042)).toBe(false);
    await cluster.nodetool(3, ['enablebinary']);
    expect(await canConnect('127.0.0.3', 9042)).toBe(true);
  });
});
