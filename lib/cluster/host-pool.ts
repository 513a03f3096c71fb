/**
 * The connections to one host. Requests borrow the least busy connection; a connection that goes
 * defunct is drained and replaced; when the last one is lost the host is reported down and
 * reconnection runs on the reconnection policy's schedule until one opens again (host up).
 */
import type { Clock, TimerHandle } from '../connection/clock';
import { openConnection } from '../connection/connect';
import type { Connection } from '../connection/connection';
import { CONNECTION_DEFAULTS, type ConnectionOptions } from '../connection/connection-options';
import { ConnectionClosedError, ConnectionError, PoolClosedError } from '../errors/connection-errors';
import { toError } from '../errors/driver-error';
import type { ServerEvent } from '../protocol/events';
import type { ReconnectionPolicy, ReconnectionSchedule } from '../policies/reconnection';
import type { Host } from './host';

export interface PoolListener {
  /** The pool holds its first working connection after having none. */
  onPoolUp(pool: HostPool): void;
  /** The pool lost its last connection (or could not open one). */
  onPoolDown(pool: HostPool, reason: Error): void;
  onEvent?(event: ServerEvent, pool: HostPool): void;
  /** A connection went defunct (too many orphaned ids, lost framing, silent server) and is being replaced. */
  onConnectionDefunct?(pool: HostPool, reason: Error): void;
}

/** A request waiting for the pool's next connection (see `HostPool.wait`). */
export interface PoolWaiter {
  connectionReady(): void;
  connectionFailed(error: Error): void;
}

export interface PoolSettings {
  /** Connections to keep open. */
  size: number;
  /** Options for each connection (host and port are the pool's). */
  connection: Omit<ConnectionOptions, 'host' | 'port'>;
  reconnection: ReconnectionPolicy;
  clock: Clock;
}

/** Connections a pool may be opening at once (reconnection attempts that hang included). */
const MAX_PENDING_OPENS = 4;
/**
 * A reconnection attempt's connect and handshake each end after this many reconnection delays
 * (at least MIN_ATTEMPT_BOUND_MS, at most the configured timeouts): one that a partition swallows
 * is given up soon after the next attempt starts, and does not hold a place for the full 10 s.
 */
const ATTEMPT_BOUND_DELAYS = 4;
const MIN_ATTEMPT_BOUND_MS = 2000;

export class HostPool {
  private readonly connections: Connection[] = [];
  private opening = 0;
  private schedule: ReconnectionSchedule | null = null;
  private reconnectTimer: TimerHandle | null = null;
  /** The reconnection delay armed last (what bounds a reconnection attempt). */
  private lastDelayMs = 0;
  private closed = false;
  private wasUp = false;
  /** Bytes of connections already closed (live ones are summed in `gauges`). */
  private closedBytes = { sent: 0, received: 0 };
  /** Keyspace every connection of the pool is (or will be) USE'd in. */
  keyspace: string | undefined;
  /** Requests waiting for a connection while one is being opened (FIFO). */
  private waiters: PoolWaiter[] = [];

  constructor(readonly host: Host, private readonly settings: PoolSettings, private readonly listener: PoolListener) {}

  get openConnections(): number { return this.connections.length; }
  get isReconnecting(): boolean { return this.reconnectTimer !== null; }
  /** A connection is being opened now (first open, replacement or reconnection attempt). */
  get isOpening(): boolean { return this.opening > 0; }
  get inFlight(): number {
    let n = 0;
    for (const c of this.connections) n += c.inFlight;
    return n;
  }
  /** What load balancing weighs: live requests plus orphaned ids (a frozen node keeps its orphans). */
  get load(): number {
    let n = 0;
    for (const c of this.connections) n += c.inFlight + c.orphanedCount;
    return n;
  }
  get orphaned(): number {
    let n = 0;
    for (const c of this.connections) n += c.orphanedCount;
    return n;
  }
  /** Working (not defunct) connections. */
  get healthy(): number {
    let n = 0;
    for (const c of this.connections) if (!c.isDefunct && !c.isClosed) n++;
    return n;
  }

