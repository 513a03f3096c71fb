/**
 * The control connection: one connection to one host that reads the topology (system.local and
 * system.peers_v2, falling back to system.peers), registers for TOPOLOGY_CHANGE, STATUS_CHANGE and
 * SCHEMA_CHANGE, debounces refreshes (retrying failed ones with backoff), reports the schema versions
 * it sees, and moves to another host (on the reconnection policy's schedule) when its host fails:
 * the candidates come from the cluster core (known hosts, then the contact points, whose names are
 * resolved again when no known host is up). Once it is back, topology and schema are read again in
 * full: events sent meanwhile were lost.
 */
import type { Clock, TimerHandle } from '../connection/clock';
import { openConnection } from '../connection/connect';
import type { Connection } from '../connection/connection';
import type { ConnectionOptions } from '../connection/connection-options';
import { requestOnce } from '../connection/request';
import { NoHostAvailableError } from '../errors/client-errors';
import { toError } from '../errors/driver-error';
import { InvalidQueryError } from '../errors/server-errors';
import type { SchemaChange, ServerEvent } from '../protocol/events';
import { encodeRegister } from '../protocol/requests';
import type { ReconnectionPolicy, ReconnectionSchedule } from '../policies/reconnection';
import type { LogLevel } from './cluster-events';
import { Debouncer, type DebounceRetry } from './debouncer';
import { endpointOf, type HostInfo } from './host';
import { internalQuery, type RowObject } from './internal-query';
import { readLocalRow, readPeerRow } from './topology-rows';

export interface Endpoint { readonly host: string; readonly port: number }

export interface ControlSettings {
  connectionOptions(endpoint: Endpoint): ConnectionOptions;
  reconnection: ReconnectionPolicy;
  clock: Clock;
  debounceMs: number;
  defaultPort: number;
  translate: (address: string, port: number) => { address: string; port: number };
  /**
   * Where to go when the current host fails: known hosts first, then contact points (names
   * resolved again when no known host is up, hence asynchronous).
   */
  candidates(): Promise<Endpoint[]>;
}

export interface ControlListener {
  /** A full topology read: every host (the control host included), and the partitioner. */
  onTopology(hosts: HostInfo[], partitioner: string | undefined): void;
  onStatusChange(change: string, endpoint: string): void;
  /** Debounced schema changes; resolve once the metadata reflects them. */
  onSchemaChanges(changes: SchemaChange[]): Promise<void>;
  /**
   * The control connection is back after losing its host: read the whole schema again, apply
   * what changed while it was away and publish it. Resolves once the metadata reflects it.
   */
  onSchemaResync(): Promise<void>;
  onControlHost(endpoint: string | null, reason: string): void;
  log(level: LogLevel, message: string): void;
}

/** A debounced refresh that fails runs at most this many times in a row. */
export const REFRESH_ATTEMPTS = 5;

/** Backoff before retry n (1-based) of a failed refresh: 2^n debounce windows (at least 50 ms), at most 30 s. */
export function refreshRetryDelayMs(debounceMs: number, attempt: number): number {
  return Math.min(Math.max(debounceMs, 50) * 2 ** attempt, 30_000);
}

/** A schema refresh item: one change, or the full re-read after a reconnection. */
const RESYNC = 'resync';
type SchemaRefresh = SchemaChange | typeof RESYNC;

export class ControlConnection {
  private connection: Connection | null = null;
  private endpointNow: Endpoint | null = null;
  private schedule: ReconnectionSchedule | null = null;
  private reconnectTimer: TimerHandle | null = null;
  private closed = false;
  private readonly topologyRefresh: Debouncer<string>;
  private readonly schemaRefresh: Debouncer<SchemaRefresh>;
  /** False once system.peers_v2 answered "unconfigured table" (Cassandra < 4). */
  private peersV2 = true;
  /** Topology read and REGISTER done on the current connection. */
  private ready = false;
  /** Reconnection attempts since the control host was lost. */
  private attempts = 0;
  /** The host the control connection last lost: tried after every other candidate. */
  private lost: Endpoint | null = null;

  constructor(private readonly settings: ControlSettings, private readonly listener: ControlListener) {
    const { clock, debounceMs } = settings;
    this.topologyRefresh = new Debouncer(clock, debounceMs, () => this.refreshTopology(), this.retryFor('topology'));
    this.schemaRefresh = new Debouncer(clock, debounceMs, (items) => this.refreshSchema(items), this.retryFor('schema'));
  }

