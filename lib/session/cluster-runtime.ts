/**
 * What sessions and executions run on (internal): the cluster core, the prepared-statement
 * registry (prepared on every host, re-prepared when a host comes up, marked stale by schema
 * changes), per-keyspace pools for sessions at v3/v4, and the optional execution throttle. The
 * public `Cluster` holds one privately; sessions see it through `SessionHost`.
 */
import type { Subscription } from 'rxjs';
import type { Clock } from '../connection/clock';
import type { Connection } from '../connection/connection';
import type { TimeoutQueue } from '../connection/timeout-queue';
import type { ClusterCore } from '../cluster/cluster-core';
import type { ClusterEvent, SchemaChangeEvent } from '../cluster/cluster-events';
import type { Host } from '../cluster/host';
import type { HostView } from '../metadata/host-view';
import type { HostPool } from '../cluster/host-pool';
import type { HostRegistry } from '../cluster/host-registry';
import { internalPrepare, internalQuery } from '../cluster/internal-query';
import { KeyspacePools } from '../cluster/keyspace-pools';
import { CLUSTER_DEFAULTS } from '../cluster/resolve-options';
import { ClusterShutdownError, KeyspaceNotFoundError, StatementError } from '../errors/client-errors';
import type { SchemaChange } from '../protocol/events';
import { Opcode } from '../protocol/opcodes';
import { PreparedCache } from './prepared-cache';
import type { SessionHost } from './session';
import { shapeOf, type PreparedStatement } from './statements';
import { Throttle, type ThrottleOptions } from './throttle';
import { TypeRegistry, type UserTypeLookup } from '../types/type-registry';
import { covers } from '../metadata/schema/scoped-reader';
import type { UserTypeMismatchError } from '../errors/mapping-errors';

export interface RuntimeOptions {
  readonly preparedCacheSize?: number | undefined;
  readonly throttle?: ThrottleOptions | undefined;
}

export class ClusterRuntime implements SessionHost {
  readonly prepared: PreparedCache;
  /** Custom codecs and user-type mappings (`cluster.registerCodec`, `cluster.registerUserType`). */
  readonly types = new TypeRegistry();
  readonly throttle: Throttle | null;
  readonly clock: Clock;
  readonly timeouts: TimeoutQueue;
  private readonly keyspacePools: KeyspacePools;
  /** The core's host registry, held directly: `pool()` is on every execution's path. */
  private readonly registry: HostRegistry;
  private readonly subscriptions: Subscription[];
  private readonly preparing = new WeakMap<PreparedStatement, Map<string, Promise<void>>>();

  constructor(readonly core: ClusterCore, options: RuntimeOptions) {
    this.prepared = new PreparedCache(options.preparedCacheSize ?? CLUSTER_DEFAULTS.preparedCacheSize);
    this.throttle = options.throttle ? new Throttle(options.throttle) : null;
    this.clock = core.clock;
    this.timeouts = core.timeouts;
    this.registry = core.registry;
    this.keyspacePools = new KeyspacePools({
      plainPool: (host) => core.registry.pool(host),
      log: (level, message) => core.log(level, message),
    });
    this.subscriptions = [
      core.hostsUp$.subscribe(({ host, pool }) => this.reprepareOn(host, pool)),
      // Removed hosts lose their keyspace pools too.
      core.hostsRemoved$.subscribe((host) => this.keyspacePools.dropHost(host.endpoint)),
      core.schemaEvents$.subscribe((change) => this.markStale(change)),
      // Once the metadata reflects a change: registered user types of that keyspace are checked again.
      core.schemaApplied$.subscribe((change) => this.recheckUserTypes(change.keyspace)),
    ];
  }

  /**
   * How registrations look user types up in the schema: 'unknown' before connect and for
   * keyspaces the `metadata` options do not keep (then only the types results carry are checked).
   */
  readonly lookupUserType: UserTypeLookup = (keyspace, name) => {
    if (!this.core.isConnected || !covers(this.core.metadata.scope, keyspace)) return 'unknown';
    return this.core.metadata.schema.userType(keyspace, name)?.type;
  };

  /** Checks every registered user type against the schema (at connect); returns the mismatches. */
  checkUserTypes(): UserTypeMismatchError[] {
    this.recheckUserTypes();
    return this.types.userTypes().flatMap((r) => (r.broken ? [r.broken] : []));
  }

  /** After a schema change: registrations it broke (or repaired) are reported on `log$`. */
  private recheckUserTypes(keyspace?: string): void {
    if (this.types.isEmpty) return;
    for (const { registration: r, error } of this.types.verify(this.lookupUserType, keyspace)) {
      if (error) this.core.log('error', `${error.message}: its values fail with UserTypeMismatchError until the schema matches again`);
      else this.core.log('info', `user type ${r.keyspace}.${r.name} matches its registration again`);
    }
  }

  get busObserved(): boolean {
    return this.core.busObserved;
  }

  publish(event: ClusterEvent): void {
    this.core.publish(event);
  }

  countRequest(host: string | undefined, keyspace: string | undefined, query: string, latencyMs: number, retries: number, speculative: number, error: string | undefined): void {
    this.core.countRequest(host, keyspace, query, latencyMs, retries, speculative, error);
  }

  afterSchemaChange(change: SchemaChange): Promise<boolean> {
    return this.core.afterSchemaChange(change);
  }

  hosts(): readonly Host[] {
    return this.core.hosts();
  }

