import { RequestStats, type RequestRecord } from '../../lib';

const rec = (o: Partial<RequestRecord> & { latencyMs: number }): RequestRecord => ({
  type: 'request', query: 'SELECT v FROM t WHERE k = ?', hosts: ['127.0.0.1:9042'], host: '127.0.0.1:9042',
  attempts: 1, retries: 0, speculativeExecutions: 0, at: 0, ...o,
});

describe('RequestStats (explicit-bucket series of finished executions)', () => {
  it('puts a duration equal to a boundary in that bucket and one above every boundary in the last', () => {
    const stats = new RequestStats({ boundaries: [0.001, 0.01, 0.1] });
    for (const ms of [0.5, 1, 1.0001, 10, 99, 100, 100.5, 5000]) stats.record(rec({ latencyMs: ms }));
    const [s] = stats.series();
    expect(stats.series()).toHaveLength(1);
    expect([...(s?.bucketCounts ?? [])]).toEqual([2, 2, 2, 2]);
    expect(s?.count).toBe(8);
    expect(s?.sum).toBeCloseTo((0.5 + 1 + 1.0001 + 10 + 99 + 100 + 100.5 + 5000) / 1000, 9);
    expect(s?.min).toBeCloseTo(0.0005, 12);
    expect(s?.max).toBe(5);
  });

  it('keeps one series per host, keyspace, query and error; counts retries and speculative executions; skips cancelled', () => {
    const stats = new RequestStats({ boundaries: [1] });
    stats.record(rec({ latencyMs: 1, keyspace: 'a', retries: 2 }));
    stats.record(rec({ latencyMs: 1, keyspace: 'a', speculativeExecutions: 1 }));
    stats.record(rec({ latencyMs: 1, keyspace: 'b' }));
    stats.record(rec({ latencyMs: 1, keyspace: 'a', error: 'ReadTimeoutError' }));
    stats.record(rec({ latencyMs: 1, keyspace: 'a', host: '127.0.0.2:9042' }));
    stats.record(rec({ latencyMs: 1, keyspace: 'a', cancelled: true }));
    const view = stats.series().map((s) => [s.host, s.keyspace, s.error, s.count, s.retries, s.speculativeExecutions]);
    expect(view).toEqual([
      ['127.0.0.1:9042', 'a', '', 2, 2, 1],
      ['127.0.0.1:9042', 'b', '', 1, 0, 0],
      ['127.0.0.1:9042', 'a', 'ReadTimeoutError', 1, 0, 0],
      ['127.0.0.2:9042', 'a', '', 1, 0, 0],
    ]);
  });

  it('past maxSeries, new queries are counted in their host\'s overflow series (query and keyspace empty)', () => {
    const stats = new RequestStats({ boundaries: [1], maxSeries: 2 });
    for (let i = 0; i < 10; i++) stats.record(rec({ latencyMs: 1, query: `SELECT v FROM t WHERE k = ${i}`, keyspace: 'ks' }));
    const view = stats.series().map((s) => [s.keyspace, s.query, s.count]);
    expect(view).toEqual([['ks', 'SELECT v FROM t WHERE k = 0', 1], ['ks', 'SELECT v FROM t WHERE k = 1', 1], ['', '', 8]]);
    expect(stats.series().reduce((n, s) => n + s.count, 0)).toBe(10);
  });

  it('refuses boundaries that are empty, not finite or not strictly ascending', () => {
    expect(() => new RequestStats({ boundaries: [] })).toThrow(/boundaries/);
    expect(() => new RequestStats({ boundaries: [0.1, 0.1] })).toThrow(/ascending/);
    expect(() => new RequestStats({ boundaries: [0.1, Infinity] })).toThrow(/finite/);
  });
});
