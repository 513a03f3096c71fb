/**
 * A small TCP proxy on loopback that sits between the driver and one node and injects network
 * faults on demand:
 *
 *   const proxy = await FaultProxy.start({ target: { host: '127.0.0.2', port: 9042 }, host: '127.0.0.2' });
 *   proxy.set({ latencyMs: 20, jitterMs: 10 });        // both directions
 *   proxy.set({ toClient: { bytesPerSecond: 64_000 } }); // one direction
 *   proxy.partition('toClient');                        // requests reach the node, answers do not
 *   proxy.partition('both');  proxy.heal();
 *   proxy.resetAll();                                   // RST every connection, both sides
 *   await proxy.cutMidFrame('toClient');                // next answer chunk half sent, then RST
 *
 * A partition is a black hole, not a close: the sockets stay open on both sides and bytes vanish,
 * as when a network drops packets; neither the node nor the driver is told. New connections during
 * a partition are accepted and connected through, and their bytes vanish the same way.
 */
import * as net from 'node:net';
import { systemClock, type Clock } from '../../../lib/connection/clock';
import { Pipe, type PipeCounters, type PipeCut, type PipeFaults } from './pipe';

export type ProxyDirection = 'toServer' | 'toClient';
export type PartitionMode = ProxyDirection | 'both' | 'none';

export interface DirectionFaults {
  latencyMs?: number;
  jitterMs?: number;
  /** 0 = unlimited. */
  bytesPerSecond?: number;
}

/** Faults for both directions (top-level fields) or per direction (`toServer` / `toClient` win). */
export interface ProxyFaults extends DirectionFaults {
  toServer?: DirectionFaults;
  toClient?: DirectionFaults;
}

export interface FaultProxyOptions {
  /** Where connections are forwarded to. */
  target: { host: string; port: number };
  /** Listening address (loopback). Default 127.0.0.1. */
  host?: string;
  /** Listening port. Default 0 (a free one). */
  port?: number;
  /** Timers for delays and throttling. Default Node's. */
  clock?: Clock;
  /** Random source in [0, 1) for jitter and cut points. Default Math.random. */
  random?: () => number;
}

export interface ProxyStats {
  /** Connections accepted since start. */
  accepted: number;
  /** Connections open now. */
  open: number;
  toServer: PipeCounters;
  toClient: PipeCounters;
  /** Connections reset by `resetAll` or a cut. */
  resets: number;
}

interface Link {
  readonly client: net.Socket;
  readonly server: net.Socket;
  readonly pipes: Record<ProxyDirection, Pipe>;
}

const NO_FAULTS: PipeFaults = { latencyMs: 0, jitterMs: 0, bytesPerSecond: 0, blackhole: false };

export class FaultProxy {
  private readonly links = new Set<Link>();
  private readonly faults: Record<ProxyDirection, PipeFaults> = { toServer: NO_FAULTS, toClient: NO_FAULTS };
  private readonly counters: Record<ProxyDirection, PipeCounters> = {
    toServer: { forwarded: 0, dropped: 0 },
    toClient: { forwarded: 0, dropped: 0 },
  };
  private accepted = 0;
  private resets = 0;

  private constructor(
    private readonly server: net.Server,
    private readonly options: FaultProxyOptions,
    private readonly clock: Clock,
    private readonly random: () => number,
  ) {
    server.on('connection', (client) => this.accept(client));
  }

  static async start(options: FaultProxyOptions): Promise<FaultProxy> {
    const server = net.createServer({ pauseOnConnect: true });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new FaultProxy(server, options, options.clock ?? systemClock, options.random ?? Math.random);
  }

  get host(): string {
    return (this.server.address() as net.AddressInfo).address;
  }

  get port(): number {
    return (this.server.address() as net.AddressInfo).port;
  }

  /** `host:port` to give the driver. */
  get endpoint(): string {
    return `${this.host}:${this.port}`;
  }

  get target(): { host: string; port: number } {
    return this.options.target;
  }

  stats(): ProxyStats {
    return {
      accepted: this.accepted,
      open: this.links.size,
      toServer: { ...this.counters.toServer },
      toClient: { ...this.counters.toClient },
      resets: this.resets,
    };
  }

  /** Sets latency, jitter and bandwidth (fields left out keep their value). Applies to open connections too. */
  set(faults: ProxyFaults): void {
    for (const d of ['toServer', 'toClient'] as const) {
      const given = { ...stripUndefined(faults), ...stripUndefined(faults[d] ?? {}) };
      const next = { ...this.faults[d], ...given };
      for (const [k, v] of Object.entries(next)) {
        if (typeof v === 'number' && (!Number.isFinite(v) || v < 0)) throw new RangeError(`fault proxy: ${k} must be a number >= 0, got ${v}`);
      }
      this.faults[d] = next;
    }
  }

