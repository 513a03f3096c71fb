import { ProtocolError } from '../../lib/errors/codec-errors';
import { UnavailableError } from '../../lib/errors/server-errors';
import { FrameDecoder } from '../../lib/protocol/frame-decoder';
import { decodeResponse, type DecodeOptions, type Response } from '../../lib/protocol/response';
import type { Result } from '../../lib/protocol/result';
import type { ColumnSpec } from '../../lib/protocol/result-metadata';
import type { CellDecoder } from '../../lib/types/cell-decoder';
import { hex, utf8 } from './hex';

/** Test cell decoder: ints as numbers, everything else as hex. */
const cells: CellDecoder = {
  decode: (type, buf, start, end) => (type.kind === 'int' ? buf.readInt32BE(start) : buf.toString('hex', start, end)),
};

/** `LLLLLLLL` in the header stands for the body length, filled in here. */
function decode(frameHex: string, options: DecodeOptions = {}, resultColumns?: readonly ColumnSpec[]): Response {
  const bytes = hex(frameHex.replace('LLLLLLLL', '00000000'));
  if (frameHex.includes('LLLLLLLL')) bytes.writeInt32BE(bytes.length - 9, 5);
  const frames = new FrameDecoder().push(bytes);
  expect(frames).toHaveLength(1);
  const [frame] = frames;
  if (!frame) throw new Error('no frame');
  return decodeResponse(frame, options, resultColumns);
}

function result(frameHex: string, options: DecodeOptions = {}, resultColumns?: readonly ColumnSpec[]): Result {
  const r = decode(frameHex, options, resultColumns);
  if (r.message.opcode !== 0x08) throw new Error('not a RESULT');
  return r.message.result;
}

