import { randomBytes } from 'node:crypto';
import { firstValueFrom } from 'rxjs';
import { Cluster, type Session } from '../../../lib';
import { contactPoints, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';

// Real Cassandra 5.0 (issue 11): values of 1, 8 and 15 MiB round-trip. The harness keeps
// Cassandra's default size limits (32 MiB commit log segments: mutations up to 16 MiB).
const KS = `rx_large_${Date.now().toString(36)}`;
const MiB = 1024 * 1024;

describe.each([4, 5] as const)('large values at v%i (real Cassandra)', (version) => {
  let cluster: Cluster;
  let session: Session;

  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints(), maxProtocolVersion: version });
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE IF NOT EXISTS ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`CREATE TABLE IF NOT EXISTS ${KS}.blobs (k int PRIMARY KEY, b blob)`));
  }, 120_000);

  afterAll(async () => {
    await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  it.each([1, 8, 15])('%i MiB blob written (prepared) and read back byte for byte', async (mib) => {
    const value = randomBytes(mib * MiB);
    const k = version * 100 + mib;
    await firstValueFrom(session.execute(`INSERT INTO ${KS}.blobs (k, b) VALUES (?, ?)`, [k, value], { prepare: true, timeoutMs: 60_000 }));
    const rs = await firstValueFrom(session.execute<{ b: Buffer }>(`SELECT b FROM ${KS}.blobs WHERE k = ?`, [k], { prepare: true, timeoutMs: 60_000 }));
    const got = rs.first()?.b;
    expect(got?.length).toBe(value.length);
    expect(got?.equals(value)).toBe(true);
  }, 120_000);
});
