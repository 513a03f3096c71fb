/**
 * Cassandra's Murmur3Partitioner token: the first 64 bits of MurmurHash3 x64 128 (seed 0), as
 * Cassandra computes it, bit for bit. Two quirks of Cassandra's implementation are kept on
 * purpose: the tail bytes are read as *signed* bytes (sign-extended before shifting), and the
 * token Long.MIN_VALUE is mapped to Long.MAX_VALUE (MIN is reserved as the ring's minimum token).
 *
 * This runs for every token-aware request, so the 64-bit arithmetic is done on pairs of unsigned
 * 32-bit halves in plain numbers (no BigInt until the final token); each operation leaves its
 * result in a two-slot typed-array register instead of allocating a pair.
 */

import { INT64_MAX as MAX_TOKEN, INT64_MIN as MIN_TOKEN } from '../types/int64';

const TWO_32 = 4294967296;

// C1 = 0x87c37b91114253d5, C2 = 0x4cf5ad432745937f, fmix constants, as (hi, lo) halves.
const C1H = 0x87c37b91; const C1L = 0x114253d5;
const C2H = 0x4cf5ad43; const C2L = 0x2745937f;
const F1H = 0xff51afd7; const F1L = 0xed558ccd;
const F2H = 0xc4ceb9fe; const F2L = 0x1a85ec53;

/**
 * Result registers of the 64-bit helpers: [RH, RL] = the last result's halves, then h1 and h2.
 * A typed array, because an unsigned 32-bit value above 2^31 kept in a plain module variable is
 * a heap number allocated on every store.
 */
const REG = new Uint32Array(6);
const RH = 0; const RL = 1; const H1H = 2; const H1L = 3; const H2H = 4; const H2L = 5;
const rh = (): number => REG[RH] as number;
const rl = (): number => REG[RL] as number;

/** (ah:al) * (bh:bl) mod 2^64. */
function mul(ah: number, al: number, bh: number, bl: number): void {
  // al * bl in full (64 bits) from 16-bit limbs; every partial sum stays below 2^53.
  const a0 = al & 0xffff; const a1 = al >>> 16;
  const b0 = bl & 0xffff; const b1 = bl >>> 16;
  const mid1 = a1 * b0;
  const mid2 = a0 * b1;
  let lo = a0 * b0 + (mid1 & 0xffff) * 65536 + (mid2 & 0xffff) * 65536;
  const carry = Math.floor(lo / TWO_32);
  lo -= carry * TWO_32;
  const hi = a1 * b1 + (mid1 >>> 16) + (mid2 >>> 16) + carry;
  // Cross terms only reach the high half (mod 2^32).
  REG[RH] = (hi + Math.imul(ah, bl) + Math.imul(al, bh)) >>> 0;
  REG[RL] = lo >>> 0;
}

/** (ah:al) + (bh:bl) mod 2^64. */
function add(ah: number, al: number, bh: number, bl: number): void {
  const lo = al + bl;
  REG[RL] = lo >>> 0;
  REG[RH] = (ah + bh + (lo >= TWO_32 ? 1 : 0)) >>> 0;
}

/** Rotate (h:l) left by n bits, 0 < n < 64, n !== 32. */
function rotl(h: number, l: number, n: number): void {
  if (n > 32) {
    const t = h; h = l; l = t;
    n -= 32;
  }
  REG[RH] = ((h << n) | (l >>> (32 - n))) >>> 0;
  REG[RL] = ((l << n) | (h >>> (32 - n))) >>> 0;
}

/** A block's mixing step: k = rotl(k * a, r) * b. */
function scramble(kh: number, kl: number, ah: number, al: number, r: number, bh: number, bl: number): void {
  mul(kh, kl, ah, al);
  rotl(rh(), rl(), r);
  mul(rh(), rl(), bh, bl);
}

/** The finalization mix: k ^= k >>> 33; k *= F1; k ^= k >>> 33; k *= F2; k ^= k >>> 33. */
function fmix(h: number, l: number): void {
  l = (l ^ (h >>> 1)) >>> 0;
  mul(h, l, F1H, F1L);
  h = rh(); l = (rl() ^ (rh() >>> 1)) >>> 0;
  mul(h, l, F2H, F2L);
  REG[RH] = rh() >>> 0;
  REG[RL] = (rl() ^ (rh() >>> 1)) >>> 0;
}

/** Little-endian 32-bit word at `i`. */
function word(key: Uint8Array, i: number): number {
  return ((key[i] as number) | ((key[i + 1] as number) << 8) | ((key[i + 2] as number) << 16) | ((key[i + 3] as number) << 24)) >>> 0;
}

/**
 * The tail bytes `from..to` (exclusive, at most 8) as Java's XOR of sign-extended bytes shifted
 * by 8 per position: a negative byte sets every bit above it.
 */
