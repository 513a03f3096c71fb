import { ProtocolError } from '../../lib/errors/codec-errors';
import { OptionError } from '../../lib/errors/option-errors';
import { validateClusterOptions } from '../../lib/cluster/cluster-options';
import { decompressBody, compressBody } from '../../lib/protocol/body-compression';
import { Lz4Compressor } from '../../lib/protocol/compressor';
import { lz4Compressor, nativeLz4Module, NativeLz4Compressor } from '../../lib/protocol/native-lz4';

/** Deterministic bytes: text-like (compressible) or noise. */
function sample(size: number, seed: number, compressible: boolean): Buffer {
  const out = Buffer.allocUnsafe(size);
  let x = seed * 2654435761 >>> 0;
  const words = ['select', 'from', 'where', 'cassandra', 'token', 'row', ' ', ',', '0', '42'];
  for (let i = 0; i < size;) {
    x = (x * 1103515245 + 12345) >>> 0;
    if (compressible) {
      const w = words[x % words.length] as string;
      for (let k = 0; k < w.length && i < size; k++) out[i++] = w.charCodeAt(k);
    } else {
      out[i++] = x >>> 24;
    }
  }
  return out;
}

describe('native LZ4 (lz4-napi)', () => {
  const module = nativeLz4Module();
  it('is installed here (a dev dependency), so auto picks it', () => {
    expect(module).not.toBeNull();
    expect(lz4Compressor('auto')).toBeInstanceOf(NativeLz4Compressor);
    expect(lz4Compressor('native')).toBeInstanceOf(NativeLz4Compressor);
    expect(lz4Compressor('js')).toBeInstanceOf(Lz4Compressor);
  });

  it('blocks cross over: native output decodes with the JS decoder and lz4js output with native, byte for byte', () => {
    const native = lz4Compressor('native');
    const js = new Lz4Compressor();
    for (const size of [1, 7, 12, 13, 64, 1000, 65_535, 65_536, 200_000]) {
      for (const compressible of [true, false]) {
        const src = sample(size, size, compressible);
        expect(js.decompress(native.compress(src), size).equals(src)).toBe(true);
        expect(native.decompress(js.compress(src), size).equals(src)).toBe(true);
        expect(native.decompress(native.compress(src), size).equals(src)).toBe(true);
      }
    }
  });

  it('compresses text-like data like lz4js does (within 10%)', () => {
    const src = sample(100_000, 3, true);
    const n = lz4Compressor('native').compress(src).length;
    const j = new Lz4Compressor().compress(src).length;
    expect(n).toBeLessThan(src.length / 2);
    expect(Math.abs(n - j) / j).toBeLessThan(0.1);
  });

  it('a v4 compressed body round-trips through the native codec', () => {
    const body = sample(5000, 9, true);
    const native = lz4Compressor('native');
    expect(decompressBody(compressBody(body, native), native).equals(body)).toBe(true);
    expect(decompressBody(compressBody(body, native), new Lz4Compressor()).equals(body)).toBe(true);
  });

  it('malformed input and a wrong length are ProtocolErrors, not crashes', () => {
    const native = lz4Compressor('native');
    expect(() => native.decompress(Buffer.from([0xff, 1, 2, 3]), 100)).toThrow(ProtocolError);
    // Small blocks go through the JS decoder, large ones through lz4-napi: both paths.
    for (const size of [1000, 50_000]) {
      const block = native.compress(sample(size, 1, true));
      expect(() => native.decompress(block, size - 1)).toThrow(ProtocolError);
      expect(() => native.decompress(block, size + 1)).toThrow(ProtocolError);
      expect(() => native.decompress(block)).toThrow(ProtocolError);
      for (let i = 0; i < 200; i++) {
        const bad = Buffer.from(block);
        const at = (i * 7919) % bad.length;
        bad[at] = (bad[at] as number) ^ 0x5a;
        try {
          const out = native.decompress(bad, size);
          expect(out.length).toBe(size); // a flip can still decode (into other bytes), never to another length
        } catch (e) {
          expect(e).toBeInstanceOf(ProtocolError);
        }
      }
    }
  });

  it('the lz4 option is checked at construction', () => {
    expect(() => validateClusterOptions({ contactPoints: ['a'], lz4: 'fast' as 'js' })).toThrow(OptionError);
    expect(() => validateClusterOptions({ contactPoints: ['a'], lz4: 'native' })).not.toThrow();
  });
});