  /** Host of the control connection once it is fully set up (topology read, events registered). */
  get endpoint(): string | null {
    return this.connection && this.ready ? this.connection.endpoint : null;
  }

  get protocolVersion(): number | null {
    return this.connection?.version ?? null;
  }

  /** Number of topology refreshes run (debounced). */
  get topologyRefreshes(): number {
    return this.topologyRefresh.runs;
  }

  /** Connects to the first candidate that answers; rejects with NoHostAvailableError listing each failure. */
  async connect(candidates: readonly Endpoint[]): Promise<void> {
    const errors = new Map<string, Error>();
    for (const ep of candidates) {
      if (this.closed) break;
      try {
        await this.connectTo(ep);
        return;
      } catch (e) {
        errors.set(`${ep.host}:${ep.port}`, toError(e, `control connection to ${ep.host}:${ep.port}`));
      }
    }
    throw new NoHostAvailableError(errors, 'Could not open the control connection');
  }

  /** Driver-internal query on the control connection (all pages). */
  query(cql: string, params?: readonly unknown[]): Promise<RowObject[]> {
    const c = this.connection;
    if (!c) return Promise.reject(new NoHostAvailableError(new Map(), 'The control connection is down'));
    return internalQuery(c, cql, params);
  }

  /** Reads system.local and the peers table and hands the hosts to the listener. */
  async refreshTopology(): Promise<void> {
    const c = this.connection;
    const ep = this.endpointNow;
    if (!c || !ep) return;
    // Both reads at once, on two streams: a control connection moving under load waits one round trip, not two.
    const [localRows, peers] = await Promise.all([internalQuery(c, 'SELECT * FROM system.local WHERE key = \'local\''), this.peerRows(c)]);
    const local = localRows[0];
    const hosts: HostInfo[] = [];
    if (local) hosts.push(readLocalRow(local, ep));
    for (const row of peers) {
      const info = readPeerRow(row, this.settings.defaultPort, this.settings.translate);
      if (info) hosts.push(info);
    }
    this.listener.onTopology(hosts, local ? (local['partitioner'] as string | undefined) : undefined);
  }

  /**
   * Schema versions as the control host sees them: its own (system.local) and each peer's as
   * gossiped to it (which lags behind the peer itself). Endpoint → version.
   */
  async schemaVersions(): Promise<Map<string, string>> {
    const c = this.connection;
    const ep = this.endpointNow;
    if (!c || !ep) throw new NoHostAvailableError(new Map(), 'The control connection is down');
    const versions = new Map<string, string>();
    const local = await internalQuery(c, 'SELECT schema_version FROM system.local WHERE key = \'local\'');
    const own = local[0]?.['schema_version'];
    if (own != null) versions.set(endpointOf(ep.host, ep.port), String(own));
    for (const r of await this.peerRows(c)) {
      const info = readPeerRow(r, this.settings.defaultPort, this.settings.translate);
      if (info && r['schema_version'] != null) versions.set(endpointOf(info.address, info.port), String(r['schema_version']));
    }
    return versions;
  }

  /** The peers table: system.peers_v2, or system.peers from the first time a server lacks it. */
  private async peerRows(c: Connection): Promise<RowObject[]> {
    if (!this.peersV2) return internalQuery(c, 'SELECT * FROM system.peers');
    try {
      return await internalQuery(c, 'SELECT * FROM system.peers_v2');
    } catch (e) {
      if (!(e instanceof InvalidQueryError)) throw e;
      this.peersV2 = false;
      return internalQuery(c, 'SELECT * FROM system.peers');
    }
  }

  /** A debounced schema refresh: the full re-read when one is asked for (it covers the changes), else the changes. */
  private refreshSchema(items: SchemaRefresh[]): Promise<void> {
    // Without a connection there is nothing to read now; the full re-read after reconnection covers these.
    if (!this.connection) return Promise.resolve();
    if (items.includes(RESYNC)) return this.listener.onSchemaResync();
    return this.listener.onSchemaChanges(items.filter((i): i is SchemaChange => i !== RESYNC));
  }

