/**
 * Smoke test of the harness: the node booted by the jest global setup
 * answers a hand-written OPTIONS frame (protocol v4) on 127.0.0.1:9042 with
 * SUPPORTED, advertising protocol v5 and LZ4 compression.
 */
import { canManageCluster, contactPoint, ensureCluster, parseHostPort } from '../support/cassandra/ensure-cluster';
import { FrameReader, OPCODE, OPTIONS_V4, parseStringMultimap } from './frames';
import * as net from 'node:net';

jest.setTimeout(240_000);

describe('Cassandra harness smoke test', () => {
  let host = '127.0.0.1';
  let port = 9042;

  beforeAll(async () => {
    // Managed mode: make sure a plain 1-node cluster runs (another suite may have switched shape).
    const target = canManageCluster() ? parseHostPort((await ensureCluster({ nodes: 1 })).contactPoints[0] ?? '') : contactPoint();
    host = target.host;
    port = target.port;
  });

  it('answers OPTIONS with SUPPORTED listing protocol v5 and lz4', async () => {
    const socket = net.connect({ host, port });
    try {
      const reader = new FrameReader(socket);
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
      socket.write(OPTIONS_V4);
      const response = await reader.next();

      expect(response.version).toBe(0x84); // response bit + v4
      expect(response.opcode).toBe(OPCODE.SUPPORTED);
      const supported = parseStringMultimap(response.body);
      expect(supported.get('PROTOCOL_VERSIONS')).toEqual(expect.arrayContaining(['5/v5']));
      expect(supported.get('COMPRESSION')).toEqual(expect.arrayContaining(['lz4']));
      expect(supported.get('CQL_VERSION')?.[0]).toMatch(/^3\./);
    } finally {
      socket.destroy();
    }
  });

  if (canManageCluster()) {
    it('listens on 127.0.0.1:9042 in managed mode', () => {
      expect(`${host}:${port}`).toBe('127.0.0.1:9042');
    });
  }
});
