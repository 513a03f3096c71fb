/**
 * The dashboard's shell: the connection banner (a clear message while the API is unreachable or a
 * stream failed; it clears by itself when the API is back) and three views chosen by tabs: the
 * overview (hosts, charts, request tail), the paged table and the stream. A view that is not shown
 * is destroyed, so leaving the stream view ends its stream.
 */
import { ChangeDetectionStrategy, Component, inject, signal } from '@angular/core';
import { ClusterFeed } from './cluster-feed.service';
import { HostsPanelComponent } from './hosts-panel.component';
import { MetricsPanelComponent } from './metrics-panel.component';
import { PagedTableComponent } from './paged-table.component';
import { RequestTailComponent } from './request-tail.component';
import { StreamViewComponent } from './stream-view.component';

type View = 'overview' | 'table' | 'stream';

@Component({
  selector: 'cx-root',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [HostsPanelComponent, MetricsPanelComponent, RequestTailComponent, PagedTableComponent, StreamViewComponent],
  template: `
    <header>
      <h1>cassandra-rx <span class="muted">cluster dashboard</span></h1>
      <nav>
        @for (v of views; track v.id) {
          <button type="button" [attr.data-view]="v.id" [class.active]="view() === v.id" (click)="view.set(v.id)">{{ v.label }}</button>
        }
      </nav>
      <span class="state" [attr.data-feed-state]="feed.state().kind">{{ feed.state().kind === 'open' ? 'live' : feed.state().kind }}</span>
    </header>
    @if (feed.state().kind === 'retrying' || feed.state().kind === 'failed') {
      <p class="error banner" data-banner>{{ feed.state().message }}</p>
    }
    <main>
      @switch (view()) {
        @case ('overview') {
          <section class="card"><cx-hosts-panel /></section>
          <section class="card"><cx-metrics-panel /></section>
          <section class="card"><cx-request-tail /></section>
        }
        @case ('table') { <section class="card"><cx-paged-table /></section> }
        @case ('stream') { <section class="card"><cx-stream-view /></section> }
      }
    </main>
  `,
  styles: `
    header { display: flex; align-items: center; gap: 1.5rem; padding: .6rem 1.2rem; background: #1d2433; color: #fff; }
    h1 { font-size: 1.1rem; margin: 0; }
    h1 .muted { color: #9aa6c2; font-weight: 400; }
    nav { display: flex; gap: .4rem; }
    nav button { background: transparent; color: #cfd6e6; border-color: #4a5573; }
    nav button.active { background: #3d6fd8; color: #fff; border-color: #3d6fd8; }
    .state { margin-left: auto; font-size: .8rem; color: #9fe3b7; }
    .banner { margin: .8rem 1.2rem 0; }
    main { display: grid; gap: .8rem; padding: .8rem 1.2rem; }
  `,
})
export class AppComponent {
  protected readonly feed = inject(ClusterFeed);
  protected readonly view = signal<View>('overview');
  protected readonly views: ReadonlyArray<{ id: View; label: string }> = [
    { id: 'overview', label: 'Overview' }, { id: 'table', label: 'Table' }, { id: 'stream', label: 'Stream' },
  ];
}
