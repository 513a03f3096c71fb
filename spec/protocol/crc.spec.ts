import { crc24, crc32, crc32Core, useCrc32 } from '../../lib/protocol/crc';

/**
 * Independent references, written differently from lib/protocol/crc.ts: the CRC24 one shifts
 * message bits in one at a time (textbook register form); the CRC32 one is the reflected
 * bit-serial form without a table.
 */
function refCrc24(bytes: Uint8Array): number {
  let reg = 0x875060;
  for (const byte of bytes) {
    for (let i = 7; i >= 0; i--) {
      const inBit = (byte >> i) & 1;
      const top = (reg >> 23) & 1;
      reg = (reg << 1) & 0xffffff;
      if (top ^ inBit) reg ^= 0x974f0b; // 0x1974F0B without its x^24 term
    }
  }
  return reg;
}

/** Plain CRC-32 of `bytes`, continuing from the finished value `previous` (0 to start). */
function refCrc32(bytes: Uint8Array, previous = 0): number {
  let reg = (previous ^ 0xffffffff) >>> 0;
  for (const byte of bytes) {
    for (let i = 0; i < 8; i++) {
      const bit = ((byte >> i) & 1) ^ (reg & 1);
      reg >>>= 1;
      if (bit) reg ^= 0xedb88320;
    }
  }
  return (reg ^ 0xffffffff) >>> 0;
}

const ascii = (s: string): Buffer => Buffer.from(s, 'ascii');

describe('crc32Core (plain CRC-32)', () => {
  it('has the standard check value for "123456789"', () => {
    expect(crc32Core(ascii('123456789'))).toBe(0xcbf43926);
  });
  it('is 0 for empty input', () => {
    expect(crc32Core(Buffer.alloc(0))).toBe(0);
  });
  it('matches the bit-serial reference and continues from a previous value', () => {
    const data = Buffer.from(Array.from({ length: 1000 }, (_, i) => (i * 31 + 7) & 0xff));
    expect(crc32Core(data)).toBe(refCrc32(data));
    expect(crc32Core(data.subarray(400), crc32Core(data.subarray(0, 400)))).toBe(refCrc32(data));
  });
});

describe('crc32Core on large payloads: @node-rs/crc32 when installed, zlib otherwise', () => {
  afterEach(() => { useCrc32('fast'); });

  it('uses the native package here (a dev dependency) and gives the same values as zlib and the reference', () => {
    expect(useCrc32('fast')).toBe('fast');
    let x = 99;
    const data = Buffer.alloc(150_000);
    for (let i = 0; i < data.length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; data[i] = x >>> 16; }
    const fast = [crc32Core(data), crc32Core(data.subarray(5000), crc32Core(data.subarray(0, 5000))), crc32(data.subarray(3, 70_003))];
    expect(useCrc32('zlib')).toBe('zlib');
    const slow = [crc32Core(data), crc32Core(data.subarray(5000), crc32Core(data.subarray(0, 5000))), crc32(data.subarray(3, 70_003))];
    expect(fast).toEqual(slow);
    expect(fast[0]).toBe(refCrc32(data));
  });

  it('takes a Uint8Array that is not a Buffer', () => {
    const data = Buffer.alloc(10_000, 7);
    const plain = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    expect(crc32Core(plain, 5)).toBe(refCrc32(data, 5));
  });
});

describe('crc32 (Cassandra payload CRC, seeded with FA 2D 55 CA)', () => {
  it('equals plain CRC-32 of the seed bytes followed by the payload', () => {
    const seed = Buffer.from([0xfa, 0x2d, 0x55, 0xca]);
    for (const s of ['', '123456789', 'hello cassandra']) {
      expect(crc32(ascii(s))).toBe(refCrc32(Buffer.concat([seed, ascii(s)])));
    }
  });
  it('differs from the unseeded CRC', () => {
    expect(crc32(ascii('123456789'))).not.toBe(0xcbf43926);
  });
});

describe('crc24 (segment header CRC)', () => {
  it('of no bytes is the init value 0x875060', () => {
    expect(crc24(Buffer.alloc(0))).toBe(0x875060);
  });
  it('matches the bit-at-a-time reference on headers and random bytes', () => {
    const samples = [
      Buffer.from([0x00, 0x00, 0x02]), // empty self-contained payload
      Buffer.from([0xff, 0xff, 0x03]),
      Buffer.from([0x34, 0x12, 0x00, 0x00, 0x04]),
    ];
    let x = 12345;
    for (let n = 0; n < 50; n++) {
      const b = Buffer.alloc(1 + (n % 8));
      for (let i = 0; i < b.length; i++) { x = (x * 1103515245 + 12345) & 0x7fffffff; b[i] = x & 0xff; }
      samples.push(b);
    }
    for (const s of samples) expect(crc24(s)).toBe(refCrc24(s));
  });
  it('honours the start/end window', () => {
    const b = Buffer.from([9, 1, 2, 3, 9]);
    expect(crc24(b, 1, 4)).toBe(refCrc24(Buffer.from([1, 2, 3])));
  });
});
