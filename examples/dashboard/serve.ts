/**
 * `npm run dashboard`: the cluster dashboard on a local three-node Cassandra. When nothing answers
 * on 127.0.0.1:9042 (and CASSANDRA_CONTACT_POINTS is not set) it boots three Cassandra 5.0 nodes on
 * 127.0.0.1-3 with the project's harness (the first run downloads the jars); then it starts the
 * NestJS example (examples/nest-api) serving the built dashboard, seeds the data the views browse,
 * runs a bounded background workload and prints the URL. Ctrl-C stops all of it, and the nodes it
 * booted.
 */
import { join } from 'node:path';
import { CassandraCluster } from '../../spec/support/cassandra/cluster';
import { canConnect } from '../../spec/support/cassandra/wait';
import { getSessionToken } from 'cassandra-rx/nestjs';
import type { Session } from 'cassandra-rx';
import { bootstrap } from '../nest-api/src/main';
import { seed, startWorkload } from './server/workload';

const say = (text: string): void => void process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  let booted: CassandraCluster | undefined;
  if (!process.env['CASSANDRA_CONTACT_POINTS'] && !(await canConnect('127.0.0.1', 9042))) {
    say('No Cassandra on 127.0.0.1:9042: booting three local Cassandra 5.0 nodes on 127.0.0.1-3 (the first run downloads it)...');
    const started = Date.now();
    booted = await CassandraCluster.start({ nodes: 3 });
    say(`Cassandra ${booted.version}: 3 nodes up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const stopCassandra = async (): Promise<void> => {
    if (!booted) return;
    say('Stopping the Cassandra nodes this script started...');
    await booted.stop();
    booted = undefined;
  };
  process.env['DASHBOARD_DIR'] ??= join(__dirname, 'dist', 'dashboard', 'browser');
  process.env['CASSANDRA_KEYSPACE'] ??= 'dashboard';
  process.env['CASSANDRA_REPLICATION_FACTOR'] ??= '3'; // a killed node leaves every row readable
  process.env['CASSANDRA_HEARTBEAT_MS'] ??= '2000';
  process.env['CASSANDRA_RECONNECT_MAX_MS'] ??= '2000';
  let app: Awaited<ReturnType<typeof bootstrap>>;
  try {
    app = await bootstrap({ shutdownHooks: false });
  } catch (e) {
    await stopCassandra();
    throw e;
  }
  const session = app.get<Session>(getSessionToken());
  say('Seeding the products listing and the readings of sensor "dashboard" (what is missing)...');
  const seeded = await seed(session);
  say(`Inserted ${seeded.products} products and ${seeded.readings} readings.`);
  const workload = startWorkload(session, { perSecond: 20, maxDurationMs: 3_600_000 });
  say(`Dashboard: ${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/  (a background workload runs 20 statements a second for at most an hour; Ctrl-C stops everything)`);
  const close = (): void => {
    say('Closing...');
    workload.stop();
    app.close().then(stopCassandra).catch((e: unknown) => {
      process.stderr.write(`close failed: ${String(e)}\n`);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
}

main().catch((e: unknown) => {
  process.stderr.write(`dashboard failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
  process.exitCode = 1;
});
