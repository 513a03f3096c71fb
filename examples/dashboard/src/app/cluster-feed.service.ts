/**
 * The cluster stream of the API (`GET /cluster/events`), read once for the whole application with
 * `cassandra-rx/web` and held in signals the views read: the connection's state, the hosts, the
 * last minutes of metrics samples and the tail of finished requests. The client reconnects by
 * itself (0.5 s doubling to 5 s) and says so; a stream that fails otherwise, or ends because the
 * service's cluster shut down, is opened again after a pause, so the page recovers by itself.
 */
import { Injectable, signal, type OnDestroy } from '@angular/core';
import { repeat, retry, timer, type Subscription } from 'rxjs';
import { clusterEvents, type ClusterStreamNotice, type HostJson, type MetricsSample, type RequestJson } from 'cassandra-rx/web';
import { SampleWindow } from './sample-window';

/** Metrics every second, at most 5 request records a second (the tail is for reading). */
export const CLUSTER_EVENTS_URL = '/cluster/events?metricsMs=1000&requestsPerSecond=5';
const KEEP_SAMPLES = 120;
const KEEP_REQUESTS = 25;

export interface FeedState {
  readonly kind: 'connecting' | 'open' | 'retrying' | 'failed';
  readonly message: string;
}

@Injectable({ providedIn: 'root' })
export class ClusterFeed implements OnDestroy {
  readonly state = signal<FeedState>({ kind: 'connecting', message: 'Connecting to the API...' });
  readonly hosts = signal<readonly HostJson[]>([]);
  readonly samples = signal<readonly MetricsSample[]>([]);
  readonly requests = signal<readonly RequestJson[]>([]);
  private readonly window = new SampleWindow(KEEP_SAMPLES);
  private readonly subscription: Subscription;

  constructor() {
    this.subscription = clusterEvents(CLUSTER_EVENTS_URL, { reconnect: { initialDelayMs: 500, maxDelayMs: 5000 } }).pipe(
      retry({
        delay: (e: unknown) => {
          this.state.set({ kind: 'failed', message: `The event stream failed (${e instanceof Error ? e.message : String(e)}); opening it again...` });
          return timer(2000);
        },
      }),
      repeat({
        delay: () => {
          this.state.set({ kind: 'failed', message: 'The service\'s cluster shut down; waiting for it to come back...' });
          return timer(2000);
        },
      }),
    ).subscribe((n) => this.apply(n));
  }

  private apply(n: ClusterStreamNotice): void {
    switch (n.type) {
      case 'connection':
        this.state.set(n.state === 'open'
          ? { kind: 'open', message: 'Live' }
          : { kind: 'retrying', message: `The API is unreachable; retrying in ${(n.delayMs / 1000).toFixed(1)} s (attempt ${n.attempt}).` });
        if (n.state === 'open') this.window.restart();
        break;
      case 'status':
        this.hosts.set(n.data.hosts);
        break;
      case 'metrics':
        this.samples.set(this.window.add(n.data));
        break;
      case 'request':
        this.requests.update((list) => [n.data, ...list].slice(0, KEEP_REQUESTS));
        break;
      default:
        break;
    }
  }

  ngOnDestroy(): void {
    this.subscription.unsubscribe();
  }
}
