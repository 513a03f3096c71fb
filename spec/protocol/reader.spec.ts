import { ProtocolError } from '../../lib/errors/codec-errors';
import { Reader, formatAddress } from '../../lib/protocol/reader';
import { UNSET } from '../../lib/types/unset';
import { hex, utf8 } from './hex';

describe('Reader', () => {
  it('reads every notation', () => {
    const r = new Reader(hex(`
      7f                      # [byte] 127
      ffff                    # [short] 65535 (unsigned)
      fffffffe                # [int] -2
      fffffffffffffffe        # [long] -2
      0003 ${utf8('abc')}     # [string]
      00000002 ${utf8('é')}   # [long string] (2 UTF-8 bytes)
      00000002 0102           # [bytes]
      ffffffff                # [bytes] null
      0001 09                 # [short bytes]
      fffffffe                # [value] unset
      ffffffff                # [value] null
      00000001 aa             # [value]
      000102030405060708090a0b0c0d0e0f  # [uuid]
      0002 0001 ${utf8('a')} 0001 ${utf8('b')}           # [string list]
      0001 0001 ${utf8('k')} 0001 ${utf8('v')}           # [string map]
      0001 0001 ${utf8('k')} 0001 0001 ${utf8('x')}      # [string multimap]
      0002 0001 ${utf8('p')} 00000001 ff 0001 ${utf8('q')} ffffffff  # [bytes map]
      04 7f000001 00002352    # [inet] 127.0.0.1:9042
      10 20010db8000000000000000000000001 00000001  # [inet] IPv6
      000a                    # [consistency] LOCAL_ONE
      0020                    # [option] id List
    `));
    expect(r.byte()).toBe(127);
    expect(r.short()).toBe(65535);
    expect(r.int()).toBe(-2);
    expect(r.long()).toBe(-2n);
    expect(r.string()).toBe('abc');
    expect(r.longString()).toBe('é');
    expect(r.bytes()).toEqual(Buffer.from([1, 2]));
    expect(r.bytes()).toBeNull();
    expect(r.shortBytes()).toEqual(Buffer.from([9]));
    expect(r.value()).toBe(UNSET);
    expect(r.value()).toBeNull();
    expect(r.value()).toEqual(Buffer.from([0xaa]));
    expect(r.uuid().toString('hex')).toBe('000102030405060708090a0b0c0d0e0f');
    expect(r.stringList()).toEqual(['a', 'b']);
    expect(r.stringMap()).toEqual(new Map([['k', 'v']]));
    expect(r.stringMultimap()).toEqual(new Map([['k', ['x']]]));
    expect(r.bytesMap()).toEqual(new Map([['p', Buffer.from([0xff])], ['q', null]]));
    expect(r.inet()).toEqual({ address: '127.0.0.1', port: 9042 });
    expect(r.inet()).toEqual({ address: '2001:db8::1', port: 1 });
    expect(r.consistency()).toBe(10);
    expect(r.option()).toBe(0x20);
    expect(r.remaining).toBe(0);
  });

  it('returns views for [bytes], copies for [uuid]', () => {
    const buf = hex('00000001 aa 000102030405060708090a0b0c0d0e0f');
    const r = new Reader(buf);
    const b = r.bytes();
    const id = r.uuid();
    buf.fill(0x55);
    expect(b?.[0]).toBe(0x55); // a view sees the change
    expect(id[1]).toBe(0x01); // a copy does not
  });

  it.each([
    ['byte', '', (r: Reader) => r.byte()],
    ['short', '00', (r: Reader) => r.short()],
    ['int', '000000', (r: Reader) => r.int()],
    ['long', '00000000000000', (r: Reader) => r.long()],
    ['string past end', '0005 6162', (r: Reader) => r.string()],
    ['long string negative', 'ffffffff', (r: Reader) => r.longString()],
    ['bytes past end', '00000003 00', (r: Reader) => r.bytes()],
    ['value below -2', 'fffffffd', (r: Reader) => r.value()],
    ['inet size 5', '05 0102030405 00000000', (r: Reader) => r.inet()],
    ['uuid', '0011', (r: Reader) => r.uuid()],
  ])('raises ProtocolError on a bad %s', (_name, bytes, read) => {
    expect(() => read(new Reader(hex(bytes)))).toThrow(ProtocolError);
  });

  it('respects its window', () => {
    const r = new Reader(hex('00000001 00000002'), 0, 4);
    expect(r.int()).toBe(1);
    expect(() => r.int()).toThrow(ProtocolError);
  });

  it('formats addresses', () => {
    expect(formatAddress(hex('00000000000000000000000000000000'))).toBe('::');
    expect(formatAddress(hex('fe800000000000000000000000000001'))).toBe('fe80::1');
    expect(formatAddress(hex('00010002000300040005000600070008'))).toBe('1:2:3:4:5:6:7:8');
  });
});
