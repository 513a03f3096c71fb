import type { INestApplication } from '@nestjs/common';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import {
  CursorTrail, fetchPage, HttpStatusError, queryRows, ServerStreamError, sseStream, StreamDataError, StreamUnavailableError, WebOptionError,
} from '../../../lib/integrations/web';
import type { ScriptedCluster } from '../../support/scripted-server';
import { NodeEventSource, nodeEventSource } from '../../support/node-event-source';
import { waitFor } from '../../support/wait-for';
import { scriptedCluster } from '../nestjs/scripted-app';
import { ITEMS, startWebTestApp, type Item, type Probe } from './web-test-app';

const eventSource = nodeEventSource;

describe('cassandra-rx/web: rows streams, errors and cursor pages', () => {
  let sim: ScriptedCluster;
  let app: INestApplication;
  let url: string;
  let probe: Probe;
  beforeAll(async () => {
    const { sim: s, contactPoints } = await scriptedCluster(1);
    sim = s;
    ({ app, url, probe } = await startWebTestApp(contactPoints));
  });
  afterAll(async () => {
    await app?.close();
    await sim?.stop();
  });

  it('queryRows: every row in order, completing at the end event', async () => {
    const rows = await lastValueFrom(queryRows<Item>(`${url}/rows?count=500`, { eventSource }).pipe(toArray()));
    expect(rows).toHaveLength(500);
    expect(rows.every((r, i) => r.n === i)).toBe(true);
  });

  it('unsubscribing closes the EventSource and the server stops pulling rows', async () => {
    probe.pulled = 0;
    const closedBefore = probe.sourcesClosed;
    const before = NodeEventSource.opened.length;
    const rows = await lastValueFrom(queryRows<Item>(`${url}/rows?count=1000000`, { eventSource }).pipe(take(50), toArray()));
    expect(rows.map((r) => r.n)).toEqual([...Array(50).keys()]);
    expect(NodeEventSource.opened[before]?.readyState).toBe(2);
    await waitFor('the server closed its source', () => probe.sourcesClosed === closedBefore + 1);
    // What the socket buffers held when the client left, nowhere near the million rows asked for.
    expect(probe.pulled).toBeLessThan(100_000);
  });

  it('a server error event: ServerStreamError with the message the server exposes', async () => {
    const error = await lastValueFrom(queryRows(`${url}/rows/failing`, { eventSource }).pipe(toArray())).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ServerStreamError);
    expect((error as ServerStreamError).serverMessage).toBe('page 2 is not there');
  });

  it('an end event counting other rows than arrived: StreamDataError', async () => {
    const error = await lastValueFrom(queryRows(`${url}/rows/miscounted`, { eventSource })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamDataError);
    expect((error as StreamDataError).message).toContain('it counts 3 rows, 2 arrived');
  });

  it('a stream cut before its end: StreamUnavailableError (no reconnection: it would start again)', async () => {
    const seen: Item[] = [];
    const error = await new Promise<unknown>((resolve) => queryRows<Item>(`${url}/rows/dropped`, { eventSource }).subscribe({ next: (r) => seen.push(r), error: resolve }));
    expect(seen.map((r) => r.n)).toEqual([0, 1, 2]);
    expect(error).toBeInstanceOf(StreamUnavailableError);
    expect(error).toMatchObject({ opened: true, attempts: 1 });
  });

  it('an endpoint that is not a stream (404): StreamUnavailableError, not opened', async () => {
    const error = await lastValueFrom(queryRows(`${url}/no-such-stream`, { eventSource })).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'StreamUnavailableError', opened: false, attempts: 1 });
  });

  it('data that is not JSON: StreamDataError naming the event', async () => {
    const error = await lastValueFrom(sseStream<{ status: unknown }>(`${url}/not-json`, { events: ['status'], eventSource, reconnect: false })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StreamDataError);
    expect(error).toMatchObject({ eventType: 'status' });
  });

  it('bad options: WebOptionError when the Observable is made', () => {
    expect(() => queryRows(`${url}/rows`, { eventSource, reconnect: { initialDelayMs: -1 } })).toThrow(/reconnect.initialDelayMs: must be a number >= 0, got -1/);
    expect(() => sseStream(`${url}/rows`, { events: ['message'], eventSource, reconnect: { initialDelayMs: -1 } })).toThrow(WebOptionError);
    expect(() => sseStream<{ error: unknown }>(`${url}/rows`, { events: ['error'], eventSource })).toThrow(/EventSource's own events/);
    expect(() => fetchPage(`${url}/items`, { limit: 0 })).toThrow(WebOptionError);
  });

  it('fetchPage and CursorTrail: forward to the last page and back, no duplicate, no gap', async () => {
    const trail = new CursorTrail();
    const seen: number[] = [];
    let page = 0;
    for (;;) {
      const answer = await firstValueFrom(fetchPage<Item>(`${url}/items`, { limit: 10, cursor: trail.cursorOf(page) ?? null }));
      trail.record(page, answer.cursor);
      seen.push(...answer.items.map((i) => i.n));
      if (!trail.hasNext(page)) break;
      page++;
    }
    expect(seen).toEqual([...Array(ITEMS).keys()]);
    expect(page).toBe(9);
    const back: number[][] = [];
    for (let p = page; p >= 0; p--) back.push((await firstValueFrom(fetchPage<Item>(`${url}/items`, { limit: 10, cursor: trail.cursorOf(p) ?? null }))).items.map((i) => i.n));
    expect(back.reverse().flat()).toEqual(seen);
  });

  it('fetchPage: an error answer is HttpStatusError with the server body; an unreachable server is status 0', async () => {
    const error = await firstValueFrom(fetchPage(`${url}/items`, { limit: 10, cursor: 'nonsense' })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HttpStatusError);
    expect(error).toMatchObject({ status: 400, transient: false, body: { message: 'Invalid cursor: not a cursor this service issued' } });
    const down = await firstValueFrom(fetchPage('http://127.0.0.1:1/items', { limit: 10 })).catch((e: unknown) => e);
    expect(down).toMatchObject({ name: 'HttpStatusError', status: 0, transient: true });
  });
});
