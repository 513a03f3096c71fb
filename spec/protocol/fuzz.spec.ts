/**
 * Hostile input: mutated frames (v4, v5), v4 LZ4 frames and v5 segment streams (plain, LZ4, a frame
 * split over segments), fed in random chunks, must make the decoders throw nothing but
 * ProtocolError, terminate, and never allocate in proportion to a length the input does not
 * contain. FUZZ_CASES=<n> sets the count (default 200,000 in `npm test`; `npm run fuzz` runs
 * 1,000,000). FUZZ_CORPUS_WRITE=1 adds the smallest input of each new error signature to
 * spec/protocol/fuzz-corpus/ (replayed by fuzz-corpus.spec.ts).
 */
import { ProtocolError } from '../../lib/errors/codec-errors';
import { addToCorpus, signatureOf } from './fuzz-corpus';
import { mulberry32, mutate } from './fuzz-mutate';
import { chunks, decodeAll, SEGMENTS_SPLIT, SOURCES, type FuzzKind } from './fuzz-sources';

const CASES = Number(process.env.FUZZ_CASES ?? 200_000);

describe('fuzz: decoders under hostile input', () => {
  it(`throws only ProtocolError over ${CASES} mutated inputs, with bounded allocation`, () => {
    const rnd = mulberry32(0xc0ffee);
    // Sanity: the unmutated seeds decode, in random chunks, to at least one frame each.
    for (const [kind, input] of SOURCES) expect(decodeAll(kind, chunks(input, rnd))).toBeGreaterThan(0);
    expect(decodeAll('segments', chunks(SEGMENTS_SPLIT, rnd))).toBe(1);

    const original = { alloc: Buffer.alloc, allocUnsafe: Buffer.allocUnsafe };
    let worst = 0;
    let limit = Infinity;
    const guard = <T extends (size: number, ...rest: never[]) => Buffer>(fn: T): T =>
      ((size: number, ...rest: never[]) => {
        if (size > limit) throw new Error(`allocation of ${size} bytes for a ${limit}-byte allowance`);
        if (limit !== Infinity) worst = Math.max(worst, size);
        return fn(size, ...rest);
      }) as T;
    Buffer.alloc = guard(original.alloc);
    Buffer.allocUnsafe = guard(original.allocUnsafe);
    const unexpected: string[] = [];
    const byKind = new Map<FuzzKind, { cases: number; errors: number }>();
    const interesting = new Map<string, { kind: FuzzKind; input: Buffer }>();
    try {
      for (let i = 0; i < CASES; i++) {
        const [kind, src] = i % 500 === 0 ? ['segments', SEGMENTS_SPLIT] as const
          : SOURCES[Math.floor(rnd() * SOURCES.length)] ?? SOURCES[0] as (typeof SOURCES)[number];
        limit = Infinity; // the test's own allocations are not checked
        const input = mutate(src, rnd);
        const parts = chunks(input, rnd);
        // LZ4 can legitimately expand 255×; segments decompress to at most 128 KiB.
        limit = input.length * 256 + 140_000;
        const stats = byKind.get(kind) ?? { cases: 0, errors: 0 };
        byKind.set(kind, stats);
        stats.cases++;
        try {
          decodeAll(kind, parts);
        } catch (e) {
          limit = Infinity;
          if (!(e instanceof ProtocolError)) {
            if (unexpected.length < 5) unexpected.push(`${String(e)} for ${kind} ${input.toString('hex').slice(0, 200)}`);
            continue;
          }
          stats.errors++;
          const sig = signatureOf(kind, e.message);
          const seen = interesting.get(sig);
          if (input.length <= 4096 && (!seen || input.length < seen.input.length)) interesting.set(sig, { kind, input });
        }
      }
    } finally {
      Buffer.alloc = original.alloc;
      Buffer.allocUnsafe = original.allocUnsafe;
    }
    if (process.env.FUZZ_REPORT) process.stdout.write(`${JSON.stringify({ cases: CASES, byKind: Object.fromEntries(byKind), signatures: interesting.size, worstAllocation: worst })}\n`);
    if (process.env.FUZZ_CORPUS_WRITE) process.stdout.write(`corpus: ${addToCorpus(interesting)} new case(s)\n`);
    expect(unexpected).toEqual([]);
    for (const [kind, { cases, errors }] of byKind) expect({ kind, rejectedMoreThanAQuarter: errors > cases / 4 }).toEqual({ kind, rejectedMoreThanAQuarter: true });
    expect(byKind.size).toBe(4);
    expect(worst).toBeLessThan(1 << 20);
  }, Math.max(60_000, CASES)); // 1 ms per case: ~6× the measured cost on a loaded 2-core machine
});
