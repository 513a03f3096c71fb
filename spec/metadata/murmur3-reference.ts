/**
 * Test reference: the first, BigInt implementation of the driver's Murmur3 (a direct transcription
 * of the algorithm with 64-bit BigInt arithmetic), kept to cross-check the 32-bit-halves version
 * on random keys beyond Cassandra's own vectors.
 *
 * Cassandra's Murmur3Partitioner token: the first 64 bits of MurmurHash3 x64 128 (seed 0), as
 * Cassandra computes it, bit for bit. Two quirks of Cassandra's implementation are kept on
 * purpose: the tail bytes are read as *signed* bytes (sign-extended before shifting), and the
 * token Long.MIN_VALUE is mapped to Long.MAX_VALUE (MIN is reserved as the ring's minimum token).
 */

const MASK64 = (1n << 64n) - 1n;
const C1 = 0x87c37b91114253d5n;
const C2 = 0x4cf5ad432745937fn;
const MIN_TOKEN = -(1n << 63n);
const MAX_TOKEN = (1n << 63n) - 1n;

const mul = (a: bigint, b: bigint): bigint => (a * b) & MASK64;
const add = (a: bigint, b: bigint): bigint => (a + b) & MASK64;
const rotl = (v: bigint, n: bigint): bigint => ((v << n) | (v >> (64n - n))) & MASK64;

function fmix(k: bigint): bigint {
  k ^= k >> 33n;
  k = mul(k, 0xff51afd7ed558ccdn);
  k ^= k >> 33n;
  k = mul(k, 0xc4ceb9fe1a85ec53n);
  k ^= k >> 33n;
  return k;
}

/** Bytes `i..i+7` as an unsigned little-endian 64-bit block. */
function block(key: Uint8Array, i: number): bigint {
  const lo = ((key[i] as number) | ((key[i + 1] as number) << 8) | ((key[i + 2] as number) << 16) | ((key[i + 3] as number) << 24)) >>> 0;
  const hi = ((key[i + 4] as number) | ((key[i + 5] as number) << 8) | ((key[i + 6] as number) << 16) | ((key[i + 7] as number) << 24)) >>> 0;
  return (BigInt(hi) << 32n) | BigInt(lo);
}

/** Byte `i` sign-extended to 64 bits (Java's `(long) byte`), shifted left by `shift` bits. */
function signedByte(key: Uint8Array, i: number, shift: bigint): bigint {
  const b = key[i] as number;
  return (BigInt(b >= 128 ? b - 256 : b) << shift) & MASK64;
}

/** MurmurHash3 x64 128 as Cassandra computes it; returns [h1, h2] as unsigned 64-bit values. */
export function referenceMurmur3Hash128(key: Uint8Array): [bigint, bigint] {
  const length = key.length;
  const nblocks = length >> 4;
  let h1 = 0n;
  let h2 = 0n;
  for (let i = 0; i < nblocks; i++) {
    let k1 = block(key, i * 16);
    let k2 = block(key, i * 16 + 8);
    k1 = mul(rotl(mul(k1, C1), 31n), C2);
    h1 ^= k1;
    h1 = add(mul(add(rotl(h1, 27n), h2), 5n), 0x52dce729n);
    k2 = mul(rotl(mul(k2, C2), 33n), C1);
    h2 ^= k2;
    h2 = add(mul(add(rotl(h2, 31n), h1), 5n), 0x38495ab5n);
  }
  const tail = nblocks * 16;
  const rem = length & 15;
  let k1 = 0n;
  let k2 = 0n;
  for (let j = rem - 1; j >= 8; j--) k2 ^= signedByte(key, tail + j, BigInt((j - 8) * 8));
  if (rem > 8) {
    k2 = mul(rotl(mul(k2, C2), 33n), C1);
    h2 ^= k2;
  }
  for (let j = Math.min(rem, 8) - 1; j >= 0; j--) k1 ^= signedByte(key, tail + j, BigInt(j * 8));
  if (rem > 0) {
    k1 = mul(rotl(mul(k1, C1), 31n), C2);
    h1 ^= k1;
  }
  const len = BigInt(length);
  h1 ^= len;
  h2 ^= len;
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  h1 = fmix(h1);
  h2 = fmix(h2);
  h1 = add(h1, h2);
  h2 = add(h2, h1);
  return [h1, h2];
}

/**
 * The Murmur3Partitioner token of a serialized partition key, as a signed 64-bit bigint.
 * An empty key is the ring's minimum token, as in Cassandra.
 */
export function referenceMurmur3Token(key: Uint8Array): bigint {
  if (key.length === 0) return MIN_TOKEN;
  const token = BigInt.asIntN(64, referenceMurmur3Hash128(key)[0]);
  return token === MIN_TOKEN ? MAX_TOKEN : token;
}
