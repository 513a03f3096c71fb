/**
 * The default policy's query plan, made lazily: the replicas are chosen when the plan is made
 * (a handful of hosts), but the other local hosts are visited only as far as an execution asks
 * (most executions take the first host), and the remote hosts only when the local ones are spent.
 * With 100 local hosts the plan costs the replicas and one step, not a pass over all of them.
 *
 * Order: replicas as given → the other local hosts from `start` in rotation, each host that has
 * not answered for longer than `slowThresholdMs` (requests outstanding) set aside → the set-aside
 * hosts, the longest silent last → the remote hosts.
 */
import type { HostView } from '../metadata/host-view';
import type { ClusterView } from './load-balancing-policy';

const enum Phase { Replicas, Locals, Slow, Remote, Done }

interface Silent {
  readonly host: HostView;
  readonly silentMs: number;
}

export class QueryPlan implements IterableIterator<HostView> {
  private phase = Phase.Replicas;
  private i = 0;
  private slow: Silent[] | null = null;
  private remote: readonly HostView[] | null = null;

  constructor(
    private readonly replicas: readonly HostView[],
    private readonly locals: readonly HostView[],
    private readonly start: number,
    private readonly cluster: ClusterView,
    private readonly slowThresholdMs: number,
    /** The remote hosts, asked for once the local ones are spent; null when the plan has none. */
    private readonly remoteHosts: (() => readonly HostView[]) | null,
  ) {}

  [Symbol.iterator](): IterableIterator<HostView> {
    return this;
  }

  next(): IteratorResult<HostView> {
    const host = this.take();
    return host === undefined ? { done: true, value: undefined } : { done: false, value: host };
  }

  private take(): HostView | undefined {
    for (;;) {
      switch (this.phase) {
        case Phase.Replicas:
          if (this.i < this.replicas.length) return this.replicas[this.i++];
          this.phase = Phase.Locals;
          this.i = 0;
          break;
        case Phase.Locals: {
          const n = this.locals.length;
          while (this.i < n) {
            const h = this.locals[(this.start + this.i++) % n] as HostView;
            if (this.replicas.length > 0 && this.replicas.includes(h)) continue;
            const silentMs = this.cluster.oldestInFlightAgeMs(h);
            if (silentMs <= this.slowThresholdMs) return h;
            (this.slow ??= []).push({ host: h, silentMs });
          }
          this.phase = Phase.Slow;
          this.i = 0;
          this.slow?.sort((a, b) => a.silentMs - b.silentMs);
          break;
        }
        case Phase.Slow:
          if (this.slow !== null && this.i < this.slow.length) return (this.slow[this.i++] as Silent).host;
          this.phase = Phase.Remote;
          this.i = 0;
          break;
        case Phase.Remote:
          this.remote ??= this.remoteHosts?.() ?? [];
          if (this.i < this.remote.length) return this.remote[this.i++];
          this.phase = Phase.Done;
          break;
        default:
          return undefined;
      }
    }
  }
}
