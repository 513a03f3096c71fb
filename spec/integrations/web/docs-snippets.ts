/**
 * The code docs/web.md shows, compiled (and type-checked) by importing it from docs.spec.ts, and
 * run there against the scripted app where it makes sense.
 */
import { map, share, type Observable } from 'rxjs';
import {
  clusterEvents, CursorTrail, fetchPage, hostList, metricsSamples, ofType, queryRows, StreamUnavailableError,
  type CursorPageJson, type EventSourceFactory, type HostJson, type MetricsSample, type RowJson,
} from 'cassandra-rx/web';

export function oneConnectionManyViews(eventSource?: EventSourceFactory): { hosts$: Observable<readonly HostJson[]>; samples$: Observable<MetricsSample> } {
  const events$ = clusterEvents('/cluster/events?metricsMs=1000', eventSource ? { eventSource } : {}).pipe(share());
  const hosts$ = events$.pipe(ofType('status'), map((s) => s.hosts));
  const samples$ = events$.pipe(ofType('metrics'), metricsSamples());
  return { hosts$, samples$ };
}

export function justTheHosts(): Observable<readonly HostJson[]> {
  return hostList('/cluster/events', { reconnect: { initialDelayMs: 500, maxDelayMs: 5000, maxAttempts: 20 } });
}

interface Reading {
  seq: number;
  value: number;
}

export function readings(onRow: (r: Reading) => void): () => void {
  const subscription = queryRows<Reading>('/readings/s1/stream?fetchSize=50').subscribe({
    next: onRow,
    error: (e: unknown) => console.error(e instanceof StreamUnavailableError ? 'the stream was lost' : e),
  });
  return () => subscription.unsubscribe(); // closes the EventSource: the server stops paging
}

export function pageThrough(trail: CursorTrail, index: number): Observable<CursorPageJson<RowJson>> {
  const cursor = trail.cursorOf(index); // undefined: page not reached yet
  return fetchPage('/products', { limit: 50, cursor: cursor ?? null }).pipe(
    map((page) => {
      trail.record(index, page.cursor);
      return page;
    }),
  );
}