  /** Bounded retries with backoff on the settings' clock, each failure logged as a warning. */
  private retryFor(what: 'topology' | 'schema'): DebounceRetry {
    return {
      maxAttempts: REFRESH_ATTEMPTS,
      delayMs: (attempt) => refreshRetryDelayMs(this.settings.debounceMs, attempt),
      onFailure: (error, attempt, retryInMs) => {
        const reason = error instanceof Error ? error.message : String(error);
        this.listener.log('warn', retryInMs === null
          ? `${what} refresh failed ${attempt} time(s), giving up until the next ${what} event or control reconnection: ${reason}`
          : `${what} refresh failed (attempt ${attempt} of ${REFRESH_ATTEMPTS}), retrying in ${retryInMs} ms: ${reason}`);
      },
    };
  }

  /** Waits for pending debounced refreshes to finish (used after a schema-changing statement). */
  async settle(): Promise<void> {
    await this.topologyRefresh.idle();
    await this.schemaRefresh.idle();
  }

  close(): void {
    this.closed = true;
    this.topologyRefresh.stop();
    this.schemaRefresh.stop();
    this.reconnectTimer?.cancel();
    this.reconnectTimer = null;
    const c = this.connection;
    this.connection = null;
    if (c) void c.close({ graceful: false });
  }

  private async connectTo(ep: Endpoint): Promise<void> {
    const c = await openConnection({ ...this.settings.connectionOptions(ep), host: ep.host, port: ep.port });
    if (this.closed) {
      await c.close({ graceful: false });
      return;
    }
    this.connection = c;
    this.ready = false;
    this.endpointNow = ep;
    c.listener = {
      onEvent: (e) => this.onEvent(e),
      onClosed: (err) => this.onLost(c, err),
      onDefunct: () => void c.close({ graceful: false }),
    };
    try {
      // REGISTER goes with the topology reads: an event sent meanwhile triggers a (debounced) re-read.
      await Promise.all([this.refreshTopology(), register(c)]);
    } catch (e) {
      this.connection = null;
      c.listener = {};
      await c.close({ graceful: false });
      throw e;
    }
    this.schedule = null;
    this.ready = true;
    this.listener.onControlHost(c.endpoint, 'connected');
  }

  private onEvent(e: ServerEvent): void {
    if (e.type === 'SCHEMA_CHANGE') {
      this.schemaRefresh.trigger(e);
      return;
    }
    const t = this.settings.translate(e.address.address, e.address.port);
    const endpoint = `${t.address}:${t.port}`;
    if (e.type === 'STATUS_CHANGE') this.listener.onStatusChange(e.change, endpoint);
    this.topologyRefresh.trigger(endpoint);
  }

  private onLost(c: Connection, err: Error | null): void {
    if (this.connection !== c) return;
    this.connection = null;
    this.lost = this.endpointNow;
    if (this.closed) return;
    this.listener.onControlHost(null, err ? err.message : 'closed');
    this.reconnect();
  }

  private reconnect(): void {
    if (this.closed || this.reconnectTimer) return;
    this.schedule ??= this.settings.reconnection.newSchedule();
    // The first attempt goes out at once: another host is probably up.
    const delay = this.attempts++ === 0 ? 0 : this.schedule.nextDelayMs();
    this.reconnectTimer = this.settings.clock.setTimeout(() => {
      this.reconnectTimer = null;
      this.settings.candidates()
        .then((candidates) => this.connect(lostHostLast(candidates, this.lost)))
        .then(() => {
          this.attempts = 0;
          // Events sent while it was away are lost: read the schema again in full (the topology was, on connecting).
          this.schemaRefresh.trigger(RESYNC);
        })
        .catch(() => this.reconnect());
    }, delay);
  }
}

async function register(c: Connection): Promise<void> {
  await requestOnce(c, encodeRegister({ version: c.version, stream: 0 }, ['TOPOLOGY_CHANGE', 'STATUS_CHANGE', 'SCHEMA_CHANGE']), REGISTER_TIMEOUT_MS);
}

/** A node that stalls after the handshake must not hold the control connection's move forever. */
const REGISTER_TIMEOUT_MS = 10_000;

/**
 * The candidates with the host just lost moved to the end: until the pool's heartbeat or a refused
 * connection marks it down it is still "known and not down", and trying it first costs a connect
 * timeout when it is partitioned or frozen.
 */
export function lostHostLast(candidates: readonly Endpoint[], lost: Endpoint | null): Endpoint[] {
  if (!lost) return [...candidates];
  const same = (e: Endpoint): boolean => e.host === lost.host && e.port === lost.port;
  return [...candidates.filter((e) => !same(e)), ...candidates.filter(same)];
}
