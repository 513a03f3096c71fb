import type { MessageEvent } from '@nestjs/common';
import { EventEmitter } from 'node:events';
import { lastValueFrom, take, toArray } from 'rxjs';
import { sseRows, type CongestionSource } from '../../../../lib/integrations/nestjs';
import { turns, waitFor } from '../../../support/wait-for';

/** Rows 0..n-1, counting pulls and whether the consumer closed the iterator. */
function source(n: number): { rows: AsyncIterable<{ i: number }>; pulled: () => number; closed: () => boolean } {
  let pulled = 0;
  let closed = false;
  async function* gen(): AsyncGenerator<{ i: number }> {
    try {
      for (let i = 0; i < n; i++) {
        pulled++;
        yield { i };
      }
    } finally {
      closed = true;
    }
  }
  return { rows: gen(), pulled: () => pulled, closed: () => closed };
}

class FakeSocket extends EventEmitter implements CongestionSource {
  writableNeedDrain = false;
  destroyed = false;
}


describe('sseRows', () => {
  it('emits one event per row in order, then an end event with the count', async () => {
    const { rows } = source(200);
    const events = await lastValueFrom(sseRows(rows).pipe(toArray()));
    expect(events).toHaveLength(201);
    expect(events[0]).toEqual({ data: { i: 0 } });
    expect(events[199]).toEqual({ data: { i: 199 } });
    expect(events[200]).toEqual({ type: 'end', data: { rows: 200 } });
  });

  it('takes custom events and no end event', async () => {
    const { rows } = source(3);
    const toEvent = (r: { i: number }, index: number): MessageEvent => ({ id: String(index), type: 'row', data: { n: r.i * 2 } });
    const events = await lastValueFrom(sseRows(rows, { toEvent, endEvent: false }).pipe(toArray()));
    expect(events).toEqual([0, 1, 2].map((i) => ({ id: String(i), type: 'row', data: { n: i * 2 } })));
  });

  it('pulls nothing while the socket is congested, resumes on drain', async () => {
    const { rows, pulled } = source(1000);
    const socket = new FakeSocket();
    const seen: MessageEvent[] = [];
    const sub = sseRows(rows, { request: { socket }, batchSize: 10 }).subscribe((e) => {
      seen.push(e);
      if (seen.length === 25) socket.writableNeedDrain = true;
    });
    await waitFor('the batch under way pulled', () => pulled() >= 30);
    await turns(50); // in-memory source: any further pull would have run by now
    const stalled = pulled();
    expect(stalled).toBe(30); // the batch under way is finished, then it waits
    await turns(50);
    expect(pulled()).toBe(stalled);
    socket.writableNeedDrain = false;
    socket.emit('drain');
    await waitFor('every row and the end event', () => seen.length >= 1001);
    expect(seen).toHaveLength(1001);
    sub.unsubscribe();
  });

  it('stops pulling and closes the iterator when unsubscribed (client gone)', async () => {
    const { rows, pulled, closed } = source(100_000);
    const events = await lastValueFrom(sseRows(rows, { batchSize: 16 }).pipe(take(100), toArray()));
    expect(events).toHaveLength(100);
    await waitFor('the iterator closed', () => closed());
    expect(pulled()).toBeLessThanOrEqual(101);
  });

  it('stops waiting for drain when unsubscribed, and when the socket closes', async () => {
    const { rows, closed } = source(1000);
    const socket = new FakeSocket();
    socket.writableNeedDrain = true;
    const sub = sseRows(rows, { request: { socket }, batchSize: 5 }).subscribe();
    await waitFor('waiting for drain', () => socket.listenerCount('drain') === 1);
    sub.unsubscribe();
    await waitFor('stopped waiting and closed the iterator', () => socket.listenerCount('drain') === 0 && closed());
  });

  it('passes a failing source on as the error', async () => {
    async function* failing(): AsyncGenerator<{ i: number }> {
      yield { i: 1 };
      throw new Error('page 2 failed');
    }
    await expect(lastValueFrom(sseRows(failing()).pipe(toArray()))).rejects.toThrow('page 2 failed');
  });
});
