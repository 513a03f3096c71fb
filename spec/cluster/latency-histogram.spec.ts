import fc from 'fast-check';
import { LatencyHistogram } from '../../lib/cluster/latency-histogram';

function exactPercentile(values: number[], q: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)] as number;
}

describe('LatencyHistogram', () => {
  it('is empty at first', () => {
    expect(new LatencyHistogram().summary()).toEqual({ count: 0, p50: 0, p95: 0, p99: 0, max: 0, mean: 0 });
  });

  it('reports exact values below 16 µs and the exact max', () => {
    const h = new LatencyHistogram();
    for (let v = 1; v <= 10; v++) h.record(v);
    expect(h.percentile(0.5)).toBe(5);
    expect(h.summary().max).toBe(10);
    expect(h.summary().mean).toBe(5.5);
  });

  it('keeps every percentile within 6.25% above the exact one', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 50_000_000 }), { minLength: 1, maxLength: 300 }), fc.constantFrom(0.5, 0.95, 0.99, 1), (values, q) => {
        const h = new LatencyHistogram();
        values.forEach((v) => h.record(v));
        const exact = exactPercentile(values, q);
        const got = h.percentile(q);
        expect(got).toBeGreaterThanOrEqual(exact);
        expect(got).toBeLessThanOrEqual(Math.max(exact * 1.0625, exact + 1));
      }),
      { numRuns: 300 },
    );
  });

  it('stays within 6.25% across the 2^31 µs boundary (32-bit and floating-point bucket paths)', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 2 ** 30, max: 2 ** 39 }), { minLength: 1, maxLength: 50 }), (values) => {
        const h = new LatencyHistogram();
        values.forEach((v) => h.record(v));
        for (const q of [0.5, 1]) {
          const exact = exactPercentile(values, q);
          expect(h.percentile(q)).toBeGreaterThanOrEqual(exact);
          expect(h.percentile(q)).toBeLessThanOrEqual(exact * 1.0625);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('reset() empties it', () => {
    const h = new LatencyHistogram();
    h.record(1234);
    h.reset();
    expect(h.count).toBe(0);
    expect(h.percentile(0.99)).toBe(0);
  });
});
