import { DriverError } from '../../lib/errors/driver-error';
import { decompressBody } from '../../lib/protocol/body-compression';
import { Lz4Compressor } from '../../lib/protocol/compressor';
import { Consistency } from '../../lib/protocol/consistency';
import { encodeBatch } from '../../lib/protocol/batch';
import {
  encodeAuthResponse, encodeExecute, encodeOptions, encodePrepare, encodeQuery, encodeRegister, encodeStartup,
} from '../../lib/protocol/requests';
import { UNSET } from '../../lib/types/unset';
import { hex, utf8 } from './hex';

/** Expected frames are written by hand from the spec (v4 sections 2 and 4.1, v5 4.1). */
describe('request encoders: byte-exact', () => {
  it('STARTUP', () => {
    expect(encodeStartup({ version: 4, stream: 0 }, { CQL_VERSION: '3.0.0' })).toEqual(hex(`
      04 00 0000 01 00000016          # v4 request, no flags, stream 0, STARTUP, 22-byte body
      0001                            # [string map] 1 pair
      000b ${utf8('CQL_VERSION')}
      0005 ${utf8('3.0.0')}
    `));
  });

  it('OPTIONS, with and without the beta flag', () => {
    expect(encodeOptions({ version: 5, stream: 1 })).toEqual(hex('05 00 0001 05 00000000'));
    expect(encodeOptions({ version: 5, stream: 0, useBeta: true })).toEqual(hex('05 10 0000 05 00000000'));
  });

  it('AUTH_RESPONSE (token and null token)', () => {
    expect(encodeAuthResponse({ version: 4, stream: 2 }, hex('006162'))).toEqual(hex(`
      04 00 0002 0f 00000007   # AUTH_RESPONSE, 7-byte body
      00000003 006162          # [bytes] token
    `));
    expect(encodeAuthResponse({ version: 4, stream: 2 }, null)).toEqual(hex('04 00 0002 0f 00000004 ffffffff'));
  });

  it('REGISTER', () => {
    expect(encodeRegister({ version: 4, stream: 0 }, ['TOPOLOGY_CHANGE', 'STATUS_CHANGE'])).toEqual(hex(`
      04 00 0000 0b 00000022                 # REGISTER, 34-byte body
      0002                                   # [string list] 2 entries
      000f ${utf8('TOPOLOGY_CHANGE')}
      000d ${utf8('STATUS_CHANGE')}
    `));
  });

  it('QUERY v4 with every v4 flag (flags are one [byte])', () => {
    const frame = encodeQuery({ version: 4, stream: 3 }, 'SELECT', {
      consistency: Consistency.QUORUM,
      values: [hex('01'), null, UNSET],
      skipMetadata: true,
      pageSize: 100,
      pagingState: hex('ab'),
      serialConsistency: Consistency.LOCAL_SERIAL,
      timestamp: 1n,
    });
    expect(frame).toEqual(hex(`
      04 00 0003 07 0000002f     # QUERY, 47-byte body
      00000006 ${utf8('SELECT')}  # [long string] query
      0004                       # consistency QUORUM
      3f                         # flags: values|skip_metadata|page_size|paging_state|serial|timestamp
      0003                       # 3 values
      00000001 01                # [value] 0x01
      ffffffff                   # [value] null
      fffffffe                   # [value] unset
      00000064                   # page size 100
      00000001 ab                # [bytes] paging state
      0009                       # serial consistency LOCAL_SERIAL
      0000000000000001           # timestamp 1 µs
    `));
  });

  it('QUERY v5 with named values, keyspace and now_in_seconds (flags are an [int])', () => {
    const frame = encodeQuery({ version: 5, stream: 4 }, 'Q', {
      consistency: Consistency.ONE,
      namedValues: [['k', hex('')]],
      keyspace: 'ks',
      nowInSeconds: 5,
    });
    expect(frame).toEqual(hex(`
      05 00 0004 07 0000001c     # QUERY, 28-byte body
      00000001 51                # query "Q"
      0001                       # ONE
      000001c1                   # flags: values|names|keyspace(0x80)|now_in_seconds(0x100)
      0001 0001 6b 00000000      # 1 value named "k", empty
      0002 ${utf8('ks')}         # keyspace
      00000005                   # now_in_seconds
    `));
  });

  it('QUERY with tracing and a custom payload (payload first in the body)', () => {
    const frame = encodeQuery(
      { version: 4, stream: 5, tracing: true, customPayload: new Map([['p', hex('ff')]]) },
      'Q', { consistency: Consistency.ONE },
    );
    expect(frame).toEqual(hex(`
      04 06 0005 07 00000012     # flags tracing|custom payload, 18-byte body
      0001 0001 70 00000001 ff   # [bytes map] {p: ff}
      00000001 51 0001 00        # query "Q", ONE, no flags
    `));
  });

  it('PREPARE v4, v5, v5 with keyspace', () => {
    expect(encodePrepare({ version: 4, stream: 3 }, 'Q')).toEqual(hex('04 00 0003 09 00000005 00000001 51'));
    expect(encodePrepare({ version: 5, stream: 3 }, 'Q')).toEqual(hex('05 00 0003 09 00000009 00000001 51 00000000'));
    expect(encodePrepare({ version: 5, stream: 3 }, 'Q', { keyspace: 'ks' })).toEqual(hex(`
      05 00 0003 09 0000000d
      00000001 51        # query
      00000001           # flags: with keyspace
      0002 ${utf8('ks')}
    `));
  });

  it('EXECUTE v4 and v5 (result metadata id)', () => {
    expect(encodeExecute({ version: 4, stream: 1 }, hex('cafe'), null, { consistency: Consistency.ONE, values: [hex('02')] }))
      .toEqual(hex(`
        04 00 0001 0a 0000000e
        0002 cafe          # [short bytes] id
        0001 01            # ONE, flags: values
        0001 00000001 02   # one value
      `));
    expect(encodeExecute({ version: 5, stream: 1 }, hex('cafe'), hex('beef'), { consistency: Consistency.ONE, nowInSeconds: 7 }))
      .toEqual(hex(`
        05 00 0001 0a 00000012
        0002 cafe          # id
        0002 beef          # result metadata id
        0001 00000100      # ONE, flags: now_in_seconds
        00000007
      `));
  });

  it('BATCH v4: query and prepared statements, serial consistency, timestamp', () => {
    const frame = encodeBatch({ version: 4, stream: 9 }, {
      type: 1,
      statements: [{ query: 'Q', values: [hex('01')] }, { id: hex('ca') }],
      consistency: Consistency.ONE,
      serialConsistency: Consistency.SERIAL,
      timestamp: 2n,
    });
    expect(frame).toEqual(hex(`
      04 00 0009 0d 00000023
      01                            # UNLOGGED
      0002                          # 2 statements
      00 00000001 51 0001 00000001 01   # kind 0, query "Q", 1 value
      01 0001 ca 0000               # kind 1, id ca, 0 values
      0001                          # ONE
      30                            # flags: serial|timestamp
      0008                          # SERIAL
      0000000000000002
    `));
  });

  it('BATCH v5: keyspace and now_in_seconds, named values', () => {
    expect(encodeBatch({ version: 5, stream: 0 }, {
      statements: [{ query: 'Q', namedValues: [['a', null]] }],
      consistency: Consistency.ONE, keyspace: 'ks', nowInSeconds: 1,
    })).toEqual(hex(`
      05 00 0000 0d 00000020
      00 0001                           # LOGGED, 1 statement
      00 00000001 51 0001 0001 61 ffffffff  # query "Q", value "a" = null
      0001 000001c0                     # ONE, flags names|keyspace|now
      0002 ${utf8('ks')} 00000001
    `));
  });
});

