/**
 * The last `size` metrics samples, for the charts: snapshots go through `metricsSamples` (rates from
 * consecutive snapshots); after a reconnection the rates start again from the next snapshot.
 */
import { Subject } from 'rxjs';
import { metricsSamples, type MetricsJson, type MetricsSample } from 'cassandra-rx/web';

export class SampleWindow {
  private input = new Subject<MetricsJson>();
  private samples: MetricsSample[] = [];

  constructor(private readonly size: number) {
    this.restart();
  }

  /** Forget the previous snapshot (not the samples shown). */
  restart(): void {
    this.input.complete();
    this.input = new Subject<MetricsJson>();
    this.input.pipe(metricsSamples()).subscribe((s) => {
      this.samples = [...this.samples, s].slice(-this.size);
    });
  }

  add(snapshot: MetricsJson): readonly MetricsSample[] {
    this.input.next(snapshot);
    return this.samples;
  }
}
