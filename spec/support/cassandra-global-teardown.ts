/**
 * Jest globalTeardown of the `integration` project: stops whatever
 * harness-managed cluster is running (1 node, or the 3 nodes a suite
 * switched to) by the PIDs in its state file (SIGKILL: the data is thrown away), and deletes its directory
 * (kept when CASSANDRA_RX_KEEP=1, for reading the logs). Clusters the
 * harness does not own (CASSANDRA_CONTACT_POINTS, `npm run cassandra`) are
 * left alone.
 */
import { CassandraCluster } from './cassandra/cluster';
import { MANAGED_ENV } from './cassandra/ensure-cluster';

export default async function globalTeardown(): Promise<void> {
  if (process.env[MANAGED_ENV] !== '1') return;
  const cluster = CassandraCluster.load();
  if (!cluster || cluster.owner.kind !== 'jest') return;
  const started = Date.now();
  await cluster.stop({ kill: true, removeDir: process.env['CASSANDRA_RX_KEEP'] !== '1' });
  process.stderr.write(`[cassandra] stopped ${cluster.nodes.length}-node cluster in ${Date.now() - started} ms\n`);
}
