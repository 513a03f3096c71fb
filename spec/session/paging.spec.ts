import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import type { RequestRecord } from '../../lib/cluster/cluster-events';
import type { ReceivedRequest } from '../support/scripted-server';
import { barrier, onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const int = { kind: 'int' } as const;
const Q = 'SELECT v FROM paged';
const PAGES = 5;
/** Page p (from the paging state's first byte) has 4 rows, except pages 2 and 3 which are empty. */
const page = (req: ReceivedRequest) => {
  const p = req.pagingState ? req.pagingState.readUInt8(0) : 0;
  const rows = p === 2 || p === 3 ? [] : Array.from({ length: 4 }, (_, i) => [p * 10 + i]);
  return { columns: [{ name: 'v', type: int }], rows, pagingState: p + 1 < PAGES ? Buffer.from([p + 1]) : null };
};
const ALL = [0, 1, 2, 3, 10, 11, 12, 13, 40, 41, 42, 43];

// "Fetches no further page" is checked after barrier(s): a probe answered by every node, sent after
// anything the paging code had queued; no sleeps.
describe('Paging (scripted 3-node cluster, 5 pages with two empty ones in the middle)', () => {
  let s: Setup;
  let records: RequestRecord[];
  const fetches = (): number => total(s.sim, Q);
  beforeEach(async () => {
    s = await startSession();
    onAll(s.sim, Q, { rows: page });
    records = [];
    s.cluster.requests$.subscribe((r) => records.push(r));
  });
  afterEach(() => stopSession(s));

  it('pages() emits every page, empty middle pages included, and requests$ gets one record per page', async () => {
    const pages = await lastValueFrom(s.session.pages(Q).pipe(toArray()));
    expect(pages.map((p) => p.rowLength)).toEqual([4, 4, 0, 0, 4]);
    expect(pages.flatMap((p) => p.rows.map((r) => r['v']))).toEqual(ALL);
    expect(pages[4]?.pagingState).toBeNull();
    expect(fetches()).toBe(PAGES);
    expect(records.filter((r) => r.query === Q)).toHaveLength(PAGES);
  });

  it('the next page is requested only after the current one was delivered (at most one page ahead)', async () => {
    const fetchedWhenDelivered: number[] = [];
    await new Promise<void>((resolve, reject) => {
      s.session.pages(Q).subscribe({ next: () => fetchedWhenDelivered.push(fetches()), error: reject, complete: resolve });
    });
    expect(fetchedWhenDelivered).toEqual([1, 2, 3, 4, 5]);
  });

  it('stream() gives every row in order; take(n) stops fetching', async () => {
    expect((await lastValueFrom(s.session.stream(Q).pipe(toArray()))).map((r) => r['v'])).toEqual(ALL);
    const before = fetches();
    const five = await lastValueFrom(s.session.stream(Q).pipe(take(5), toArray()));
    expect(five.map((r) => r['v'])).toEqual([0, 1, 2, 3, 10]);
    await barrier(s);
    expect(fetches() - before).toBe(2);
    const two = await lastValueFrom(s.session.pages(Q).pipe(take(2), toArray()));
    expect(two).toHaveLength(2);
    await barrier(s);
    expect(fetches() - before).toBe(4);
  });

  it('resumes from a saved paging state (e.g. across HTTP requests)', async () => {
    const first = await firstValueFrom(s.session.execute(Q, undefined, { fetchSize: 4 }));
    const saved = first.pagingState;
    expect(saved).not.toBeNull();
    const rest = await lastValueFrom(s.session.stream(Q, undefined, { pagingState: saved, fetchSize: 4 }).pipe(toArray()));
    expect(rest.map((r) => r['v'])).toEqual(ALL.slice(4));
    const received = s.sim.nodes.flatMap((n) => n.received).filter((r) => r.query === Q);
    expect(received.every((r) => r.pageSize === 4)).toBe(true);
    expect(received.filter((r) => r.pagingState?.equals(saved as Buffer))).toHaveLength(1);
    const resumedPages = await lastValueFrom(s.session.pages(Q, undefined, { pagingState: Buffer.from([4]) }).pipe(toArray()));
    expect(resumedPages.map((p) => p.rows.map((r) => r['v']))).toEqual([[40, 41, 42, 43]]);
  });

  it('iterate() pulls one page at a time as rows are consumed', async () => {
    const it = s.session.iterate(Q)[Symbol.asyncIterator]();
    expect(fetches()).toBe(0);
    const got: unknown[] = [];
    for (let i = 0; i < 4; i++) {
      const r = await it.next();
      if (!r.done) got.push(r.value['v']);
      await barrier(s);
      expect(fetches()).toBe(1);
    }
    await barrier(s);
    expect(fetches()).toBe(1);
    const fifth = await it.next();
    expect(fifth.done ? null : fifth.value['v']).toBe(10);
    expect(fetches()).toBe(2);
    for (let r = await it.next(); !r.done; r = await it.next()) got.push(r.value['v']);
    expect(got).toEqual([0, 1, 2, 3, 11, 12, 13, 40, 41, 42, 43]);
    expect(fetches()).toBe(PAGES);
  });

  it('leaving a for-await loop early fetches no further page', async () => {
    const seen: unknown[] = [];
    for await (const row of s.session.iterate(Q)) {
      seen.push(row['v']);
      if (seen.length === 6) break;
    }
    await barrier(s);
    expect(seen).toEqual([0, 1, 2, 3, 10, 11]);
    expect(fetches()).toBe(2);
  });

  it('an error on a later page arrives after the earlier rows and stops fetching', async () => {
    onAll(s.sim, (r) => r.query === Q && r.pagingState?.readUInt8(0) === 1, { error: { code: 0x1200, message: 'x', fields: (w) => { w.short(1).int(0).int(1).byte(1); } } });
    const rows: unknown[] = [];
    const err = await new Promise<Error>((resolve) => {
      s.session.stream(Q).subscribe({ next: (r) => rows.push(r['v']), error: resolve, complete: () => resolve(new Error('completed')) });
    });
    expect(err.name).toBe('ReadTimeoutError');
    expect(rows).toEqual([0, 1, 2, 3]);
    await barrier(s);
    expect(fetches()).toBe(2);
  });

  describe('with prefetchPages', () => {
    it('1: page N+1 is requested before page N is delivered; rows and order are unchanged', async () => {
      const inFlightWhenDelivered = async (prefetchPages: number): Promise<{ inFlight: number[]; pages: number[][] }> => {
        const inFlight: number[] = [];
        const pages = await new Promise<number[][]>((resolve, reject) => {
          const got: number[][] = [];
          s.session.pages(Q, undefined, { prefetchPages }).subscribe({
            next: (p) => { inFlight.push(s.cluster.metrics().inFlight); got.push(p.rows.map((r) => r['v'] as number)); },
            error: reject,
            complete: () => resolve(got),
          });
        });
        return { inFlight, pages };
      };
      // While page N is delivered, page N+1's request already holds a stream id (none after the last page).
      const ahead = await inFlightWhenDelivered(1);
      expect(ahead.inFlight).toEqual([1, 1, 1, 1, 0]);
      const pages = ahead.pages;
      // Without prefetch nothing is in flight during delivery.
      expect((await inFlightWhenDelivered(0)).inFlight).toEqual([0, 0, 0, 0, 0]);
      expect(pages.flat()).toEqual(ALL);
      expect(fetches()).toBe(2 * PAGES);
    });

    it('take(n) cancels the prefetched page and fetches nothing after it', async () => {
      const five = await lastValueFrom(s.session.stream(Q, undefined, { prefetchPages: 1 }).pipe(take(5), toArray()));
      expect(five.map((r) => r['v'])).toEqual([0, 1, 2, 3, 10]);
      await barrier(s);
      // Pages 1 and 2 delivered, page 3 was in flight (prefetched) when take(5) unsubscribed.
      expect(fetches()).toBe(3);
      const cancelled = records.filter((r) => r.query === Q && r.cancelled);
      expect(cancelled).toHaveLength(1);
    });

    it('an error on a prefetched page arrives after the rows before it', async () => {
      onAll(s.sim, (r) => r.query === Q && r.pagingState?.readUInt8(0) === 1, { error: { code: 0x1200, message: 'x', fields: (w) => { w.short(1).int(0).int(1).byte(1); } } });
      const rows: unknown[] = [];
      const err = await new Promise<Error>((resolve) => {
        s.session.stream(Q, undefined, { prefetchPages: 1 }).subscribe({ next: (r) => rows.push(r['v']), error: resolve, complete: () => resolve(new Error('completed')) });
      });
      expect(err.name).toBe('ReadTimeoutError');
      expect(rows).toEqual([0, 1, 2, 3]);
      await barrier(s);
      expect(fetches()).toBe(2);
    });

    it('iterate(): the next page is on its way while the consumer is on the current one; leaving cancels it', async () => {
      const it = s.session.iterate(Q, undefined, { prefetchPages: 1 })[Symbol.asyncIterator]();
      const r0 = await it.next();
      expect(r0.done ? null : r0.value['v']).toBe(0);
      await waitFor(() => fetches() === 2); // the prefetch of page 2 went out
      await barrier(s); // and nothing beyond it
      expect(fetches()).toBe(2);
      await it.return?.(undefined);
      await barrier(s);
      expect(fetches()).toBe(2);
      const all: unknown[] = [];
      for await (const row of s.session.iterate(Q, undefined, { prefetchPages: 1 })) all.push(row['v']);
      expect(all).toEqual(ALL);
    });

    it('a negative or fractional value is refused with a typed error, before anything is sent', async () => {
      for (const bad of [-1, 0.5]) {
        await expect(lastValueFrom(s.session.pages(Q, undefined, { prefetchPages: bad }))).rejects.toThrow(/prefetchPages/);
      }
      expect(fetches()).toBe(0);
    });
  });
});
