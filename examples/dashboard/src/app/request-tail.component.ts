/** The tail of the request stream: query, coordinator, latency, retries, error; newest first. */
import { ChangeDetectionStrategy, Component, inject } from '@angular/core';
import { DatePipe } from '@angular/common';
import { ClusterFeed } from './cluster-feed.service';

@Component({
  selector: 'cx-request-tail',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [DatePipe],
  template: `
    <h2>Latest requests <span class="muted">(at most 5 a second are sent)</span></h2>
    <table>
      <thead><tr><th>time</th><th>query</th><th>coordinator</th><th>latency</th><th>retries</th><th>error</th></tr></thead>
      <tbody>
        @for (r of feed.requests(); track $index) {
          <tr [class.failed]="r.error">
            <td>{{ r.at | date: 'HH:mm:ss.SSS' }}</td>
            <td [title]="r.query">{{ r.query }}</td>
            <td>{{ r.host ?? '-' }}</td>
            <td>{{ r.latencyMs.toFixed(1) }} ms</td>
            <td>{{ r.retries }}</td>
            <td>{{ r.error ?? '' }}</td>
          </tr>
        } @empty {
          <tr><td colspan="6" class="muted">No request yet.</td></tr>
        }
      </tbody>
    </table>
  `,
  styles: `.failed td { color: #a12020; }`,
})
export class RequestTailComponent {
  protected readonly feed = inject(ClusterFeed);
}
