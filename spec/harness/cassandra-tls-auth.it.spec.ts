/**
 * The harness's `tls` and `auth` options produce working servers: with both
 * on, a TLS socket trusting the generated CA gets SUPPORTED, one trusting the
 * unrelated CA (or speaking plain TCP) fails, and STARTUP is answered with
 * AUTHENTICATE(PasswordAuthenticator); SASL PLAIN cassandra/cassandra gets
 * AUTH_SUCCESS, a wrong password an ERROR. (Driver-level auth/TLS tests live
 * elsewhere.)
 */
import * as fs from 'node:fs';
import * as tls from 'node:tls';
import { CassandraCluster } from '../support/cassandra/cluster';
import { canManageCluster, ensureCluster } from '../support/cassandra/ensure-cluster';
import { FrameReader, OPCODE, OPTIONS_V4, parseStringMultimap, plainAuthResponseV4, startupV4 } from './frames';

jest.setTimeout(240_000);

const describeManaged = canManageCluster() ? describe : describe.skip;

async function tlsConnect(caFile: string): Promise<{ socket: tls.TLSSocket; reader: FrameReader }> {
  const socket = tls.connect({ host: '127.0.0.1', port: 9042, ca: fs.readFileSync(caFile), servername: 'localhost' });
  const reader = new FrameReader(socket);
  await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
  return { socket, reader };
}

describeManaged('harness options: tls + auth', () => {
  let cluster: CassandraCluster;
  let caPem = '';
  let untrustedCaPem = '';

  beforeAll(async () => {
    cluster = await ensureCluster({ nodes: 1, tls: true, auth: true });
    caPem = cluster.tls?.caPem ?? '';
    untrustedCaPem = cluster.tls?.untrustedCaPem ?? '';
  });

  it('serves SUPPORTED over TLS to a client trusting the generated CA', async () => {
    const { socket, reader } = await tlsConnect(caPem);
    try {
      socket.write(OPTIONS_V4);
      const response = await reader.next();
      expect(response.opcode).toBe(OPCODE.SUPPORTED);
      expect(parseStringMultimap(response.body).get('PROTOCOL_VERSIONS')).toEqual(expect.arrayContaining(['5/v5']));
    } finally {
      socket.destroy();
    }
  });

  it('fails the handshake for a client trusting only the unrelated CA', async () => {
    await expect(tlsConnect(untrustedCaPem)).rejects.toThrow(/self[- ]signed|unable to verify|certificate/i);
  });

  it('authenticates the default superuser with SASL PLAIN and rejects a wrong password', async () => {
    for (const [password, expected] of [['cassandra', OPCODE.AUTH_SUCCESS], ['wrong', OPCODE.ERROR]] as const) {
      const { socket, reader } = await tlsConnect(caPem);
      try {
        socket.write(startupV4());
        const challenge = await reader.next();
        expect(challenge.opcode).toBe(OPCODE.AUTHENTICATE);
        expect(challenge.body.toString('utf8')).toContain('PasswordAuthenticator');
        socket.write(plainAuthResponseV4(cluster.credentials.username, password));
        expect((await reader.next()).opcode).toBe(expected);
      } finally {
        socket.destroy();
      }
    }
  });
});