  gauges(): { inFlight: number; openConnections: number; orphanedStreamIds: number; bytesSent: number; bytesReceived: number } {
    let sent = this.closedBytes.sent;
    let received = this.closedBytes.received;
    for (const c of this.connections) {
      const st = c.stats;
      sent += st.bytesSent;
      received += st.bytesReceived;
    }
    return { inFlight: this.inFlight, openConnections: this.connections.length, orphanedStreamIds: this.orphaned, bytesSent: sent, bytesReceived: received };
  }

  /** Milliseconds the oldest in-flight request of this pool has waited (0 when none). */
  oldestInFlightAgeMs(now: number): number {
    let oldest = 0;
    for (const c of this.connections) oldest = Math.max(oldest, c.oldestInFlightAgeMs(now));
    return oldest;
  }

  /** Opens connections up to the pool size. Resolves once one is open; rejects when none could be. */
  async open(): Promise<void> {
    const missing = this.settings.size - this.connections.length - this.opening;
    if (missing <= 0 || this.closed) return;
    const attempts = Array.from({ length: missing }, () => this.openOne());
    const results = await Promise.allSettled(attempts);
    if (this.healthy === 0) {
      const failure = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
      const reason = failure ? toError(failure.reason, `${this.host.endpoint}: opening a connection`) : new ConnectionError(this.host.endpoint, 'no connection could be opened');
      this.down(reason);
      throw reason;
    }
  }

  /** The least busy working connection, or null when none can take a request now. */
  borrow(): Connection | null {
    let best: Connection | null = null;
    for (const c of this.connections) {
      if (c.isDefunct || c.isClosed || c.isBusy) continue;
      if (!best || c.inFlight + c.queued < best.inFlight + best.queued) best = c;
    }
    return best;
  }

  /** A pool to the same host with the same settings whose connections open in `keyspace`. */
  sibling(keyspace: string, listener: PoolListener): HostPool {
    const p = new HostPool(this.host, this.settings, listener);
    p.keyspace = keyspace;
    return p;
  }

  /**
   * Waits for the connection being opened (only while `isOpening`): `connectionReady` once it is
   * open, `connectionFailed` when no connection could be opened. `unwait` withdraws.
   */
  wait(waiter: PoolWaiter): void {
    this.waiters.push(waiter);
  }

  unwait(waiter: PoolWaiter): void {
    const i = this.waiters.indexOf(waiter);
    if (i >= 0) this.waiters.splice(i, 1);
  }

  /** Try to reconnect now (e.g. the server says the node is UP), restarting the schedule. */
  reconnectNow(): void {
    if (this.closed || this.healthy > 0) return;
    this.reconnectTimer?.cancel();
    this.reconnectTimer = null;
    this.schedule = null;
    this.attemptReconnect();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.failWaiters(new PoolClosedError(this.host.endpoint, this.keyspace));
    this.reconnectTimer?.cancel();
    this.reconnectTimer = null;
    await Promise.all(this.connections.splice(0).map((c) => c.close({ graceful: true, timeoutMs: 2000 })));
  }

  /** Opens one connection; `boundMs` caps its connect and handshake timeouts (reconnection attempts). */
  private async openOne(boundMs?: number): Promise<void> {
    this.opening++;
    let opened = false;
    let failure: unknown = null;
    try {
      const o = this.settings.connection;
      const c = await openConnection({
        ...o,
        host: this.host.address,
        port: this.host.port,
        ...(this.keyspace !== undefined ? { keyspace: this.keyspace } : {}),
        ...(boundMs !== undefined ? {
          connectTimeoutMs: Math.min(boundMs, o.connectTimeoutMs ?? CONNECTION_DEFAULTS.connectTimeoutMs),
          handshakeTimeoutMs: Math.min(boundMs, o.handshakeTimeoutMs ?? CONNECTION_DEFAULTS.handshakeTimeoutMs),
        } : {}),
      });
      // Closed meanwhile, or full of working connections (defunct ones still draining do not
      // count): a reconnection attempt that hung answered after another opened.
      if (this.closed || this.healthy >= this.settings.size) {
        await c.close({ graceful: false });
        return;
      }
      c.listener = {
        onEvent: (e) => this.listener.onEvent?.(e, this),
        onDefunct: (reason) => {
          this.listener.onConnectionDefunct?.(this, reason);
          this.replace();
        },
        onClosed: (err) => this.onConnectionClosed(c, err),
      };
      this.connections.push(c);
      opened = true;
      this.schedule = null;
      this.reconnectTimer?.cancel();
      this.reconnectTimer = null;
      if (!this.wasUp) {
        this.wasUp = true;
        this.listener.onPoolUp(this);
      }
    } catch (e) {
      failure = e;
      throw e;
    } finally {
      this.opening--;
      if (opened) this.wakeWaiters();
      else if (this.opening === 0 && this.healthy === 0) this.failWaiters(failure === null ? new ConnectionError(this.host.endpoint, 'no connection could be opened') : toError(failure, `${this.host.endpoint}: opening a connection`));
    }
  }