  /** Checks that `keyspace` exists (InvalidQueryError from the server if not); at v3/v4 opens its pools. */
  async openKeyspace(keyspace: string, checked = false): Promise<void> {
    if (this.core.protocolVersion >= 5) {
      if (checked) return;
      // No USE at v5 (the keyspace travels with each request): ask the schema tables.
      const c = this.anyConnection();
      const rows = c ? await internalQuery(c, 'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?', [keyspace]) : [];
      if (c && !rows.some((r) => r['keyspace_name'] === keyspace)) throw new KeyspaceNotFoundError(keyspace);
      return;
    }
    await this.keyspacePools.warm(keyspace, this.core.hosts().filter((h) => h.state !== 'down'));
  }

  /** The pool for `host`; with a keyspace (v3/v4 sessions), the pool in that keyspace. */
  pool(host: HostView, keyspace?: string): HostPool | undefined {
    return keyspace === undefined ? this.registry.pool(host) : this.keyspacePools.get(host, keyspace);
  }

  /** Executions still in flight fail with `ClusterShutdownError`; then everything closes. */
  async shutdown(): Promise<void> {
    if (this.core.isClosed) return;
    this.timeouts.abortAll(new ClusterShutdownError('The cluster was shut down while the execution was in flight'));
    for (const s of this.subscriptions) s.unsubscribe();
    await this.keyspacePools.close();
    await this.core.shutdown();
  }

  /**
   * PREPARE on one connection; the answer refreshes the statement (bind markers, result
   * columns, result metadata id), which the schema may have changed since it was first prepared.
   */
  prepareOn(connection: Connection, ps: PreparedStatement): Promise<void> {
    // One PREPARE per (statement, host) at a time: executions that meet UNPREPARED on a host
    // while it is being prepared there (e.g. by prepareEverywhere) wait for that one.
    let byHost = this.preparing.get(ps);
    if (!byHost) this.preparing.set(ps, (byHost = new Map()));
    const inFlight = byHost.get(connection.endpoint);
    if (inFlight) return inFlight;
    const hosts = byHost;
    const sent = this.sendPrepare(connection, ps).finally(() => hosts.delete(connection.endpoint));
    hosts.set(connection.endpoint, sent);
    return sent;
  }

  private async sendPrepare(connection: Connection, ps: PreparedStatement): Promise<void> {
    const r = await internalPrepare(connection, ps.query, ps.keyspace);
    const m = r.message;
    if (m.opcode !== Opcode.Result || m.result.kind !== 'prepared') throw new StatementError(`PREPARE on ${connection.endpoint} returned no prepared statement for: ${ps.query.slice(0, 120)}`);
    ps.refresh(shapeOf(m.result));
  }

  /** After preparing on one host: prepare on every other up host, in the background. */
  prepareEverywhere(ps: PreparedStatement, preparedOn: string): void {
    const ks = this.connectionKeyspace(ps.keyspace);
    for (const host of this.core.hosts()) {
      if (host.state !== 'up' || host.endpoint === preparedOn) continue;
      const c = this.pool(host, ks)?.borrow();
      if (c) this.prepareOn(c, ps).catch((e: unknown) => this.core.log('warn', `could not prepare on ${host.endpoint}: ${(e as Error).message}`));
    }
  }

  /** The keyspace a connection must be in for a statement of `keyspace` (v3/v4 only). */
  connectionKeyspace(keyspace: string | undefined): string | undefined {
    return keyspace !== undefined && this.core.protocolVersion < 5 ? keyspace : undefined;
  }

  /** A host came (back) up: re-prepare every registered statement on it (in its keyspace's pool at v3/v4). */
  private reprepareOn(host: Host, pool: HostPool): void {
    const statements = this.prepared.all();
    if (statements.length === 0) return;
    let sent = 0;
    Promise.all(statements.map((ps) => {
      const ks = this.connectionKeyspace(ps.keyspace);
      const c = ks === undefined ? pool.borrow() : this.keyspacePools.get(host, ks)?.borrow();
      if (!c) return Promise.resolve(); // UNPREPARED re-prepares it on use
      sent++;
      return this.prepareOn(c, ps);
    })).then(
      () => this.core.log('debug', `re-prepared ${sent} of ${statements.length} statement(s) on ${host.endpoint}${sent < statements.length ? ' (the others on first use)' : ''}`),
      (e: unknown) => this.core.log('warn', `re-prepare on ${host.endpoint} failed: ${(e as Error).message}`),
    );
  }

  /** A table, type or keyspace changed: statements that use it are prepared again on next use. */
  private markStale(change: SchemaChange | SchemaChangeEvent): void {
    const raw = change.target.toUpperCase();
    const target = raw === 'VIEW' ? 'TABLE' : raw; // a materialized view is a TABLE on the wire
    if (target !== 'TABLE' && target !== 'TYPE' && target !== 'KEYSPACE') return;
    if (target === 'KEYSPACE' && change.change.toUpperCase() === 'CREATED') return;
    const name = change.name ?? null;
    for (const ps of this.prepared.all()) if (ps.dependsOn(target, change.keyspace, name)) ps.markStale();
  }

  private anyConnection(): Connection | null {
    for (const h of this.core.hosts()) {
      const c = h.state !== 'down' ? this.registry.pool(h)?.borrow() : null;
      if (c) return c;
    }
    return null;
  }
}
