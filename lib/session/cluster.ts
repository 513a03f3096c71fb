/**
 * The public Cluster: the cluster core plus sessions, the prepared-statement registry (prepared
 * on every host, re-prepared when a host comes up, marked stale by schema changes), per-keyspace
 * pools for sessions at v3/v4, and the optional execution throttle.
 */
import type { Connection } from '../connection/connection';
import { ClusterCore } from '../cluster/cluster-core';
import type { SchemaChangeEvent } from '../cluster/cluster-events';
import type { ClusterOptions } from '../cluster/cluster-options';
import type { Host } from '../cluster/host';
import type { HostPool } from '../cluster/host-pool';
import { internalPrepare, internalQuery } from '../cluster/internal-query';
import { KeyspacePools } from '../cluster/keyspace-pools';
import type { HostView } from '../metadata/host-view';
import { ClusterShutdownError, KeyspaceNotFoundError, StatementError } from '../errors/client-errors';
import type { SchemaChange } from '../protocol/events';
import { Opcode } from '../protocol/opcodes';
import { PreparedCache } from './prepared-cache';
import { Session, type SessionHost } from './session';
import { shapeOf, type PreparedStatement } from './statements';
import { Throttle, type ThrottleOptions } from './throttle';

export interface ClusterSessionOptions extends ClusterOptions {
  /** Prepared statements kept by `prepare: true` (LRU). Default 1000. */
  preparedCacheSize?: number;
  /** Limit executions in flight (with a bounded queue). Default: no limit. */
  throttle?: ThrottleOptions;
}

export class Cluster extends ClusterCore implements SessionHost {
  readonly prepared: PreparedCache;
  readonly throttle: Throttle | null;
  private readonly keyspacePools = new KeyspacePools({
    plainPool: (host) => this.registry.pool(host),
    log: (level, message) => this.log(level, message),
  });

  constructor(options: ClusterSessionOptions) {
    super(options);
    this.prepared = new PreparedCache(options.preparedCacheSize ?? 1000);
    this.throttle = options.throttle ? new Throttle(options.throttle) : null;
  }

  /** @internal */
  get core(): ClusterCore {
    return this;
  }

  /**
   * Connects (control connection, topology, pools) and returns a session. With a keyspace, the
   * session's unqualified statements run in it, whatever other sessions of this Cluster use
   * (docs/session.md: at v5 the keyspace travels with each request; at v3/v4 the session uses
   * pools whose connections are in that keyspace). Rejects when the keyspace does not exist.
   */
  async connect(keyspace?: string): Promise<Session> {
    await this.connectCore();
    if (keyspace === undefined) return new Session(this, undefined);
    await this.openKeyspace(keyspace);
    return new Session(this, keyspace);
  }

  /** @internal Checks that `keyspace` exists (InvalidQueryError from the server if not); at v3/v4 opens its pools. */
  async openKeyspace(keyspace: string, checked = false): Promise<void> {
    if (this.protocolVersion >= 5) {
      if (checked) return;
      // No USE at v5 (the keyspace travels with each request): ask the schema tables.
      const c = this.anyConnection();
      const rows = c ? await internalQuery(c, 'SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?', [keyspace]) : [];
      if (c && !rows.some((r) => r['keyspace_name'] === keyspace)) throw new KeyspaceNotFoundError(keyspace);
      return;
    }
    const up = this.hosts().filter((h) => h.state !== 'down');
    await this.keyspacePools.warm(keyspace, up);
  }

  /** @internal The pool for `host`; with a keyspace (v3/v4 sessions), the pool in that keyspace. */
  override pool(host: HostView, keyspace?: string): HostPool | undefined {
    return keyspace === undefined ? this.registry.pool(host) : this.keyspacePools.get(host, keyspace);
  }

  /** Removed hosts lose their keyspace pools too. */
  protected override onHostRemoved(host: Host): void {
    this.keyspacePools.dropHost(host.endpoint);
  }

  /**
   * Closes every connection and timer and completes every Observable. Executions still in flight
   * fail with `ClusterShutdownError` (they may or may not have been applied). Idempotent.
   */
  override async shutdown(): Promise<void> {
    this.timeouts.abortAll(new ClusterShutdownError('The cluster was shut down while the execution was in flight'));
    await this.keyspacePools.close();
    await super.shutdown();
  }

  /**
   * @internal PREPARE on one connection; the answer refreshes the statement (bind markers, result
   * columns, result metadata id), which the schema may have changed since it was first prepared.
   */
  async prepareOn(connection: Connection, ps: PreparedStatement): Promise<void> {
    const r = await internalPrepare(connection, ps.query, ps.keyspace);
    const m = r.message;
    if (m.opcode !== Opcode.Result || m.result.kind !== 'prepared') throw new StatementError(`PREPARE on ${connection.endpoint} returned no prepared statement for: ${ps.query.slice(0, 120)}`);
    ps.refresh(shapeOf(m.result));
  }

  /** @internal After preparing on one host: prepare on every other up host, in the background. */
  prepareEverywhere(ps: PreparedStatement, preparedOn: string): void {
    const ks = this.connectionKeyspace(ps.keyspace);
    for (const host of this.hosts()) {
      if (host.state !== 'up' || host.endpoint === preparedOn) continue;
      const c = this.pool(host, ks)?.borrow();
      if (c) this.prepareOn(c, ps).catch((e: unknown) => this.log('warn', `could not prepare on ${host.endpoint}: ${(e as Error).message}`));
    }
  }

  /** @internal The keyspace a connection must be in for a statement of `keyspace` (v3/v4 only). */
  connectionKeyspace(keyspace: string | undefined): string | undefined {
    return keyspace !== undefined && this.protocolVersion < 5 ? keyspace : undefined;
  }

  /** A host came (back) up: re-prepare every registered statement on it (in its keyspace's pool at v3/v4). */
  protected override onHostUp(host: Host, pool: HostPool): void {
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
      () => this.log('debug', `re-prepared ${sent} of ${statements.length} statement(s) on ${host.endpoint}${sent < statements.length ? ' (the others on first use)' : ''}`),
      (e: unknown) => this.log('warn', `re-prepare on ${host.endpoint} failed: ${(e as Error).message}`),
    );
  }

  /** A table, type or keyspace changed: statements that use it are prepared again on next use. */
  protected override onSchemaEvent(change: SchemaChange | SchemaChangeEvent): void {
    const raw = change.target.toUpperCase();
    const target = raw === 'VIEW' ? 'TABLE' : raw; // a materialized view is a TABLE on the wire
    if (target !== 'TABLE' && target !== 'TYPE' && target !== 'KEYSPACE') return;
    if (target === 'KEYSPACE' && change.change.toUpperCase() === 'CREATED') return;
    const name = change.name ?? null;
    for (const ps of this.prepared.all()) if (ps.dependsOn(target, change.keyspace, name)) ps.markStale();
  }

  private anyConnection(): Connection | null {
    for (const h of this.hosts()) {
      const c = h.state !== 'down' ? this.registry.pool(h)?.borrow() : null;
      if (c) return c;
    }
    return null;
  }
}
