import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { murmur3Hash128, murmur3Token } from '../../lib/metadata/murmur3';
import { referenceMurmur3Hash128, referenceMurmur3Token } from './murmur3-reference';

// Vectors printed by Cassandra 5.0.6's own Murmur3Partitioner (scripts/oracles/Murmur3Vectors.java):
// keys of every length 0..80, random bytes plus all-0xff and all-0x7f keys (signed tail bytes).
const vectors = JSON.parse(readFileSync(join(__dirname, 'fixtures', 'murmur3-vectors.json'), 'utf8')) as Array<[string, string]>;

describe('murmur3Token', () => {
  it('has vectors covering every tail length and both byte signs', () => {
    expect(vectors.length).toBeGreaterThan(400);
    const lengths = new Set(vectors.map(([hex]) => hex.length / 2));
    for (let l = 0; l < 32; l++) expect(lengths.has(l)).toBe(true);
  });

  it('matches Cassandra on every vector', () => {
    const mismatches = vectors.filter(([hex, token]) => murmur3Token(Buffer.from(hex, 'hex')).toString() !== token);
    expect(mismatches).toEqual([]);
  });

  it('maps the empty key to the minimum token', () => {
    expect(murmur3Token(new Uint8Array(0))).toBe(-(2n ** 63n));
  });

  it('equals the BigInt reference on random keys of any length (both 64-bit halves)', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 0, maxLength: 300 }), (key) => {
        expect(murmur3Token(key)).toBe(referenceMurmur3Token(key));
        expect(murmur3Hash128(key)).toEqual(referenceMurmur3Hash128(key));
      }),
      { numRuns: 3000 },
    );
  });
});