function tailBlock(key: Uint8Array, from: number, to: number): void {
  let h = 0;
  let l = 0;
  for (let j = to - 1; j >= from; j--) {
    const b = key[j] as number;
    const shift = (j - from) * 8;
    const ext = b >= 128 ? -1 : 0; // the sign-extension bits above the byte
    if (shift < 32) {
      l ^= (b << shift) >>> 0;
      if (ext !== 0) {
        if (shift + 8 < 32) l ^= (ext << (shift + 8)) >>> 0;
        h ^= -1;
      }
    } else {
      h ^= (b << (shift - 32)) >>> 0;
      if (ext !== 0 && shift - 32 + 8 < 32) h ^= (ext << (shift - 32 + 8)) >>> 0;
    }
  }
  REG[RH] = h >>> 0;
  REG[RL] = l >>> 0;
}

/** MurmurHash3 x64 128 as Cassandra computes it; returns [h1, h2] as unsigned 64-bit values. */
export function murmur3Hash128(key: Uint8Array): [bigint, bigint] {
  hash(key);
  return [toU64(REG[H1H] as number, REG[H1L] as number), toU64(REG[H2H] as number, REG[H2L] as number)];
}

function toU64(h: number, l: number): bigint {
  return (BigInt(h) << 32n) | BigInt(l);
}

/** Leaves h1 in H1H:H1L and h2 in H2H:H2L. */
function hash(key: Uint8Array): void {
  const length = key.length;
  const nblocks = length >> 4;
  let h1h = 0; let h1l = 0; let h2h = 0; let h2l = 0;
  for (let i = 0; i < nblocks; i++) {
    const at = i * 16;
    // k1 = rotl(k1 * C1, 31) * C2; h1 ^= k1; h1 = (rotl(h1, 27) + h2) * 5 + 0x52dce729
    scramble(word(key, at + 4), word(key, at), C1H, C1L, 31, C2H, C2L);
    h1h = (h1h ^ rh()) >>> 0; h1l = (h1l ^ rl()) >>> 0;
    rotl(h1h, h1l, 27);
    add(rh(), rl(), h2h, h2l);
    mul(rh(), rl(), 0, 5);
    add(rh(), rl(), 0, 0x52dce729);
    h1h = rh(); h1l = rl();
    // k2 = rotl(k2 * C2, 33) * C1; h2 ^= k2; h2 = (rotl(h2, 31) + h1) * 5 + 0x38495ab5
    scramble(word(key, at + 12), word(key, at + 8), C2H, C2L, 33, C1H, C1L);
    h2h = (h2h ^ rh()) >>> 0; h2l = (h2l ^ rl()) >>> 0;
    rotl(h2h, h2l, 31);
    add(rh(), rl(), h1h, h1l);
    mul(rh(), rl(), 0, 5);
    add(rh(), rl(), 0, 0x38495ab5);
    h2h = rh(); h2l = rl();
  }
  const tail = nblocks * 16;
  const rem = length & 15;
  if (rem > 8) {
    tailBlock(key, tail + 8, tail + rem);
    scramble(rh(), rl(), C2H, C2L, 33, C1H, C1L);
    h2h = (h2h ^ rh()) >>> 0; h2l = (h2l ^ rl()) >>> 0;
  }
  if (rem > 0) {
    tailBlock(key, tail, tail + Math.min(rem, 8));
    scramble(rh(), rl(), C1H, C1L, 31, C2H, C2L);
    h1h = (h1h ^ rh()) >>> 0; h1l = (h1l ^ rl()) >>> 0;
  }
  // h ^= length (a non-negative int: high half 0)
  h1l = (h1l ^ length) >>> 0;
  h2l = (h2l ^ length) >>> 0;
  add(h1h, h1l, h2h, h2l); h1h = rh(); h1l = rl();
  add(h2h, h2l, h1h, h1l); h2h = rh(); h2l = rl();
  fmix(h1h, h1l); h1h = rh(); h1l = rl();
  fmix(h2h, h2l); h2h = rh(); h2l = rl();
  add(h1h, h1l, h2h, h2l); h1h = rh(); h1l = rl();
  add(h2h, h2l, h1h, h1l); h2h = rh(); h2l = rl();
  REG[H1H] = h1h; REG[H1L] = h1l; REG[H2H] = h2h; REG[H2L] = h2l;
}

/**
 * The Murmur3Partitioner token of a serialized partition key, as a signed 64-bit bigint.
 * An empty key is the ring's minimum token, as in Cassandra.
 */
export function murmur3Token(key: Uint8Array): bigint {
  if (key.length === 0) return MIN_TOKEN;
  hash(key);
  const token = BigInt.asIntN(64, toU64(REG[H1H] as number, REG[H1L] as number));
  return token === MIN_TOKEN ? MAX_TOKEN : token;
}
