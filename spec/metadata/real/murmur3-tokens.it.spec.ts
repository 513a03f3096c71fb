import { randomBytes, randomUUID } from 'node:crypto';
import { firstValueFrom, lastValueFrom, mergeMap, from, toArray } from 'rxjs';
import { Cluster, Uuid, type Session } from '../../../lib';
import { contactPoints, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';

// Our Murmur3 token of each partition key must equal the server's token(...) — 12,000 random keys
// over several partition-key types and a composite key. The keys go through the schema-typed
// routing-key encoding (metadata.routingKey), the same path token-aware routing uses.
const KS = `rx_tokens_${Date.now().toString(36)}`;
const PER_TABLE = 2000;

const tables: ReadonlyArray<{ name: string; pk: string; cols: string; key: (i: number) => unknown[] }> = [
  { name: 't_int', pk: 'k', cols: 'k int', key: () => [randomBytes(4).readInt32BE(0)] },
  { name: 't_bigint', pk: 'k', cols: 'k bigint', key: () => [randomBytes(8).readBigInt64BE(0)] },
  { name: 't_text', pk: 'k', cols: 'k text', key: (i) => [`${randomBytes(1 + (i % 40)).toString('base64')}-é${i}`] },
  { name: 't_uuid', pk: 'k', cols: 'k uuid', key: () => [Uuid.fromString(randomUUID())] },
  { name: 't_blob', pk: 'k', cols: 'k blob', key: (i) => [randomBytes(1 + (i % 33))] },
  { name: 't_composite', pk: '(a, b)', cols: 'a int, b text', key: (i) => [i * 7919, randomBytes(1 + (i % 20)).toString('hex')] },
];

describe('Murmur3 tokens equal the server\'s token()', () => {
  let cluster: Cluster;
  let session: Session;
  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints(), useBigInt: true });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    for (const t of tables) await firstValueFrom(session.execute(`CREATE TABLE ${KS}.${t.name} (${t.cols}, PRIMARY KEY (${t.pk}))`));
  }, 120_000);
  afterAll(async () => {
    if (session) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  it.each(tables.map((t) => [t.name, t] as const))('%s: 2,000 random keys', async (_name, t) => {
    const pkCols = t.pk.replace(/[()\s]/g, '').split(',');
    const insert = await firstValueFrom(session.prepare(`INSERT INTO ${KS}.${t.name} (${pkCols.join(', ')}) VALUES (${pkCols.map(() => '?').join(', ')})`));
    const keys = Array.from({ length: PER_TABLE }, (_, i) => t.key(i));
    await lastValueFrom(from(keys).pipe(mergeMap((k) => session.execute(insert, k), 128), toArray()));
    const rows = await lastValueFrom(session.stream(`SELECT token(${pkCols.join(', ')}) AS tok, ${pkCols.join(', ')} FROM ${KS}.${t.name}`, [], { fetchSize: 5000 }).pipe(toArray()));
    expect(rows.length).toBeGreaterThan(PER_TABLE * 0.99); // random keys may repeat (tiny blobs)
    const mismatches = rows.filter((r) => {
      const ours = cluster.metadata.getToken(cluster.metadata.routingKey(KS, t.name, pkCols.map((c) => r[c])));
      return String(ours) !== String(r['tok']);
    });
    expect(mismatches.map((r) => JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v)))).toEqual([]);
  }, 120_000);
});
