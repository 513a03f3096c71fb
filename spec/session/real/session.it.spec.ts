import { firstValueFrom, lastValueFrom, map, mergeMap, range, take, toArray } from 'rxjs';
import { Cluster, Consistency, CqlSyntaxError, InvalidQueryError, InvalidValueError, type RequestRecord, type Session } from '../../../lib';
import { contactPoints, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';
import { exposeGc } from '../../support/gc';

// Real Cassandra 5.0: the session end to end (issue 6).
const KS = `rx_session_${Date.now().toString(36)}`;

describe('Session against real Cassandra', () => {
  let cluster: Cluster;
  let session: Session;
  const records: RequestRecord[] = [];

  beforeAll(async () => {
    await ensurePlainCluster();
    cluster = new Cluster({ contactPoints: contactPoints() });
    cluster.requests$.subscribe((r) => records.push(r));
    session = await cluster.connect();
    await firstValueFrom(session.execute(`CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`));
    await firstValueFrom(session.execute(`USE ${KS}`));
    await firstValueFrom(session.execute('CREATE TABLE kv (k int PRIMARY KEY, v text, n bigint)'));
    await firstValueFrom(session.execute('CREATE TABLE wide (p int, c int, v text, PRIMARY KEY (p, c))'));
    await firstValueFrom(session.execute('CREATE TABLE counters (k int PRIMARY KEY, hits counter)'));
  }, 120_000);

  afterAll(async () => {
    if (session) await firstValueFrom(session.execute(`DROP KEYSPACE IF EXISTS ${KS}`)).catch(() => undefined);
    await cluster?.shutdown();
  });

  it('creates, inserts, selects, updates and deletes with simple and prepared statements', async () => {
    await firstValueFrom(session.execute('INSERT INTO kv (k, v, n) VALUES (?, ?, ?)', [1, 'one', 10n], { hints: ['int', 'text', 'bigint'] }));
    const insert = await firstValueFrom(session.prepare('INSERT INTO kv (k, v, n) VALUES (?, ?, ?)'));
    await firstValueFrom(session.execute(insert, [2, 'two', 20n]));
    await firstValueFrom(session.execute(insert, { k: 3, v: 'three', n: 30n }));
    const all = await firstValueFrom(session.execute<{ k: number; v: string }>('SELECT k, v FROM kv'));
    expect(all.rows.map((r) => r.k).sort()).toEqual([1, 2, 3]);
    await firstValueFrom(session.execute('UPDATE kv SET v = ? WHERE k = ?', ['deux', 2], { prepare: true }));
    const two = await firstValueFrom(session.execute<{ v: string; n: { toString(): string } }>('SELECT v, n FROM kv WHERE k = ?', [2], { prepare: true }));
    expect(two.first()?.v).toBe('deux');
    expect(two.first()?.n.toString()).toBe('20');
    await firstValueFrom(session.execute('DELETE FROM kv WHERE k = ?', [1], { prepare: true }));
    const after = await firstValueFrom(session.execute('SELECT k FROM kv WHERE k = 1'));
    expect(after.rows).toHaveLength(0);
  });

  it('streams a 200,000-row partition (fetch size 1,000) with a flat heap', async () => {
    const rows = 200_000;
    const batch = 250;
    const ins = await firstValueFrom(session.prepare('INSERT INTO wide (p, c, v) VALUES (1, ?, ?)'));
    const payload = 'x'.repeat(40);
    await lastValueFrom(range(0, rows / batch).pipe(
      mergeMap((b) => session.batch(Array.from({ length: batch }, (_, i) => ins.bind([b * batch + i, payload])), { type: 'unlogged' }), 8),
      toArray(),
    ));
    // Retention, not noise: heap after a full GC at 20k, 100k and 200k rows streamed.
    const gc = exposeGc();
    const retained: number[] = [];
    let count = 0;
    let sum = 0;
    await new Promise<void>((resolve, reject) => {
      session.stream<{ c: number }>('SELECT c, v FROM wide WHERE p = 1', [], { fetchSize: 1000 }).subscribe({
        next: (r) => {
          count++;
          sum += r.c;
          if (count === 20_000 || count === 100_000 || count === rows) {
            gc();
            retained.push(process.memoryUsage().heapUsed);
          }
        },
        error: reject,
        complete: resolve,
      });
    });
    expect(count).toBe(rows);
    expect(sum).toBe((rows * (rows - 1)) / 2);
    const growthMb = ((retained[2] as number) - (retained[0] as number)) / 1024 / 1024;
    process.stdout.write(`200k rows: heap after GC at 20k/100k/200k rows: ${retained.map((b) => (b / 1048576).toFixed(1)).join(' / ')} MB\n`);
    // 180k more rows retained would add 20+ MB (about 120 bytes each); a flat stream holds one page.
    expect(growthMb).toBeLessThan(5);
  }, 300_000);

  it('fetches no more pages after the subscriber takes 10 rows', async () => {
    const before = records.filter((r) => r.query.includes('FROM wide WHERE p = 1 LIMIT')).length;
    const ten = await lastValueFrom(session.stream('SELECT c FROM wide WHERE p = 1 LIMIT 5000', [], { fetchSize: 100 }).pipe(take(10), toArray()));
    expect(ten).toHaveLength(10);
    await new Promise((r) => setTimeout(r, 300));
    const pages = records.filter((r) => r.query.includes('FROM wide WHERE p = 1 LIMIT')).length - before;
    expect(pages).toBe(1);
  });

  it('streams with prefetchPages 1: the same rows in order, and take(10) stops after the prefetched page', async () => {
    const q = 'SELECT c FROM wide WHERE p = 1 LIMIT 20000';
    const plain = await lastValueFrom(session.stream<{ c: number }>(q, [], { fetchSize: 1000 }).pipe(map((r) => r.c), toArray()));
    const ahead = await lastValueFrom(session.stream<{ c: number }>(q, [], { fetchSize: 1000, prefetchPages: 1 }).pipe(map((r) => r.c), toArray()));
    expect(plain).toHaveLength(20_000);
    expect(ahead).toEqual(plain);
    const before = records.filter((r) => r.query === q).length;
    expect(await lastValueFrom(session.stream(q, [], { fetchSize: 100, prefetchPages: 1 }).pipe(take(10), toArray()))).toHaveLength(10);
    await new Promise((r) => setTimeout(r, 300));
    expect(records.filter((r) => r.query === q).length - before).toBe(2); // page 1, and page 2 (prefetched, cancelled)
  }, 120_000);

  it('runs lightweight transactions', async () => {
    const first = await firstValueFrom(session.execute("INSERT INTO kv (k, v) VALUES (100, 'a') IF NOT EXISTS"));
    expect(first.wasApplied()).toBe(true);
    const second = await firstValueFrom(session.execute("INSERT INTO kv (k, v) VALUES (100, 'b') IF NOT EXISTS"));
    expect(second.wasApplied()).toBe(false);
    expect(second.first()?.['v']).toBe('a');
    const cas = await firstValueFrom(session.execute('UPDATE kv SET v = ? WHERE k = ? IF v = ?', ['c', 100, 'a'], { prepare: true, serialConsistency: Consistency.LOCAL_SERIAL }));
    expect(cas.wasApplied()).toBe(true);
  });

  it('runs logged, unlogged and counter batches, simple and prepared mixed', async () => {
    const ins = await firstValueFrom(session.prepare('INSERT INTO kv (k, v) VALUES (?, ?)'));
    await firstValueFrom(session.batch([{ query: "INSERT INTO kv (k, v) VALUES (200, 'l1')" }, ins.bind([201, 'l2'])]));
    await firstValueFrom(session.batch([{ query: 'INSERT INTO kv (k, v) VALUES (?, ?)', params: [202, 'u1'], hints: ['int', 'text'] }, ins.bind([203, 'u2'])], { type: 'unlogged' }));
    const inc = await firstValueFrom(session.prepare('UPDATE counters SET hits = hits + ? WHERE k = ?'));
    await firstValueFrom(session.batch([inc.bind([5n, 1]), inc.bind([7n, 1]), { query: 'UPDATE counters SET hits = hits + 1 WHERE k = 1' }], { type: 'counter' }));
    const got = await firstValueFrom(session.execute('SELECT k, v FROM kv WHERE k IN (200, 201, 202, 203)'));
    expect(got.rows.map((r) => r['v']).sort()).toEqual(['l1', 'l2', 'u1', 'u2']);
    const hits = await firstValueFrom(session.execute('SELECT hits FROM counters WHERE k = 1'));
    expect(String(hits.first()?.['hits'])).toBe('13');
  });

  it('traces an execution and fetches the trace', async () => {
    const rs = await firstValueFrom(session.execute('SELECT * FROM kv WHERE k = 2', [], { tracing: true }));
    expect(rs.info.traceId).toMatch(/^[0-9a-f-]{36}$/);
    const trace = await firstValueFrom(session.trace(rs.info.traceId as string));
    expect(trace.events.length).toBeGreaterThan(0);
    expect(trace.durationMicros).toBeGreaterThan(0);
    // The coordinator the trace names is the node that answered (any node of a 3-node cluster).
    expect(trace.coordinator).toBe(rs.info.host.replace(/:\d+$/, ''));
  });

  it('delivers syntax and invalid-query errors as typed errors naming the host', async () => {
    const syntax = await firstValueFrom(session.execute('SELEKT * FROM kv')).catch((e: unknown) => e);
    expect(syntax).toBeInstanceOf(CqlSyntaxError);
    // The host is the node that answered: the one the request record names, a node of the cluster.
    const answered = records.filter((r) => r.query === 'SELEKT * FROM kv').pop()?.host;
    expect((syntax as CqlSyntaxError).host).toBe(answered);
    expect(cluster.hosts().map((h) => h.endpoint)).toContain(answered);
    const invalid = await firstValueFrom(session.execute('SELECT nope FROM kv')).catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidQueryError);
    const badValue = await firstValueFrom(session.execute('SELECT * FROM kv WHERE k = ?', ['not an int'], { prepare: true })).catch((e: unknown) => e);
    expect(badValue).toBeInstanceOf(InvalidValueError);
    expect((badValue as InvalidValueError).target).toContain('parameter 0');
    expect((badValue as InvalidValueError).cqlType).toBe('int');
  });

  it('reaches every pooled connection with USE and waits for schema agreement on DDL', async () => {
    const rs = await firstValueFrom(session.execute('CREATE TABLE IF NOT EXISTS late (k int PRIMARY KEY)'));
    expect(rs.info.schemaInAgreement).toBe(true);
    expect(cluster.metadata.schema.table(KS, 'late')).toBeDefined();
    const mass = await lastValueFrom(range(0, 50).pipe(mergeMap(() => session.execute('SELECT k FROM late')), toArray()));
    expect(mass).toHaveLength(50);
  });
});
