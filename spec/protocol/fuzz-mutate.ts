/**
 * Fuzzing helpers shared by the decoder fuzz, the live-connection fuzz and the timeout-at-scale
 * spec: a seeded PRNG (mulberry32, so every run sees the same inputs) and a byte mutator (bit
 * flips, random bytes, truncation, interesting 32- and 16-bit values, opcode changes, insertions).
 */

/** A seeded PRNG returning floats in [0, 1). */
export function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Lengths and counts that find boundary bugs: -1, -2, sign bit, max int, large, > 16 bits, 0. */
export const INTERESTING = [0xffffffff, 0xfffffffe, 0x80000000, 0x7fffffff, 0x10000000, 0x0001ffff, 0];

/** A mutated copy of `src`: one to three mutations. `opcodeAt` is where the frame opcode is (-1: none). */
export function mutate(src: Buffer, rnd: () => number, opcodeAt = 4): Buffer {
  const b = Buffer.from(src);
  const pos = (): number => Math.floor(rnd() * b.length);
  const rounds = 1 + Math.floor(rnd() * 3);
  let out = b;
  for (let k = 0; k < rounds; k++) {
    const p = pos();
    switch (Math.floor(rnd() * 7)) {
      case 0: out[p] = (out[p] as number) ^ (1 << Math.floor(rnd() * 8)); break;
      case 1: out[p] = Math.floor(rnd() * 256); break;
      case 2: out = out.subarray(0, Math.floor(rnd() * out.length)); break;
      case 3: if (p + 4 <= out.length) out.writeUInt32BE(INTERESTING[Math.floor(rnd() * INTERESTING.length)] ?? 0, p); break;
      case 4: if (p + 2 <= out.length) out.writeUInt16BE(rnd() < 0.5 ? 0xffff : Math.floor(rnd() * 0x40), p); break;
      case 5: if (opcodeAt >= 0 && out.length > opcodeAt) out[opcodeAt] = Math.floor(rnd() * 0x20); break;
      default: out = Buffer.concat([out.subarray(0, p), Buffer.from([Math.floor(rnd() * 256)]), out.subarray(p)]);
    }
  }
  return out;
}