  /** A connection opened: waiting requests go, in order (each borrows for itself). */
  private wakeWaiters(): void {
    if (this.waiters.length === 0) return;
    const ready = this.waiters;
    this.waiters = [];
    for (const w of ready) w.connectionReady();
  }

  private failWaiters(error: Error): void {
    if (this.waiters.length === 0) return;
    const failed = this.waiters;
    this.waiters = [];
    for (const w of failed) w.connectionFailed(error);
  }

  /**
   * A defunct connection drains on its own; open its replacement now. If that fails while no
   * healthy connection is left, the host is down (and reconnection takes over).
   */
  private replace(): void {
    if (this.closed) return;
    const working = this.healthy + this.opening;
    if (working >= this.settings.size) return;
    this.openOne().catch((e: unknown) => {
      if (this.healthy === 0 && this.opening === 0) this.down(toError(e, `${this.host.endpoint}: replacing a connection`));
    });
  }

  private onConnectionClosed(c: Connection, err: Error | null): void {
    const i = this.connections.indexOf(c);
    if (i >= 0) this.connections.splice(i, 1);
    const st = c.stats;
    this.closedBytes.sent += st.bytesSent;
    this.closedBytes.received += st.bytesReceived;
    if (this.closed) return;
    // The last working connection went silent (heartbeat unanswered: a frozen node or a
    // partition): the host is down now, even while its replacement is still opening — that
    // attempt would only end at the connect timeout, and load balancing must not wait for it to
    // skip the host. The replacement, if it opens, reports the host up again. (After a reset or a
    // close the node is likely alive: requests wait for the replacement instead.)
    if (this.healthy === 0 && (this.opening === 0 || c.wentSilent)) {
      this.down(err ?? new ConnectionClosedError(this.host.endpoint, 'connection closed'));
    } else {
      this.replace();
    }
  }

  private down(reason: Error): void {
    if (this.closed) return;
    if (this.wasUp || this.host.state !== 'down') {
      this.wasUp = false;
      this.listener.onPoolDown(this, reason);
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.schedule ??= this.settings.reconnection.newSchedule();
    const delay = this.schedule.nextDelayMs();
    this.lastDelayMs = delay;
    this.reconnectTimer = this.settings.clock.setTimeout(() => {
      this.reconnectTimer = null;
      this.attemptReconnect();
    }, delay);
  }

  /**
   * One reconnection attempt, with the next one armed at once on the schedule: an attempt that
   * hangs (a partition lets the connect through and swallows the handshake until its timeout)
   * does not hold back the next, so the host is back about one delay after the network is. At
   * most MAX_PENDING_OPENS connections are opening at a time; past that the attempt is skipped and
   * the next failure arms the schedule again. Each attempt is bounded by ATTEMPT_BOUND_DELAYS delays.
   */
  private attemptReconnect(): void {
    // At the cap, the attempts opening re-arm the schedule when they fail (not here: a zero delay
    // on a clock that runs due timers at once would loop).
    if (this.closed || this.opening >= MAX_PENDING_OPENS) return;
    this.scheduleReconnect();
    this.openOne(Math.max(MIN_ATTEMPT_BOUND_MS, ATTEMPT_BOUND_DELAYS * this.lastDelayMs))
      .then(() => this.open().catch(() => undefined))
      .catch(() => this.scheduleReconnect());
  }
}
