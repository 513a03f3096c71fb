import { EMPTY, lastValueFrom, map, of, Subject, take, toArray, type Observable } from 'rxjs';
import { ProtocolError, StatementError, type ResultSet } from '../../lib';
import { pagesOnDemand } from '../../lib/session/demand';
import type { ReceivedRequest } from '../support/scripted-server';
import { barrier, onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

// Issue 13 item 5: session.process / processPages hand a page over only once the previous one's
// handler completed, so an async consumer holds at most prefetchPages + 1 pages.
const int = { kind: 'int' } as const;
const Q = 'SELECT v FROM demand';
const PAGES = 6;
const page = (req: ReceivedRequest) => {
  const p = req.pagingState ? req.pagingState.readUInt8(0) : 0;
  return { columns: [{ name: 'v', type: int }], rows: Array.from({ length: 3 }, (_, i) => [p * 10 + i]), pagingState: p + 1 < PAGES ? Buffer.from([p + 1]) : null };
};

describe('demand-driven paging (scripted cluster)', () => {
  let s: Setup;
  const fetches = (): number => total(s.sim, Q);
  beforeEach(async () => {
    s = await startSession();
    onAll(s.sim, Q, { rows: page });
  });
  afterEach(() => stopSession(s));

  /** A handler that completes only when the test says so; records the fetch count when each page arrives. */
  function manualHandler(): { handle: (p: ResultSet) => Observable<number>; release: () => void; fetchedAt: number[] } {
    const gates: Subject<void>[] = [];
    const fetchedAt: number[] = [];
    return {
      fetchedAt,
      handle: (p) => {
        fetchedAt.push(fetches());
        const gate = new Subject<void>();
        gates.push(gate);
        return gate.pipe(take(1), map(() => p.rowLength));
      },
      release: () => { const g = gates.shift(); g?.next(); g?.complete(); },
    };
  }

  it.each([0, 1, 2])('prefetchPages %i: never more than prefetch + 1 pages requested ahead of the handler', async (prefetch) => {
    const h = manualHandler();
    const out: number[] = [];
    const done = new Promise<void>((resolve, reject) => {
      s.session.processPages(Q, undefined, h.handle, { prefetchPages: prefetch }).subscribe({ next: (n) => out.push(n), error: reject, complete: resolve });
    });
    for (let p = 0; p < PAGES; p++) {
      await waitFor(() => h.fetchedAt.length === p + 1);
      // An over-eager fetch would have reached a node before the barrier's probes are answered.
      await barrier(s);
      // Pages fetched so far: the ones handled (p + 1) plus at most `prefetch` ahead.
      expect(fetches()).toBeLessThanOrEqual(Math.min(PAGES, p + 1 + prefetch));
      h.release();
    }
    await done;
    expect(out).toEqual(Array.from({ length: PAGES }, () => 3));
    expect(fetches()).toBe(PAGES);
  });

  it('process: every row in order through an async handler; unsubscribing stops fetching', async () => {
    const rows = await lastValueFrom(s.session.process(Q, undefined, (r) => Promise.resolve(r['v'] as number)).pipe(toArray()));
    expect(rows).toEqual(Array.from({ length: PAGES }, (_, p) => [p * 10, p * 10 + 1, p * 10 + 2]).flat());
    const before = fetches();
    const four = await lastValueFrom(s.session.process(Q, undefined, (r) => Promise.resolve(r['v'] as number)).pipe(take(4), toArray()));
    expect(four).toEqual([0, 1, 2, 10]);
    await barrier(s);
    expect(fetches() - before).toBe(2);
  });

  it('a bad concurrency or prefetch is a typed error with nothing sent', async () => {
    const before = fetches();
    await expect(lastValueFrom(s.session.process(Q, undefined, (r) => [r], { concurrency: 0 }))).rejects.toBeInstanceOf(StatementError);
    await expect(lastValueFrom(s.session.process(Q, undefined, (r) => [r], { prefetchPages: -1 }))).rejects.toThrow(/prefetchPages/);
    expect(fetches()).toBe(before);
  });

  it('handler errors end the stream; synchronous fetches and handlers work; a fetch without a page is an error', async () => {
    const pagesOf = (n: number) => (state: Buffer | null): Observable<ResultSet> => {
      const i = state ? state.readUInt8(0) : 0;
      return of({ rowLength: i, pagingState: i + 1 < n ? Buffer.from([i + 1]) : null } as unknown as ResultSet);
    };
    expect(await lastValueFrom(pagesOnDemand(pagesOf(4), null, 0, (p) => [p.rowLength]).pipe(toArray()))).toEqual([0, 1, 2, 3]);
    await expect(lastValueFrom(pagesOnDemand(() => EMPTY, null, 0, () => [1]))).rejects.toBeInstanceOf(ProtocolError);
    await expect(lastValueFrom(s.session.processPages(Q, undefined, () => { throw new Error('boom'); }))).rejects.toThrow('boom');
  });
});
