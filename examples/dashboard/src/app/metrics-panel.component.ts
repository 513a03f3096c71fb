/** Throughput, p50 / p99 latency and in-flight requests, from the metrics events (one a second). */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { ClusterFeed } from './cluster-feed.service';
import { LineChartComponent } from './line-chart.component';

@Component({
  selector: 'cx-metrics-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  imports: [LineChartComponent],
  template: `
    <h2>Requests</h2>
    <div class="charts">
      <cx-line-chart data-chart="throughput" title="Throughput" unit="req/s" [points]="throughput()" />
      <cx-line-chart data-chart="p50" title="Latency p50" unit="ms" color="#1f9d6b" [points]="p50()" />
      <cx-line-chart data-chart="p99" title="Latency p99" unit="ms" color="#d6642f" [points]="p99()" />
      <cx-line-chart data-chart="in-flight" title="In flight" unit="" color="#7b4fd6" [points]="inFlight()" />
    </div>
    <p class="muted note">Latency percentiles are the driver's since the service started (its histogram is cumulative); throughput is per second between two snapshots.</p>
  `,
  styles: `
    .charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: .8rem; }
    .note { font-size: .75rem; margin: .4rem 0 0; }
  `,
})
export class MetricsPanelComponent {
  private readonly feed = inject(ClusterFeed);
  protected readonly throughput = computed(() => this.feed.samples().map((s) => s.requestsPerSecond));
  protected readonly p50 = computed(() => this.feed.samples().map((s) => s.p50Ms));
  protected readonly p99 = computed(() => this.feed.samples().map((s) => s.p99Ms));
  protected readonly inFlight = computed(() => this.feed.samples().map((s) => s.inFlight));
}
