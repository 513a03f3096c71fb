/**
 * The main job (`npm start`): a short tour of cassandra-rx against a local Cassandra. When nothing
 * answers on 127.0.0.1:9042, it boots a one-node Cassandra 5.0 with the project's harness (first
 * run downloads the jars from Maven Central), and stops it at the end.
 */
import { count, firstValueFrom, lastValueFrom, mergeMap, range, take, toArray } from 'rxjs';
import { Cluster, Consistency } from '../lib';
import { CassandraCluster } from '../spec/support/cassandra/cluster';
import { canConnect } from '../spec/support/cassandra/wait';

const say = (text: string): void => void process.stdout.write(`${text}\n`);

async function main(): Promise<void> {
  let booted: CassandraCluster | undefined;
  if (!(await canConnect('127.0.0.1', 9042))) {
    say('No Cassandra on 127.0.0.1:9042: booting a local Cassandra 5.0 node (first run downloads it)...');
    const started = Date.now();
    booted = await CassandraCluster.start({ nodes: 1 });
    say(`Cassandra ${booted.version} up in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  }
  const cluster = new Cluster({ contactPoints: ['127.0.0.1'] });
  cluster.hostEvents$.subscribe((e) => say(`  [host ${e.kind}] ${e.host.endpoint} ${e.host.datacenter ?? ''} (${e.reason})`));
  cluster.schemaChanges$.subscribe((e) => say(`  [schema ${e.change}] ${e.target} ${e.keyspace}${e.name ? `.${e.name}` : ''}`));
  try {
    const session = await cluster.connect();
    say(`Connected: protocol v${cluster.protocolVersion}, control connection on ${cluster.controlHost}`);
    const local = await firstValueFrom(session.execute<{ release_version: string }>('SELECT release_version FROM system.local'));
    say(`release_version = ${local.first()?.release_version}`);

    await firstValueFrom(session.execute("CREATE KEYSPACE IF NOT EXISTS demo WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}"));
    await firstValueFrom(session.execute('CREATE TABLE IF NOT EXISTS demo.readings (sensor text, at timestamp, value double, PRIMARY KEY (sensor, at))'));

    const insert = await firstValueFrom(session.prepare('INSERT INTO demo.readings (sensor, at, value) VALUES (?, ?, ?)'));
    const t0 = Date.now();
    // 2,000 inserts, at most 128 in flight: RxJS's mergeMap is the concurrency control.
    const inserted = await lastValueFrom(range(0, 2000).pipe(
      mergeMap((i) => session.execute(insert, ['s1', new Date(t0 - i * 1000), Math.sin(i / 10)], { consistency: Consistency.ONE }), 128),
      count(),
    ));
    say(`Inserted ${inserted} rows with a prepared statement in ${Date.now() - t0} ms`);

    const pages = await lastValueFrom(session.pages("SELECT * FROM demo.readings WHERE sensor = 's1'", undefined, { fetchSize: 500 }).pipe(count()));
    say(`Paged through the partition: ${pages} pages of up to 500 rows`);
    const firstFive = await lastValueFrom(session.stream<{ value: number }>("SELECT value FROM demo.readings WHERE sensor = 's1'", undefined, { fetchSize: 100 })
      .pipe(take(5), toArray()));
    say(`First five values (streaming, stopped after 5): ${firstFive.map((r) => r.value.toFixed(3)).join(', ')}`);

    const lwt = await firstValueFrom(session.execute("INSERT INTO demo.readings (sensor, at, value) VALUES ('s1', 0, 1) IF NOT EXISTS"));
    say(`Lightweight transaction applied: ${lwt.wasApplied()}`);

    const batched = await firstValueFrom(session.batch([
      { query: "INSERT INTO demo.readings (sensor, at, value) VALUES ('s2', 1, 1.5)" },
      insert.bind(['s2', new Date(2), 2.5]),
    ]));
    say(`Logged batch of 2 done on ${batched.info.host}`);

    const m = cluster.metrics();
    say(`Metrics: ${m.requests} requests, p50 ${(m.latency.p50 / 1000).toFixed(2)} ms, p99 ${(m.latency.p99 / 1000).toFixed(2)} ms, ${m.bytesSent} bytes sent`);
    await firstValueFrom(session.execute('DROP KEYSPACE demo'));
  } finally {
    await cluster.shutdown();
    if (booted) {
      say('Stopping the Cassandra node this demo started...');
      await booted.stop();
    }
  }
  say('Done.');
}

main().catch((e: unknown) => {
  process.stderr.write(`demo failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}\n`);
  process.exitCode = 1;
});
