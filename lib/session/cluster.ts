/**
 * The public Cluster: what users hold. It owns its internals privately (the cluster core and the
 * runtime sessions run on) and shows only the public API: connect, sessions, the event views,
 * metrics, hosts, metadata and shutdown.
 */
import type { Observable, Subscription } from 'rxjs';
import { ClusterCore } from '../cluster/cluster-core';
import type { ClusterEvent, HostEvent, LogEvent, RequestRecord, SchemaChangeEvent } from '../cluster/cluster-events';
import type { Metadata } from '../cluster/cluster-metadata';
import type { ClusterOptions } from '../cluster/cluster-options';
import type { Host, HostSnapshot } from '../cluster/host';
import type { MetricsSnapshot } from '../cluster/metrics';
import type { RequestStats } from '../cluster/request-stats';
import type { ProtocolVersion } from '../protocol/opcodes';
import { ClusterRuntime } from './cluster-runtime';
import { Session } from './session';
import type { ThrottleOptions } from './throttle';
import type { CustomCodec, UserTypeClass, UserTypeMapping } from '../types/custom-codec';
import type { SimpleTypeName } from '../types/data-type';

export interface ClusterSessionOptions extends ClusterOptions {
  /** Prepared statements kept by `prepare: true` (LRU). Default 1000. */
  preparedCacheSize?: number;
  /** Limit executions in flight (with a bounded queue). Default: no limit. */
  throttle?: ThrottleOptions;
}

const runtimes = new WeakMap<Cluster, ClusterRuntime>();

/** @internal The runtime behind a Cluster (integrations and tests; not public API). */
export function clusterRuntime(cluster: Cluster): ClusterRuntime {
  const rt = runtimes.get(cluster);
  if (!rt) throw new TypeError('Not a cassandra-rx Cluster');
  return rt;
}

export class Cluster {
  readonly #core: ClusterCore;
  readonly #runtime: ClusterRuntime;
  /** Every event on the bus. */
  readonly events$: Observable<ClusterEvent>;
  /** Hosts added, removed, up and down. */
  readonly hostEvents$: Observable<HostEvent>;
  /** Schema changes, emitted once the metadata reflects them. */
  readonly schemaChanges$: Observable<SchemaChangeEvent>;
  /** One record per finished execution. */
  readonly requests$: Observable<RequestRecord>;
  /** Driver log lines (connection changes, warnings, refresh failures). */
  readonly log$: Observable<LogEvent>;
  /** The current hosts at subscription, then again after every host event (late subscribers see the state). */
  readonly hosts$: Observable<readonly HostSnapshot[]>;

  /** Validates the options (an `OptionError` names a wrong one); nothing connects until `connect()`. */
  constructor(options: ClusterSessionOptions) {
    this.#core = new ClusterCore(options);
    this.#runtime = new ClusterRuntime(this.#core, options);
    runtimes.set(this, this.#runtime);
    ({ events$: this.events$, hostEvents$: this.hostEvents$, schemaChanges$: this.schemaChanges$,
      requests$: this.requests$, log$: this.log$, hosts$: this.hosts$ } = this.#core);
  }

  /** Schema, token map and replicas, as far as the `metadata` options keep them. */
  get metadata(): Metadata {
    return this.#core.metadata;
  }

  /**
   * Connects (control connection, topology, pools) and returns a session. With a keyspace, the
   * session's unqualified statements run in it, whatever other sessions of this Cluster use
   * (docs/session.md: at v5 the keyspace travels with each request; at v3/v4 the session uses
   * pools whose connections are in that keyspace). Rejects when the keyspace does not exist.
   */
  async connect(keyspace?: string): Promise<Session> {
    await this.#core.connect();
    const mismatch = this.#runtime.checkUserTypes()[0];
    if (mismatch) throw mismatch;
    if (keyspace !== undefined) await this.#runtime.openKeyspace(keyspace);
    return Session.open(this.#runtime, keyspace);
  }

  /**
   * Maps the user-defined type `keyspace.typeName` to an application class (`new C()` takes no
   * arguments; its own properties are the fields, `zip_code` as `zip_code` or `zipCode`) or to a
   * `{ fromCql, toCql }` mapping: its values decode to the application's, in columns, collections,
   * tuples and other UDTs, and encode back from them (docs/types.md). When the schema is known
   * (connected, keyspace kept by the `metadata` options), a type that does not exist or whose
   * fields differ raises `UserTypeMismatchError` here; else `connect()` checks it, and every schema
   * change checks it again (values of a broken registration fail with that error, `log$` says so).
   * A second registration of the same type raises `TypeRegistrationError`.
   */
  registerUserType<T extends object>(keyspace: string, typeName: string, mapping: UserTypeMapping<T> | UserTypeClass<T>): void {
    this.#runtime.types.registerUserType(keyspace, typeName, mapping, this.#runtime.lookupUserType);
  }

  /**
   * Adds a custom codec: values of CQL type `codec.cqlType` decode through `fromCql` (everywhere
   * they occur: columns, collections, tuples, UDT fields) and values for which `codec.is` holds
   * encode through `toCql`. One codec per CQL type (`TypeRegistrationError` otherwise). Register
   * before executing: rows already delivered are not converted again.
   */
  registerCodec<T, K extends SimpleTypeName>(codec: CustomCodec<T, K>): void {
    this.#runtime.types.registerCodec(codec);
  }

  /**
   * Closes every connection and timer and completes every Observable. Executions still in flight
   * fail with `ClusterShutdownError` (they may or may not have been applied). Idempotent.
   */
  shutdown(): Promise<void> {
    return this.#runtime.shutdown();
  }

  /** Snapshots of cluster and per-host metrics every `intervalMs` (default 1000) while subscribed. */
  metrics$(intervalMs = 1000): Observable<MetricsSnapshot> {
    return this.#core.metrics$(intervalMs);
  }

  /** Cluster and per-host counters and latency now. */
  metrics(): MetricsSnapshot {
    return this.#core.metrics();
  }

  /**
   * Feeds `stats` with every execution that finishes from now on (cancelled ones excluded) until
   * the subscription is unsubscribed. The execution path adds to it directly: unlike a
   * subscription to `requests$`, it needs no bus record per request (what the Prometheus and
   * OpenTelemetry SDK exporters use). Several `RequestStats` may be fed at once.
   */
  collectRequestStats(stats: RequestStats): Subscription {
    return this.#core.collectRequestStats(stats);
  }

  /** Every known host, with its current state. */
  hosts(): readonly Host[] {
    return this.#core.hosts();
  }

  get isConnected(): boolean {
    return this.#core.isConnected;
  }

  /** Host the control connection is on (null while it reconnects). */
  get controlHost(): string | null {
    return this.#core.controlHost;
  }

  /** Protocol version agreed with the first host (every pool uses it as its maximum). */
  get protocolVersion(): ProtocolVersion {
    return this.#core.protocolVersion;
  }

  /**
   * Waits until every host that is not down reports the same schema version (each asked on its
   * own pool), at most `timeoutMs` (default: the `schemaAgreementTimeoutMs` option). Resolves
   * false when they still disagree at the deadline.
   */
  awaitSchemaAgreement(timeoutMs?: number): Promise<boolean> {
    return this.#core.awaitSchemaAgreement(timeoutMs);
  }
}
