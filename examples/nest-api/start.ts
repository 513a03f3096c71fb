/**
 * `npm run example:nest`: starts the example service against a local Cassandra. When nothing
 * answers on 127.0.0.1:9042 (and CASSANDRA_CONTACT_POINTS is not set) it boots a one-node
 * Cassandra 5.0 with the project's harness, as `npm start` does (the first run downloads the jars),
 * then starts the service and prints its URL. Ctrl-C closes the service (which shuts the cluster
 * down) and stops the Cassandra node it booted.
 */
import { CassandraCluster } from '../../spec/support/cassandra/cluster';
import { canConnect } from '../../spec/support/cassandra/wait';
import { bootstrap } from './src/main';

const say = (text: string): void => void process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  let booted: CassandraCluster | undefined;
  if (!process.env['CASSANDRA_CONTACT_POINTS'] && !(await canConnect('127.0.0.1', 9042))) {
    say('No Cassandra on 127.0.0.1:9042: booting a local Cassandra 5.0 node (the first run downloads it)...');
    const started = Date.now();
    booted = await CassandraCluster.start({ nodes: 1 });
    say(`Cassandra ${booted.version} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const stopCassandra = async (): Promise<void> => {
    if (!booted) return;
    say('Stopping the Cassandra node this example started...');
    await booted.stop();
    booted = undefined;
  };
  let app: Awaited<ReturnType<typeof bootstrap>>;
  try {
    app = await bootstrap({ shutdownHooks: false });
  } catch (e) {
    await stopCassandra();
    throw e;
  }
  const url = await app.getUrl();
  say(`Try: curl ${url}/health | curl -X POST ${url}/readings/s1/seed?count=2000 | curl -N ${url}/readings/s1/stream | curl -N ${url}/cluster/events`);
  // Ctrl-C: close the service (the cluster shuts down with it), then the node this script booted;
  // nothing is left running, so the process exits by itself.
  const close = (): void => {
    say('Closing the service...');
    app.close().then(stopCassandra).catch((e: unknown) => {
      process.stderr.write(`close failed: ${String(e)}\n`);
      process.exitCode = 1;
    });
  };
  process.once('SIGINT', close);
  process.once('SIGTERM', close);
}

main().catch((e: unknown) => {
  process.stderr.write(`example failed: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}\n`);
  process.exitCode = 1;
});
