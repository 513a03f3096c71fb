import fc from 'fast-check';
import { InetAddress } from '../../lib/types/inet-address';

describe('InetAddress', () => {
  it('parses and prints IPv4', () => {
    const a = InetAddress.parse('192.168.0.1');
    expect(a.toBuffer().toString('hex')).toBe('c0a80001');
    expect(a.toString()).toBe('192.168.0.1');
    expect(a.version).toBe(4);
  });

  it('compresses the longest zero run of IPv6 (RFC 5952)', () => {
    const cases: [string, string][] = [
      ['0:0:0:0:0:0:0:1', '::1'],
      ['0:0:0:0:0:0:0:0', '::'],
      ['2001:0DB8:0:0:1:0:0:1', '2001:db8::1:0:0:1'],
      ['2001:db8:0:0:0:1:0:0', '2001:db8::1:0:0'],
      ['2001:db8:0:1:1:1:1:1', '2001:db8:0:1:1:1:1:1'],
      ['fe80::1:2', 'fe80::1:2'],
      ['1::', '1::'],
      ['::ffff:10.0.0.1', '::ffff:10.0.0.1'],
      ['::1.2.3.4', '::102:304'],
    ];
    for (const [input, printed] of cases) expect(InetAddress.parse(input).toString()).toBe(printed);
  });

  it('recognises IPv4-mapped addresses', () => {
    const mapped = InetAddress.parse('::ffff:127.0.0.1');
    expect(mapped.isIPv4Mapped()).toBe(true);
    expect(mapped.toIPv4()?.toString()).toBe('127.0.0.1');
    expect(mapped.equals(InetAddress.parse('127.0.0.1'))).toBe(false);
  });

  it('rejects bad text', () => {
    for (const bad of ['', '1.2.3', '256.1.1.1', '01.2.3.4', '1:2:3:4:5:6:7', '1::2::3', '1:2:3:4:5:6:7:8:9', '12345::', 'g::', 'localhost', '::1%eth0']) {
      expect(InetAddress.isValid(bad)).toBe(false);
      expect(() => InetAddress.parse(bad)).toThrow(TypeError);
    }
  });

  it('prints IPv6 as WHATWG URL does (an independent RFC 5952 serializer)', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), fc.integer({ min: 0, max: 15 }), (bytes, zeros) => {
      bytes.fill(0, zeros, Math.min(16, zeros + 6)); // make zero runs common
      const a = new InetAddress(bytes);
      const parsed = InetAddress.parse(a.toString());
      if (!parsed.equals(a)) return false;
      if (a.isIPv4Mapped()) return true;
      return new URL(`http://[${a.toString()}]/`).hostname === `[${a.toString()}]`;
    }));
  });
});
