/** The cluster's hosts by datacenter and rack, one tile each, coloured by state; live. */
import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import type { HostJson } from 'cassandra-rx/web';
import { ClusterFeed } from './cluster-feed.service';

interface Rack {
  readonly name: string;
  readonly hosts: readonly HostJson[];
}

interface Datacenter {
  readonly name: string;
  readonly racks: readonly Rack[];
}

function group(hosts: readonly HostJson[]): Datacenter[] {
  const dcs = new Map<string, Map<string, HostJson[]>>();
  for (const h of hosts) {
    const dc = h.datacenter ?? '(unknown datacenter)';
    const rack = h.rack ?? '(unknown rack)';
    const racks = dcs.get(dc) ?? new Map<string, HostJson[]>();
    dcs.set(dc, racks);
    racks.set(rack, [...(racks.get(rack) ?? []), h]);
  }
  return [...dcs].sort(([a], [b]) => a.localeCompare(b)).map(([name, racks]) => ({
    name,
    racks: [...racks].sort(([a], [b]) => a.localeCompare(b)).map(([rack, list]) => ({ name: rack, hosts: list })),
  }));
}

@Component({
  selector: 'cx-hosts-panel',
  changeDetection: ChangeDetectionStrategy.OnPush,
  template: `
    <h2>Hosts <span class="muted">{{ upCount() }} of {{ feed.hosts().length }} up</span></h2>
    @for (dc of datacenters(); track dc.name) {
      <div class="dc">
        <div class="dc-name">{{ dc.name }}</div>
        @for (rack of dc.racks; track rack.name) {
          <div class="rack">
            <span class="rack-name">{{ rack.name }}</span>
            @for (host of rack.hosts; track host.endpoint) {
              <div class="tile" [class]="host.state" [attr.data-endpoint]="host.endpoint" [attr.data-state]="host.state">
                <strong>{{ host.endpoint }}</strong>
                <span>{{ host.state }}</span>
              </div>
            }
          </div>
        }
      </div>
    } @empty {
      <p class="muted">No host known yet.</p>
    }
  `,
  styles: `
    .dc { margin-bottom: .6rem; }
    .dc-name { font-weight: 600; margin-bottom: .3rem; }
    .rack { display: flex; gap: .5rem; align-items: center; flex-wrap: wrap; }
    .rack-name { width: 5rem; color: #5b6680; font-size: .8rem; }
    .tile { display: flex; flex-direction: column; padding: .5rem .8rem; border-radius: 5px; min-width: 9rem; font-size: .85rem; }
    .tile.up { background: #e2f6e9; border: 1px solid #7fcf9b; }
    .tile.down { background: #fde2e2; border: 1px solid #e88; }
    .tile.unknown { background: #eee; border: 1px solid #bbb; }
  `,
})
export class HostsPanelComponent {
  protected readonly feed = inject(ClusterFeed);
  protected readonly datacenters = computed(() => group(this.feed.hosts()));
  protected readonly upCount = computed(() => this.feed.hosts().filter((h) => h.state === 'up').length);
}