describe('responses: byte-exact vectors', () => {
  it('READY, AUTHENTICATE, SUPPORTED', () => {
    expect(decode('84 00 0000 02 LLLLLLLL').message).toEqual({ opcode: 0x02 });
    const auth = 'org.apache.cassandra.auth.PasswordAuthenticator';
    expect(decode(`84 00 0000 03 LLLLLLLL 002f ${utf8(auth)}`).message).toEqual({ opcode: 0x03, authenticator: auth });
    expect(decode(`
      84 00 0000 06 LLLLLLLL           # SUPPORTED, 29 bytes
      0001                             # [string multimap] 1 key
      000b ${utf8('COMPRESSION')}
      0002 0003 ${utf8('lz4')} 0006 ${utf8('snappy')}
    `).message).toEqual({ opcode: 0x06, options: new Map([['COMPRESSION', ['lz4', 'snappy']]]) });
  });

  it('AUTH_CHALLENGE and AUTH_SUCCESS', () => {
    expect(decode('84 00 0000 0e LLLLLLLL 00000002 abcd').message).toEqual({ opcode: 0x0e, token: hex('abcd') });
    expect(decode('84 00 0000 10 LLLLLLLL ffffffff').message).toEqual({ opcode: 0x10, token: null });
  });

  it('tracing id, warnings and custom payload prefixes, in that order', () => {
    const r = decode(`
      84 0e 0007 08 LLLLLLLL          # flags tracing|custom payload|warning, RESULT
      000102030405060708090a0b0c0d0e0f  # [uuid] tracing id
      0001 0004 ${utf8('warn')}       # [string list] warnings
      0001 0001 70 00000001 ff        # [bytes map] custom payload
      00000001                        # RESULT Void
    `);
    expect(r.stream).toBe(7);
    expect(r.tracingId?.toString('hex')).toBe('000102030405060708090a0b0c0d0e0f');
    expect(r.warnings).toEqual(['warn']);
    expect(r.customPayload).toEqual(new Map([['p', hex('ff')]]));
    expect(r.message).toEqual({ opcode: 0x08, result: { kind: 'void' } });
  });

  it('RESULT Set_keyspace and Schema_change (keyspace, table, function)', () => {
    expect(result(`84 00 0000 08 LLLLLLLL 00000003 0002 ${utf8('ks')}`)).toEqual({ kind: 'setKeyspace', keyspace: 'ks' });
    expect(result(`
      84 00 0000 08 LLLLLLLL
      00000005                       # Schema_change
      0007 ${utf8('CREATED')} 0008 ${utf8('KEYSPACE')} 0002 ${utf8('ks')}
    `)).toEqual({ kind: 'schemaChange', change: 'CREATED', target: 'KEYSPACE', keyspace: 'ks', name: null, argTypes: null });
    expect(result(`
      84 00 0000 08 LLLLLLLL
      00000005 0007 ${utf8('UPDATED')} 0005 ${utf8('TABLE')} 0002 ${utf8('ks')} 0001 ${utf8('t')}
    `)).toMatchObject({ target: 'TABLE', keyspace: 'ks', name: 't' });
    expect(result(`
      84 00 0000 08 LLLLLLLL
      00000005 0007 ${utf8('DROPPED')} 0008 ${utf8('FUNCTION')} 0002 ${utf8('ks')} 0001 ${utf8('f')}
      0002 0003 ${utf8('int')} 0004 ${utf8('text')}    # [string list] arg types
    `)).toMatchObject({ target: 'FUNCTION', name: 'f', argTypes: ['int', 'text'] });
  });

  it('RESULT Rows with global table spec, paging state, null cell', () => {
    const r = result(`
      84 00 0000 08 LLLLLLLL
      00000002                       # Rows
      00000003                       # flags: global tables spec | has more pages
      00000002                       # 2 columns
      00000002 cafe                  # [bytes] paging state
      0002 ${utf8('ks')} 0001 ${utf8('t')}   # global table spec
      0001 ${utf8('k')} 0009         # column k int
      0001 ${utf8('v')} 0020 000d    # column v list<text>
      00000002                       # 2 rows
      00000004 00000001 00000002 abcd   # row 1: 1, abcd
      00000004 00000002 ffffffff        # row 2: 2, null
    `, { cellDecoder: cells });
    if (r.kind !== 'rows') throw new Error(r.kind);
    expect(r.metadata.pagingState).toEqual(hex('cafe'));
    expect(r.metadata.columns).toEqual([
      { keyspace: 'ks', table: 't', name: 'k', type: { kind: 'int' } },
      { keyspace: 'ks', table: 't', name: 'v', type: { kind: 'list', element: { kind: 'text' } } },
    ]);
    expect(r.rows).toEqual([[1, 'abcd'], [2, null]]);
    expect(r.content.rowCount).toBe(2);
  });

  it('RESULT Rows with No_metadata uses the given columns, and is lazy without a decoder', () => {
    const frame = `
      85 00 0000 08 LLLLLLLL
      00000002 00000004 00000001     # Rows, flags no_metadata, 1 column
      00000001 00000004 0000002a     # 1 row: 42
    `;
    const col = { keyspace: 'ks', table: 't', name: 'k', type: { kind: 'int' } as const };
    const eager = result(frame, { cellDecoder: cells }, [col]);
    expect(eager.kind === 'rows' && eager.rows).toEqual([[42]]);
    const lazy = result(frame);
    if (lazy.kind !== 'rows') throw new Error();
    expect(lazy.rows).toBeNull();
    expect(lazy.metadata.columns).toBeNull();
    expect(lazy.content.buf.toString('hex', lazy.content.start, lazy.content.end)).toBe('000000040000002a');
  });

  it('RESULT Rows v5 with Metadata_changed', () => {
    const r = result(`
      85 00 0000 08 LLLLLLLL
      00000002 00000009 00000001     # flags global | metadata changed, 1 column
      0002 beef                      # new metadata id
      0002 ${utf8('ks')} 0001 ${utf8('t')} 0001 ${utf8('k')} 0009
      00000000                       # 0 rows
    `);
    expect(r.kind === 'rows' && r.metadata.newMetadataId).toEqual(hex('beef'));
  });

  it('RESULT Prepared v4 (pk indexes) and v5 (result metadata id)', () => {
    const v4 = result(`
      84 00 0000 08 LLLLLLLL
      00000004 0002 cafe             # Prepared, id
      00000001 00000001 00000001 0000   # flags global, 1 bind marker, 1 pk index: 0
      0002 ${utf8('ks')} 0001 ${utf8('t')} 0001 ${utf8('k')} 0009
      00000004 00000001              # result metadata: no_metadata, 1 column
    `);
    expect(v4).toEqual({
      kind: 'prepared', id: hex('cafe'), resultMetadataId: null,
      variables: { columns: [{ keyspace: 'ks', table: 't', name: 'k', type: { kind: 'int' } }], partitionKeyIndexes: [0] },
      resultMetadata: { columnCount: 1, columns: null, pagingState: null, newMetadataId: null },
    });
    const v5 = result(`
      85 00 0000 08 LLLLLLLL
      00000004 0002 cafe 0002 beef   # id, result metadata id
      00000000 00000000 00000000     # no bind markers, no pk
      00000004 00000000              # empty result metadata
    `);
    expect(v5.kind === 'prepared' && v5.resultMetadataId).toEqual(hex('beef'));
  });

  it('RESULT Prepared v3 has no pk indexes', () => {
    const r = result(`83 00 0000 08 LLLLLLLL 00000004 0002 cafe 00000000 00000000 00000004 00000000`);
    expect(r.kind === 'prepared' && r.variables).toEqual({ columns: [], partitionKeyIndexes: [] });
  });

  it('EVENT TOPOLOGY_CHANGE, STATUS_CHANGE, SCHEMA_CHANGE', () => {
    const e1 = decode(`
      84 00 ffff 0c LLLLLLLL
      000f ${utf8('TOPOLOGY_CHANGE')} 0008 ${utf8('NEW_NODE')}
      04 0a000001 00002352            # [inet] 10.0.0.1:9042
    `);
    expect(e1.stream).toBe(-1);
    expect(e1.message).toEqual({ opcode: 0x0c, event: { type: 'TOPOLOGY_CHANGE', change: 'NEW_NODE', address: { address: '10.0.0.1', port: 9042 } } });
    expect(decode(`84 00 ffff 0c LLLLLLLL 000d ${utf8('STATUS_CHANGE')} 0004 ${utf8('DOWN')} 04 0a000002 00002352`).message)
      .toMatchObject({ event: { type: 'STATUS_CHANGE', change: 'DOWN', address: { address: '10.0.0.2' } } });
    expect(decode(`
      84 00 ffff 0c LLLLLLLL 000d ${utf8('SCHEMA_CHANGE')}
      0007 ${utf8('CREATED')} 0009 ${utf8('AGGREGATE')} 0002 ${utf8('ks')} 0001 ${utf8('a')} 0000
    `).message).toMatchObject({ event: { type: 'SCHEMA_CHANGE', target: 'AGGREGATE', name: 'a', argTypes: [] } });
  });

  it('ERROR is returned as a typed error, not thrown', () => {
    const r = decode(`
      84 00 0001 00 LLLLLLLL
      00001000 0001 78               # Unavailable, message "x"
      0004 00000003 00000001         # QUORUM, required 3, alive 1
    `);
    if (r.message.opcode !== 0x00) throw new Error();
    expect(r.message.error).toBeInstanceOf(UnavailableError);
    expect(r.message.error).toMatchObject({ consistency: 4, required: 3, alive: 1, message: 'x' });
  });
});

describe('responses: refusals', () => {
  it.each([
    ['a request frame', '04 00 0000 02 00000000'],
    ['an unknown opcode', '84 00 0000 04 00000000'],
    ['a request opcode', '84 00 0000 07 00000000'],
    ['an unknown result kind', '84 00 0000 08 00000004 00000009'],
    ['an unknown event', `84 00 0000 0c 00000005 0003 ${utf8('FOO')}`],
    ['an unknown schema target', `84 00 0000 08 0000000b 00000005 0001 41 0002 4242`],
    ['an unknown type id', '84 00 0000 08 00000018 00000002 00000001 00000001 0002 6b73 0001 74 0001 6b 00ff'],
    ['a compressed body without compressor', '84 01 0000 02 00000000'],
    ['rows that cannot fit', '84 00 0000 08 00000014 00000002 00000004 00000001 7fffffff 00000000'],
  ])('raises ProtocolError for %s', (_name, frameHex) => {
    expect(() => decode(frameHex)).toThrow(ProtocolError);
  });
});
