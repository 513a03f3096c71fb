/**
 * Password authentication and TLS against a real Cassandra 5.0 (one cluster shape serves both:
 * `ensureCluster({ auth: true, tls: true })`; the default shape is restored afterwards). Also
 * settles where v5 framing starts when the server asks for authentication: Cassandra sends
 * AUTHENTICATE unframed and expects AUTH_RESPONSE inside segments.
 */
import * as fs from 'node:fs';
import { PlainTextAuthProvider } from '../../../lib/connection/auth';
import { openConnection } from '../../../lib/connection/connect';
import type { Connection } from '../../../lib/connection/connection';
import type { ConnectionOptions } from '../../../lib/connection/connection-options';
import { AuthenticationFailedError, ConnectionError } from '../../../lib/errors/connection-errors';
import { Lz4Compressor } from '../../../lib/protocol/compressor';
import { Opcode } from '../../../lib/protocol/opcodes';
import { encodeAuthResponse, encodeStartup } from '../../../lib/protocol/requests';
import { decodeResponse } from '../../../lib/protocol/response';
import type { CassandraCluster } from '../../support/cassandra/cluster';
import { canManageCluster, ensureCluster, expectedReleaseVersion } from '../../support/cassandra/ensure-cluster';
import { RawClient } from '../../protocol/real/raw-client';
import { cql, rowsOf } from '../../types/real/cql-client';

jest.setTimeout(300_000);

const describeManaged = canManageCluster() ? describe : describe.skip;
const HOST = '127.0.0.1';
const PORT = 9042;

describeManaged('openConnection with password authentication and TLS (Cassandra 5.0)', () => {
  let cluster: CassandraCluster;
  let ca = '';
  const open: Connection[] = [];

  beforeAll(async () => {
    cluster = await ensureCluster({ auth: true, tls: true });
    ca = fs.readFileSync(cluster.tls?.caPem ?? '', 'utf8');
  });
  afterEach(async () => {
    await Promise.all(open.splice(0).map((c) => c.close({ graceful: false })));
  });
  afterAll(async () => {
    await ensureCluster({}); // back to the default shape for later suites
  });

  async function connect(extra: Partial<ConnectionOptions>): Promise<Connection> {
    const c = await openConnection({ host: HOST, port: PORT, heartbeat: { intervalMs: 0 }, tls: { ca }, ...extra });
    open.push(c);
    return c;
  }
  const credentials = (password: string): PlainTextAuthProvider => new PlainTextAuthProvider(cluster.credentials.username, password);

  it('v5 + LZ4 over TLS with the generated CA and the right password', async () => {
    const c = await connect({ authProvider: credentials(cluster.credentials.password) });
    expect([c.version, c.compression]).toEqual([5, 'lz4']);
    expect(rowsOf(await cql(c, 'SELECT release_version FROM system.local'))[0]?.[0]).toMatch(expectedReleaseVersion());
  });

  it.each([[4, 'lz4'], [4, 'none'], [3, 'lz4']] as const)('v%d (%s) over TLS with the right password', async (version, compression) => {
    const c = await connect({ authProvider: credentials(cluster.credentials.password), maxProtocolVersion: version, compression });
    expect(c.version).toBe(version);
    expect(rowsOf(await cql(c, 'SELECT key FROM system.local'))).toEqual([['local']]);
  });

  it('a wrong password fails with AuthenticationFailedError that does not contain it', async () => {
    const secret = 'not-the-Passw0rd';
    const failure = await connect({ authProvider: credentials(secret) }).then(() => null, (e: unknown) => e);
    expect(failure).toBeInstanceOf(AuthenticationFailedError);
    expect(String((failure as Error).message)).not.toContain(secret);
    expect(String((failure as Error).message)).toMatch(/incorrect|bad credentials/i);
  });

  it('no credentials: AuthenticationFailedError naming the authenticator', async () => {
    await expect(connect({})).rejects.toThrow(AuthenticationFailedError);
  });

  it('refuses a server certificate from an untrusted CA, and by default without a CA', async () => {
    const untrusted = fs.readFileSync(cluster.tls?.untrustedCaPem ?? '', 'utf8');
    const auth = credentials(cluster.credentials.password);
    await expect(connect({ authProvider: auth, tls: { ca: untrusted } })).rejects.toThrow(ConnectionError);
    await expect(connect({ authProvider: auth, tls: {} })).rejects.toThrow(/self[- ]signed|unable to (verify|get)|certificate/i);
  });

  it('plain TCP to the TLS port fails', async () => {
    await expect(openConnection({ host: HOST, port: PORT, heartbeat: { intervalMs: 0 }, connectTimeoutMs: 2000, handshakeTimeoutMs: 3000, authProvider: credentials('x') }))
      .rejects.toThrow(ConnectionError);
  });

  describe('v5 framing around authentication (raw codec over TLS)', () => {
    const token = (): Buffer => Buffer.from(`\0${cluster.credentials.username}\0${cluster.credentials.password}`);
    async function startV5(): Promise<RawClient> {
      const c = await RawClient.connect(HOST, PORT, { ca });
      c.send(encodeStartup({ version: 5, stream: 0 }, { CQL_VERSION: '3.0.0', COMPRESSION: 'lz4' }));
      const answer = await c.next();
      expect(decodeResponse(answer).message.opcode).toBe(Opcode.Authenticate);
      // Evidence that AUTHENTICATE itself came unframed: the first byte is a v5 response header.
      expect(c.received[0]?.[0]).toBe(0x85);
      return c;
    }

    it('AUTHENTICATE is unframed; AUTH_RESPONSE in LZ4 segments gets AUTH_SUCCESS in a segment', async () => {
      const c = await startV5();
      try {
        c.useSegments(new Lz4Compressor());
        c.send(encodeAuthResponse({ version: 5, stream: 1 }, token()));
        const success = await c.next();
        expect(decodeResponse(success).message.opcode).toBe(Opcode.AuthSuccess);
        expect(success.stream).toBe(1);
      } finally {
        c.close();
      }
    });

    it('an unframed AUTH_RESPONSE after AUTHENTICATE is not understood', async () => {
      const c = await startV5();
      try {
        c.sendRaw(encodeAuthResponse({ version: 5, stream: 1 }, token()));
        const outcome = await c.next(3000).then((f) => `frame opcode ${f.opcode}`, (e: Error) => `no frame: ${e.message}`);
        process.stdout.write(`unframed AUTH_RESPONSE after a v5 AUTHENTICATE: ${outcome}\n`);
        expect(outcome).not.toBe(`frame opcode ${Opcode.AuthSuccess}`);
      } finally {
        c.close();
      }
    });
  });
});
