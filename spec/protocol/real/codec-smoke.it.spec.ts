/**
 * The codec against a real Cassandra (5.0 by default; any CASSANDRA_VERSION), over a plain socket (no Connection class): OPTIONS →
 * SUPPORTED, STARTUP at v5 (LZ4 and plain segments) and at v4 (with and without LZ4 bodies),
 * a system.local query, and a PREPARE + EXECUTE round trip with the v5 result metadata id.
 */
import { Consistency } from '../../../lib/protocol/consistency';
import { Lz4Compressor } from '../../../lib/protocol/compressor';
import { HeaderFlag, Opcode, type ProtocolVersion } from '../../../lib/protocol/opcodes';
import { encodeExecute, encodeOptions, encodePrepare, encodeQuery, encodeStartup } from '../../../lib/protocol/requests';
import { decodeResponse, type Response } from '../../../lib/protocol/response';
import { contactPoint, type HostPort, ensurePlainCluster, expectedReleaseVersion } from '../../support/cassandra/ensure-cluster';
import { RawClient } from './raw-client';

jest.setTimeout(120_000);

function rows(r: Response): unknown[][] {
  const m = r.message;
  if (m.opcode !== Opcode.Result || m.result.kind !== 'rows' || !m.result.rows) {
    throw new Error(`expected rows, got ${JSON.stringify(m, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
  }
  return m.result.rows;
}

describe('codec against a real Cassandra (plain socket)', () => {
  let target: HostPort;
  const clients: RawClient[] = [];
  async function client(): Promise<RawClient> {
    const c = await RawClient.connect(target.host, target.port);
    clients.push(c);
    return c;
  }
  beforeAll(async () => {
    await ensurePlainCluster();
    target = contactPoint();
  }, 300_000);
  afterEach(() => { clients.splice(0).forEach((c) => c.close()); });

  /** STARTUP at `version`; at v5 switches to segments right after the answer, like the server. */
  async function start(version: ProtocolVersion, lz4: boolean): Promise<RawClient> {
    const c = await client();
    const startup: Record<string, string> = { CQL_VERSION: '3.0.0' };
    if (lz4) startup['COMPRESSION'] = 'lz4';
    const compressor = lz4 ? new Lz4Compressor() : null;
    c.send(encodeStartup({ version, stream: 0 }, startup));
    const readyFrame = await c.next();
    // v3/v4: Cassandra already compresses its READY (flag set, LZ4 body of length 0).
    expect(readyFrame.flags & HeaderFlag.Compression).toBe(version < 5 && lz4 ? HeaderFlag.Compression : 0);
    expect(decodeResponse(readyFrame, { compressor }).message.opcode).toBe(Opcode.Ready);
    if (version === 5) c.useSegments(compressor);
    else c.compressor = compressor;
    return c;
  }

  async function releaseVersion(c: RawClient, version: ProtocolVersion, stream = 1): Promise<string> {
    const frame = encodeQuery({ version, stream, compressor: c.compressor }, 'SELECT release_version FROM system.local', { consistency: Consistency.ONE });
    const r = await c.request(frame);
    expect(r.stream).toBe(stream);
    const value = rows(r)[0]?.[0];
    if (typeof value !== 'string') throw new Error(`release_version is ${String(value)}`);
    return value;
  }

  it('answers OPTIONS with SUPPORTED advertising v5 and lz4', async () => {
    const c = await client();
    const r = await c.request(encodeOptions({ version: 5, stream: 3 }));
    expect(r.stream).toBe(3);
    if (r.message.opcode !== Opcode.Supported) throw new Error(`opcode ${r.message.opcode}`);
    expect(r.message.options.get('PROTOCOL_VERSIONS')).toEqual(expect.arrayContaining(['5/v5', '4/v4', '3/v3']));
    expect(r.message.options.get('COMPRESSION')).toEqual(expect.arrayContaining(['lz4']));
  });

  it('v5 + LZ4: STARTUP, then LZ4 segments both ways; system.local says 5.0', async () => {
    const c = await start(5, true);
    expect(await releaseVersion(c, 5)).toMatch(expectedReleaseVersion());
    // Several frames in one segment, answered on their own streams.
    const frames = [7, 8, 9].map((stream) => encodeQuery({ version: 5, stream }, 'SELECT key FROM system.local', { consistency: Consistency.ONE }));
    c.send(...frames);
    const streams = [(await c.next()).stream, (await c.next()).stream, (await c.next()).stream];
    expect(streams.sort()).toEqual([7, 8, 9]);
  });

  it('v5 without compression: plain (CRC-protected) segments', async () => {
    const c = await start(5, false);
    expect(await releaseVersion(c, 5)).toMatch(expectedReleaseVersion());
  });

  it('v4 without compression', async () => {
    const c = await start(4, false);
    expect(await releaseVersion(c, 4)).toMatch(expectedReleaseVersion());
  });

  it('v4 with LZ4 bodies: the server compresses its answers and reads ours', async () => {
    const c = await start(4, true);
    const frame = encodeQuery({ version: 4, stream: 2, compressor: c.compressor }, 'SELECT release_version, cluster_name FROM system.local', { consistency: Consistency.ONE });
    expect((frame[1] ?? 0) & HeaderFlag.Compression).toBe(HeaderFlag.Compression);
    c.send(frame);
    const raw = await c.next();
    expect(raw.flags & HeaderFlag.Compression).toBe(HeaderFlag.Compression);
    expect(await releaseVersion(c, 4, 5)).toMatch(expectedReleaseVersion());
  });

  it('v3 without compression', async () => {
    const c = await start(3, false);
    expect(await releaseVersion(c, 3)).toMatch(expectedReleaseVersion());
  });

  it('PREPARE + EXECUTE at v5 with the result metadata id', async () => {
    const c = await start(5, true);
    const expected = await releaseVersion(c, 5);
    const prepared = await c.request(encodePrepare({ version: 5, stream: 4 }, 'SELECT release_version, key FROM system.local WHERE key = ?'));
    const m = prepared.message;
    if (m.opcode !== Opcode.Result || m.result.kind !== 'prepared') throw new Error('expected PREPARED');
    const p = m.result;
    expect(p.id.length).toBeGreaterThan(0);
    expect(p.resultMetadataId?.length).toBeGreaterThan(0);
    expect(p.variables.columns.map((col) => [col.name, col.type.kind])).toEqual([['key', 'text']]);
    expect(p.variables.partitionKeyIndexes).toEqual([0]);
    expect(p.resultMetadata.columns?.map((col) => col.name)).toEqual(['release_version', 'key']);
    const key = Buffer.from('local', 'utf8'); // text bytes written by hand, not by our encoder
    const params = { consistency: Consistency.ONE, values: [key], skipMetadata: true };
    const resultColumns = p.resultMetadata.columns ?? [];
    const executed = await c.request(encodeExecute({ version: 5, stream: 6 }, p.id, p.resultMetadataId, params), resultColumns);
    expect(rows(executed)).toEqual([[expected, 'local']]);
    // A wrong result metadata id: the server answers with fresh metadata (Metadata_changed).
    const stale = await c.request(encodeExecute({ version: 5, stream: 6 }, p.id, Buffer.alloc(16), params), resultColumns);
    const sm = stale.message;
    if (sm.opcode !== Opcode.Result || sm.result.kind !== 'rows') throw new Error(`expected rows, got ${sm.opcode === Opcode.Error ? sm.error.message : sm.opcode}`);
    expect(sm.result.metadata.newMetadataId).toEqual(p.resultMetadataId);
    expect(sm.result.rows).toEqual([[expected, 'local']]);
  });
});
