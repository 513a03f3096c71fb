/**
 * A live line chart in plain SVG: one polyline scaled to the largest value shown, the latest value
 * beside the title. Plain SVG rather than a chart library: four small series that update once a
 * second need a path and two labels, not a dependency (and its bundle weight and upgrade cadence).
 */
import { ChangeDetectionStrategy, Component, computed, input } from '@angular/core';

const W = 320;
const H = 90;

@Component({
  selector: 'cx-line-chart',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <div class="head"><span>{{ title() }}</span><strong>{{ latest() }}</strong></div>
    <svg [attr.viewBox]="'0 0 ' + w + ' ' + h" preserveAspectRatio="none" role="img" [attr.aria-label]="title()">
      <line x1="0" [attr.y1]="h - 0.5" [attr.x2]="w" [attr.y2]="h - 0.5" class="axis" />
      <path [attr.d]="path()" [attr.stroke]="color()" fill="none" stroke-width="1.5" />
    </svg>
    <div class="foot muted"><span>max {{ format(max()) }} {{ unit() }}</span><span>{{ count() }} samples</span></div>
  `,
  styles: `
    :host { display: block; }
    .head, .foot { display: flex; justify-content: space-between; font-size: .8rem; }
    svg { width: 100%; height: 90px; background: #fafbfd; border: 1px solid #edf0f5; }
    .axis { stroke: #ccd3e0; }
  `,
  host: { '[attr.data-samples]': 'count()' },
})
export class LineChartComponent {
  readonly title = input.required<string>();
  readonly unit = input<string>('');
  readonly color = input<string>('#2f6fd6');
  /** Oldest first; null: no value (e.g. the first rate). */
  readonly points = input.required<readonly (number | null)[]>();
  readonly capacity = input<number>(120);

  protected readonly w = W;
  protected readonly h = H;
  protected readonly count = computed(() => this.points().filter((p) => p !== null).length);
  protected readonly max = computed(() => Math.max(0, ...this.points().map((p) => p ?? 0)));
  protected readonly latest = computed(() => {
    const last = [...this.points()].reverse().find((p) => p !== null);
    return last === undefined || last === null ? '-' : `${this.format(last)} ${this.unit()}`;
  });
  protected readonly path = computed(() => {
    const pts = this.points();
    const top = this.max() > 0 ? this.max() * 1.1 : 1;
    const step = W / Math.max(1, this.capacity() - 1);
    const offset = W - step * (pts.length - 1);
    let d = '';
    pts.forEach((p, i) => {
      if (p === null) return;
      const x = offset + i * step;
      const y = H - (p / top) * (H - 4) - 2;
      d += `${d === '' ? 'M' : 'L'}${x.toFixed(1)},${y.toFixed(1)} `;
    });
    return d.trim();
  });

  protected format(v: number): string {
    return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
  }
}