describe('request encoders: refusals', () => {
  it('refuses v5-only fields on v4, unset on v3, and v5 EXECUTE without metadata id', () => {
    expect(() => encodeQuery({ version: 4, stream: 0 }, 'Q', { consistency: 1, keyspace: 'k' })).toThrow(DriverError);
    expect(() => encodePrepare({ version: 4, stream: 0 }, 'Q', { keyspace: 'k' })).toThrow(/v5/);
    expect(() => encodeQuery({ version: 3, stream: 0 }, 'Q', { consistency: 1, values: [UNSET] })).toThrow(/v4/);
    expect(() => encodeExecute({ version: 5, stream: 0 }, hex('01'), null, { consistency: 1 })).toThrow(/metadata id/);
    expect(() => encodeOptions({ version: 4, stream: 40000 })).toThrow(/stream/);
    expect(() => encodeQuery({ version: 4, stream: 0 }, 'Q', { consistency: 1, values: [], namedValues: [] })).toThrow();
  });
});

describe('v4 body compression', () => {
  const lz4 = new Lz4Compressor();

  it('decompresses a hand-built body: [int] length + LZ4 raw block', () => {
    expect(decompressBody(hex('00000003 30 414243'), lz4).toString()).toBe('ABC'); // 3 literals
    expect(decompressBody(hex(`
      0000000c         # 12 bytes once decompressed
      35 616263 0300   # 3 literals "abc", match offset 3, length 5+4 = 9
      00               # last sequence: no literals
    `), lz4).toString()).toBe('abcabcabcabc');
  });

  it('round-trips a compressed QUERY and never compresses STARTUP', () => {
    const query = 'SELECT * FROM t WHERE k = ? '.repeat(20);
    const params = { consistency: Consistency.ONE, values: [Buffer.alloc(200, 1)] };
    const plain = encodeQuery({ version: 4, stream: 1 }, query, params);
    const packed = encodeQuery({ version: 4, stream: 1, compressor: lz4 }, query, params);
    expect(packed[1]).toBe(0x01);
    expect(packed.length).toBeLessThan(plain.length);
    expect(packed.readInt32BE(5)).toBe(packed.length - 9);
    expect(decompressBody(packed.subarray(9), lz4)).toEqual(plain.subarray(9));
    expect(encodeStartup({ version: 4, stream: 0, compressor: lz4 }, { CQL_VERSION: '3.0.0' })[1]).toBe(0);
    expect(encodeQuery({ version: 5, stream: 0, compressor: lz4 }, query, params)[1]).toBe(0); // v5: segments compress
  });

  it('refuses a lying uncompressed length without allocating it', () => {
    expect(() => decompressBody(hex('7fffffff 30 414243'), lz4)).toThrow(/Invalid|impossible/);
    expect(() => decompressBody(hex('00100000 30 414243'), lz4)).toThrow(/impossible/);
    expect(() => decompressBody(hex('00000004 30 414243'), lz4)).toThrow(/expected 4/);
  });
});
