/**
 * Jest globalSetup of the `integration` project (runs once, in the jest
 * parent process, before any integration test file).
 *
 *  1. CASSANDRA_CONTACT_POINTS set: use that cluster, start nothing.
 *  2. A cluster started by `npm run cassandra -- start` is running: use it
 *     (exported as CASSANDRA_CONTACT_POINTS), start nothing.
 *  3. Otherwise: fetch the jars if needed, boot a 1-node cluster on
 *     127.0.0.1:9042 owned by this jest process (CASSANDRA_RX_MANAGED=1,
 *     CASSANDRA_RX_OWNER_PID=<jest pid>); the teardown stops it. A
 *     watchdog kills it if jest dies without running the teardown; Ctrl-C
 *     reaches the (non-detached) JVMs directly.
 *
 * Tests read the cluster via `contactPoints()` / `ensureCluster()` from
 * spec/support/cassandra/ensure-cluster.ts. See docs/testing.md.
 */
import { CassandraCluster } from './cassandra/cluster';
import { CONTACT_POINTS_ENV, MANAGED_ENV, OWNER_PID_ENV, ensureCluster } from './cassandra/ensure-cluster';

function log(message: string): void {
  process.stderr.write(`[cassandra] ${message}\n`);
}

export default async function globalSetup(): Promise<void> {
  const external = process.env[CONTACT_POINTS_ENV];
  if (external && process.env[MANAGED_ENV] !== '1') {
    log(`using external cluster ${CONTACT_POINTS_ENV}=${external}`);
    return;
  }
  const cli = CassandraCluster.load();
  if (cli && cli.owner.kind === 'cli' && cli.nodes.some((n) => cli.isRunning(n.index))) {
    const asked = process.env['CASSANDRA_VERSION'];
    if (asked !== undefined && asked !== cli.version) {
      throw new Error(`CASSANDRA_VERSION=${asked} but the cluster started by \`npm run cassandra\` runs ${cli.version}; stop it (npm run cassandra -- stop) or start it with --version ${asked}`);
    }
    process.env[CONTACT_POINTS_ENV] = cli.contactPoints.join(',');
    log(`using the cluster started by \`npm run cassandra\`: ${process.env[CONTACT_POINTS_ENV]}`);
    return;
  }
  const started = Date.now();
  process.env[MANAGED_ENV] = '1';
  process.env[OWNER_PID_ENV] = String(process.pid);
  const cluster = await ensureCluster({ nodes: 1 });
  process.env[CONTACT_POINTS_ENV] = cluster.contactPoints.join(',');
  log(`${cluster.nodes.length}-node cluster ready at ${process.env[CONTACT_POINTS_ENV]} in ${Date.now() - started} ms`);
}