  /** Black-holes one direction, both, or neither ('none'); latency and bandwidth settings stay. */
  partition(mode: PartitionMode): void {
    this.faults.toServer = { ...this.faults.toServer, blackhole: mode === 'toServer' || mode === 'both' };
    this.faults.toClient = { ...this.faults.toClient, blackhole: mode === 'toClient' || mode === 'both' };
  }

  /** Back to a transparent proxy: no partition, latency, jitter, throttle or pending cut. */
  heal(): void {
    this.faults.toServer = NO_FAULTS;
    this.faults.toClient = NO_FAULTS;
    for (const p of this.pendingCuts) {
      for (const l of this.links) l.pipes[p.direction].disarmCut(p.cut);
    }
    this.pendingCuts.clear();
  }

  /** Resets (TCP RST) every open connection on both sides; returns how many. */
  resetAll(): number {
    const n = this.links.size;
    for (const link of [...this.links]) this.reset(link);
    return n;
  }

  /**
   * The next chunk that goes `direction` (on any connection) is forwarded in part — `keepBytes`
   * bytes, or a random 1..length-1 so a frame is cut inside — and then that connection is reset on
   * both sides. Resolves with the bytes kept and the chunk length once it happened.
   */
  cutMidFrame(direction: ProxyDirection, keepBytes?: number): Promise<{ kept: number; of: number }> {
    return new Promise((resolve) => {
      const armed = [...this.links].filter((l) => !l.pipes[direction].hasCutArmed);
      let fired = false;
      const cut: PipeCut = {
        keep: (length: number): number => keepBytes ?? (length < 2 ? 0 : 1 + Math.floor(this.random() * (length - 1))),
        done: (kept: number, of: number): void => {
          if (fired) return;
          fired = true;
          for (const l of armed) l.pipes[direction].disarmCut(cut);
          this.pendingCuts.delete(entry);
          resolve({ kept, of });
        },
      };
      const entry = { direction, cut };
      this.pendingCuts.add(entry);
      for (const l of armed) l.pipes[direction].armCut(cut);
    });
  }

  /** Connections accepted after `cutMidFrame` was called get the pending cut too. */
  private readonly pendingCuts = new Set<{ direction: ProxyDirection; cut: PipeCut }>();

  /** Stops listening and resets every connection. */
  async close(): Promise<void> {
    this.resetAll();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private accept(client: net.Socket): void {
    this.accepted++;
    client.setNoDelay(true);
    const server = net.connect({ host: this.options.target.host, port: this.options.target.port });
    server.setNoDelay(true);
    server.pause();
    const link: Link = {
      client,
      server,
      pipes: {
        toServer: new Pipe(client, server, () => this.faults.toServer, this.clock, this.random, this.counters.toServer, () => this.reset(link)),
        toClient: new Pipe(server, client, () => this.faults.toClient, this.clock, this.random, this.counters.toClient, () => this.reset(link)),
      },
    };
    this.links.add(link);
    for (const p of this.pendingCuts) link.pipes[p.direction].armCut(p.cut);
    server.once('connect', () => {
      client.resume();
      server.resume();
    });
    const end = (): void => this.end(link);
    for (const s of [client, server]) {
      s.on('error', end);
      s.on('close', end);
      // A FIN from one side is passed on as a FIN to the other (half-close kept).
      s.on('end', () => (s === client ? server : client).end());
    }
  }

  /** One side closed or failed: the other side is closed too (reset, so nothing lingers). */
  private end(link: Link): void {
    if (!this.links.delete(link)) return;
    link.pipes.toServer.close();
    link.pipes.toClient.close();
    for (const s of [link.client, link.server]) if (!s.destroyed) s.destroySoon();
  }

  private reset(link: Link): void {
    if (!this.links.has(link)) return;
    this.resets++;
    this.links.delete(link);
    link.pipes.toServer.close();
    link.pipes.toClient.close();
    for (const s of [link.client, link.server]) {
      if (s.destroyed) continue;
      // resetAndDestroy sends RST on a connected socket; one still connecting is simply destroyed.
      if (s.pending || s.connecting) s.destroy();
      else s.resetAndDestroy();
    }
  }
}

function stripUndefined(o: DirectionFaults): DirectionFaults {
  return Object.fromEntries(Object.entries(o).filter(([k, v]) => v !== undefined && k !== 'toServer' && k !== 'toClient')) as DirectionFaults;
}
