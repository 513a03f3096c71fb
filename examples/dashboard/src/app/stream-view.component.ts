/**
 * A streamed query filling row by row (`GET /readings/:sensor/stream`, `sseRows` on the server,
 * read by `queryRows`). The view subscribes when it is shown and unsubscribes when the user leaves
 * it: the EventSource closes, the server sees its client go and fetches no further page.
 */
import { ChangeDetectionStrategy, Component, signal, type OnDestroy } from '@angular/core';
import type { Subscription } from 'rxjs';
import { queryRows } from 'cassandra-rx/web';

export interface Reading {
  readonly seq: number;
  readonly value: number;
  readonly note: string | null;
}

/** The sensor the background workload seeds; 50 rows a page, so leaving early saves many pages. */
export const STREAM_URL = '/readings/dashboard/stream?fetchSize=50';
const SHOWN = 200;

@Component({
  selector: 'cx-stream-view',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="bar">
      <strong data-stream-count>{{ count() }}</strong> rows received
      <span class="muted" data-stream-state>{{ state() }}</span>
      @if (state() !== 'streaming') { <button type="button" (click)="start()">Stream again</button> }
    </div>
    @if (error(); as message) { <p class="error">{{ message }}</p> }
    <table>
      <thead><tr><th>seq</th><th>value</th><th>note</th></tr></thead>
      <tbody>
        @for (r of shown(); track r.seq) {
          <tr><td>{{ r.seq }}</td><td>{{ r.value.toFixed(4) }}</td><td>{{ r.note ?? '' }}</td></tr>
        }
      </tbody>
    </table>
    <p class="muted">The last {{ shown().length }} rows are shown.</p>
  `,
  styles: `.bar { display: flex; gap: .8rem; align-items: center; margin-bottom: .6rem; }`,
})
export class StreamViewComponent implements OnDestroy {
  protected readonly count = signal(0);
  protected readonly shown = signal<readonly Reading[]>([]);
  protected readonly state = signal<'streaming' | 'complete' | 'failed'>('streaming');
  protected readonly error = signal<string | null>(null);
  private subscription: Subscription | null = null;
  private buffer: Reading[] = [];

  constructor() {
    this.start();
  }

  protected start(): void {
    this.subscription?.unsubscribe();
    this.count.set(0);
    this.buffer = [];
    this.shown.set([]);
    this.error.set(null);
    this.state.set('streaming');
    this.subscription = queryRows<Reading>(STREAM_URL).subscribe({
      next: (r) => {
        this.buffer.push(r);
        if (this.buffer.length > SHOWN * 2) this.buffer = this.buffer.slice(-SHOWN);
        this.count.update((n) => n + 1);
        this.shown.set(this.buffer.slice(-SHOWN).reverse());
      },
      error: (e: unknown) => {
        this.state.set('failed');
        this.error.set(`The stream failed: ${e instanceof Error ? e.message : String(e)}`);
      },
      complete: () => this.state.set('complete'),
    });
  }

  ngOnDestroy(): void {
    this.subscription?.unsubscribe();
  }
}
