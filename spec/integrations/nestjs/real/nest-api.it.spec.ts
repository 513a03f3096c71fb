/**
 * The example service (examples/nest-api) against real Cassandra over real HTTP: CRUD, the cursor
 * listing, the SSE row stream (all rows in order with a bounded heap; a slow client stalls the
 * paging; a client that leaves stops it) and the driver's errors as HTTP answers.
 */
import { firstValueFrom } from 'rxjs';
import { ensurePlainCluster } from '../../../support/cassandra/ensure-cluster';
import { http } from '../scripted-app';
import { countRequests, dropKeyspace, sleep, startApi, type RunningApi } from './nest-api-app';
import { retainedHeap } from '../../../support/gc';
import { readSse } from './sse-client';
import { parseExposition } from '../../prometheus/exposition';

const KEYSPACE = 'nest_api_it';
const ROWS = 50_000;
const NOTE_BYTES = 500;
const STREAM_QUERY = 'FROM readings WHERE sensor';
const log = (text: string): void => void process.stderr.write(`[nest-api.it] ${text}\n`);

describe('examples/nest-api on a real Cassandra', () => {
  let api: RunningApi;
  beforeAll(async () => {
    await ensurePlainCluster();
    api = await startApi(KEYSPACE);
  }, 120_000);
  afterAll(async () => {
    if (!api) return;
    await dropKeyspace(api, KEYSPACE);
    await api.close();
  }, 60_000);

  it('CRUD round trip: create, read (the Observable returned as is), update, delete', async () => {
    const created = await http(`${api.url}/products`, 'POST', { name: 'kettle', price: '24.90', tags: ['kitchen'] });
    expect(created.status).toBe(201);
    const product = JSON.parse(created.body) as { id: string; name: string; price: string };
    expect(product).toMatchObject({ name: 'kettle', price: '24.90', tags: ['kitchen'] });
    const read = await http(`${api.url}/products/${product.id}`);
    expect(read.status).toBe(200);
    expect(JSON.parse(read.body)).toMatchObject({ id: product.id, name: 'kettle', price: '24.90', tags: ['kitchen'] });
    expect((await http(`${api.url}/products/${product.id}`, 'PUT', { name: 'teapot', price: 19 })).status).toBe(200);
    expect(JSON.parse((await http(`${api.url}/products/${product.id}`)).body)).toMatchObject({ name: 'teapot', price: '19', tags: null });
    expect((await http(`${api.url}/products/${product.id}`, 'DELETE')).status).toBe(204);
    expect((await http(`${api.url}/products/${product.id}`)).status).toBe(404);
    expect((await http(`${api.url}/products/${product.id}`, 'DELETE')).status).toBe(404);
  });

  it('answers a caller mistake with 400 (a malformed id, a bad price, a bad cursor) and sends nothing', async () => {
    const executions = countRequests(api.cluster, 'products');
    try {
      const bad = await http(`${api.url}/products/not-a-uuid`);
      expect(bad.status).toBe(400);
      expect(JSON.parse(bad.body)).toMatchObject({ statusCode: 400, message: expect.stringContaining('uuid') });
      const badPrice = await http(`${api.url}/products`, 'POST', { name: 'kettle', price: 'cheap' });
      expect(badPrice.status).toBe(400);
      expect(JSON.parse(badPrice.body)).toMatchObject({ statusCode: 400, message: expect.stringContaining('price') });
      expect((await http(`${api.url}/products/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}`, 'PUT', { name: 'x', price: [] })).status).toBe(400);
      expect(executions.count()).toBe(0);
    } finally {
      executions.stop();
    }
    expect((await http(`${api.url}/products?cursor=%%%`)).status).toBe(400);
    expect((await http(`${api.url}/products?cursor=AAAA`)).status).toBe(400);
    expect((await http(`${api.url}/products?limit=0`)).status).toBe(400);
  });

  it('the cursor pages through 5,000 rows exactly once', async () => {
    const session = await api.cluster.connect(KEYSPACE);
    await firstValueFrom(session.execute('TRUNCATE products', undefined, { timeoutMs: 60_000 }));
    const ids = new Set<string>();
    for (let i = 0; i < 5000; i += 250) {
      await Promise.all(Array.from({ length: 250 }, async (_, j) => {
        const r = await http(`${api.url}/products`, 'POST', { name: `p${i + j}`, price: i + j });
        ids.add((JSON.parse(r.body) as { id: string }).id);
      }));
    }
    expect(ids.size).toBe(5000);
    const seen = new Map<string, number>();
    let cursor: string | null = null;
    let pages = 0;
    do {
      const q: string = cursor === null ? '' : `&cursor=${cursor}`;
      const res = await http(`${api.url}/products?limit=450${q}`);
      expect(res.status).toBe(200);
      const page = JSON.parse(res.body) as { items: Array<{ id: string }>; cursor: string | null };
      for (const item of page.items) seen.set(item.id, (seen.get(item.id) ?? 0) + 1);
      cursor = page.cursor;
      pages++;
    } while (cursor !== null && pages < 100);
    expect(seen.size).toBe(5000);
    expect([...seen.values()].every((n) => n === 1)).toBe(true);
    expect([...ids].every((id) => seen.has(id))).toBe(true);
    log(`cursor: 5,000 products in ${pages} pages of up to 450`);
  }, 120_000);

  it(`an SSE client receives all ${ROWS.toLocaleString('en')} rows in order while the server's heap stays bounded`, async () => {
    const started = Date.now();
    const seed = await http(`${api.url}/readings/big/seed?count=${ROWS}&noteBytes=${NOTE_BYTES}`, 'POST');
    expect(JSON.parse(seed.body)).toEqual({ inserted: ROWS });
    log(`seeded ${ROWS} rows of ~${NOTE_BYTES} bytes in ${Date.now() - started} ms`);
    const pages = countRequests(api.cluster, STREAM_QUERY);
    const heap = retainedHeap();
    let expected = 0;
    let inOrder = true;
    const t0 = Date.now();
    const result = await readSse(`${api.url}/readings/big/stream?fetchSize=500`, (e) => {
      if (e.type !== 'message') return;
      const r = JSON.parse(e.data) as { seq: number; note: string };
      if (r.seq !== expected || !r.note.startsWith(`reading ${r.seq} `)) inOrder = false;
      expected++;
      if (expected % 10_000 === 0) heap.sample();
    });
    pages.stop();
    const grewMb = (heap.peak() - heap.baseline) / 2 ** 20;
    log(`SSE: ${expected} rows in ${Date.now() - t0} ms, ${pages.count()} page requests; heap baseline ${(heap.baseline / 2 ** 20).toFixed(1)} MB, retained peak +${grewMb.toFixed(1)} MB after GC (rows total ~${((ROWS * NOTE_BYTES) / 2 ** 20).toFixed(0)} MB)`);
    expect(result).toMatchObject({ status: 200, ended: true, events: ROWS + 1 });
    expect(expected).toBe(ROWS);
    expect(inOrder).toBe(true);
    // 100 full pages and an empty last one, plus the PREPARE of the statement on its first use.
    expect(pages.count()).toBeGreaterThanOrEqual(ROWS / 500 + 1);
    expect(pages.count()).toBeLessThanOrEqual(ROWS / 500 + 2);
    // The whole result is ~24 MB of notes (more as JS strings): a stream that buffered it would retain it.
    expect(grewMb).toBeLessThan(12);
  }, 180_000);

  it('a slow client stalls the paging: no page is fetched while it does not read', async () => {
    const pages = countRequests(api.cluster, STREAM_QUERY);
    let atPause = 0;
    let stalled = 0;
    const result = await readSse(`${api.url}/readings/big/stream?fetchSize=500`, (e, control) => {
      if (e.id !== '2000') return;
      control.pause();
      void (async () => {
        // The socket buffers on both sides fill first (how fast depends on the machine's load):
        // wait until no page was requested for 1 s (at most 10 s), then watch 1.5 s more.
        for (let i = 0; i < 10; i++) {
          const before = pages.count();
          await sleep(1000);
          if (pages.count() === before) break;
        }
        atPause = pages.count();
        await sleep(1500);
        stalled = pages.count();
        control.resume();
      })();
    });
    pages.stop();
    log(`slow client: ${atPause} page requests once the buffers were full, ${stalled} 1.5 s later; ${pages.count()} in all`);
    expect(result.events).toBe(ROWS + 1);
    expect(stalled).toBe(atPause);
    expect(atPause).toBeLessThan(ROWS / 500);
  }, 120_000);

  it('a client that disconnects after 100 rows stops the paging', async () => {
    const pages = countRequests(api.cluster, STREAM_QUERY);
    const result = await readSse(`${api.url}/readings/big/stream?fetchSize=500`, (e, control) => {
      if (e.id === '100') control.close();
    });
    await sleep(500);
    const soon = pages.count();
    await sleep(1500);
    const later = pages.count();
    pages.stop();
    log(`disconnect after 100 rows: ${soon} page requests 0.5 s later, ${later} 2 s later (the whole result is ${ROWS / 500 + 1})`);
    expect(result).toMatchObject({ ended: false, events: 100 });
    expect(later).toBe(soon);
    expect(later).toBeLessThanOrEqual(12);
  }, 60_000);
  it('serves the driver metrics at /metrics in the Prometheus format (prom-client is installed)', async () => {
    const before = parseExposition((await http(`${api.url}/metrics`)).body).sum('cassandra_requests_total', { cluster: 'nest-api' });
    const created = await http(`${api.url}/products`, 'POST', { name: 'scraped', price: 1 });
    expect(created.status).toBe(201);
    const scrape = await http(`${api.url}/metrics`);
    expect(scrape.status).toBe(200);
    const parsed = parseExposition(scrape.body);
    expect(parsed.types.get('cassandra_requests_total')).toBe('counter');
    expect(parsed.types.get('cassandra_request_duration_seconds')).toBe('histogram');
    expect(parsed.sum('cassandra_requests_total', { cluster: 'nest-api' })).toBeGreaterThan(before);
    // Bounded labels: no query text anywhere.
    expect(parsed.samples.every((x) => Object.values(x.labels).every((v) => !v.includes('INSERT')))).toBe(true);
  });
});
