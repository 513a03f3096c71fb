import { MAX_STREAM_IDS, StreamIdPool } from '../../lib/connection/stream-id-pool';

describe('StreamIdPool', () => {
  it('hands out every id exactly once, then reports exhaustion', () => {
    const pool = new StreamIdPool();
    const seen = new Set<number>();
    for (let i = 0; i < MAX_STREAM_IDS; i++) {
      const id = pool.acquire();
      expect(id).toBeGreaterThanOrEqual(0);
      expect(id).toBeLessThan(MAX_STREAM_IDS);
      seen.add(id);
    }
    expect(seen.size).toBe(MAX_STREAM_IDS);
    expect(pool.acquire()).toBe(-1);
    expect(pool.inFlight).toBe(MAX_STREAM_IDS);
  });

  it('reuses a released id', () => {
    const pool = new StreamIdPool(2);
    const a = pool.acquire();
    const b = pool.acquire();
    expect(pool.acquire()).toBe(-1);
    expect(pool.release(a)).toBe('in-use');
    expect(pool.acquire()).toBe(a);
    expect(pool.release(b)).toBe('in-use');
  });

  it('never reuses an orphaned id until its late response releases it', () => {
    const pool = new StreamIdPool(3);
    const a = pool.acquire();
    pool.orphan(a);
    expect(pool.orphanedCount).toBe(1);
    expect(pool.isOrphaned(a)).toBe(true);
    const others = [pool.acquire(), pool.acquire()];
    expect(others).not.toContain(a);
    expect(pool.acquire()).toBe(-1);
    expect(pool.inFlight).toBe(2);
    expect(pool.release(a)).toBe('orphaned');
    expect(pool.orphanedCount).toBe(0);
    expect(pool.acquire()).toBe(a);
  });

  it('reports a response for an id nobody holds as unknown and does not corrupt the free list', () => {
    const pool = new StreamIdPool(2);
    expect(pool.release(1)).toBe('unknown');
    expect(pool.release(-5)).toBe('unknown');
    expect(pool.release(99)).toBe('unknown');
    expect(pool.available).toBe(2);
    const a = pool.acquire();
    expect(pool.release(a)).toBe('in-use');
    expect(pool.release(a)).toBe('unknown');
    expect(pool.available).toBe(2);
  });

  it('ignores orphan() for an id that is not in use', () => {
    const pool = new StreamIdPool(2);
    pool.orphan(0);
    expect(pool.orphanedCount).toBe(0);
  });

  it('rejects impossible sizes', () => {
    expect(() => new StreamIdPool(0)).toThrow(RangeError);
    expect(() => new StreamIdPool(MAX_STREAM_IDS + 1)).toThrow(RangeError);
  });
});
