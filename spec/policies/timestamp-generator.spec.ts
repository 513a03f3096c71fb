import { MonotonicTimestampGenerator } from '../../lib/policies/timestamp-generator';

describe('MonotonicTimestampGenerator', () => {
  it('returns the clock in microseconds when it moves forward', () => {
    let now = 1_700_000_000_000;
    const gen = new MonotonicTimestampGenerator({ now: () => now });
    expect(gen.next()).toBe(1_700_000_000_000_000);
    now += 5;
    expect(gen.next()).toBe(1_700_000_000_005_000);
  });

  it('never repeats within a millisecond or when the clock steps back, and warns on drift', () => {
    let now = 10_000;
    const warnings: number[] = [];
    const gen = new MonotonicTimestampGenerator({
      now: () => now,
      driftWarningThresholdMs: 1,
      driftWarningIntervalMs: 1000,
      onDriftWarning: (ms) => warnings.push(ms),
    });
    const seen: number[] = [];
    for (let i = 0; i < 3000; i++) seen.push(gen.next());
    now -= 500; // wall clock steps back
    for (let i = 0; i < 10; i++) seen.push(gen.next());
    for (let i = 1; i < seen.length; i++) expect((seen[i] as number) > (seen[i - 1] as number)).toBe(true);
    expect(warnings).toHaveLength(1); // rate-limited: the clock did not advance past the interval
    expect(warnings[0]).toBeGreaterThan(1);
  });

  it('is strictly increasing with the real clock', () => {
    const gen = new MonotonicTimestampGenerator();
    let prev = gen.next();
    for (let i = 0; i < 10_000; i++) {
      const t = gen.next();
      expect(t > prev).toBe(true);
      prev = t;
    }
    expect(Number.isSafeInteger(prev)).toBe(true);
    expect(Math.abs(prev - Date.now() * 1000)).toBeLessThan(1_000_000);
  });
});
