/**
 * The cluster core: everything that outlives a request (control connection, hosts and pools,
 * metadata, metrics) and the one event bus with its typed views. The public `Cluster` (session
 * layer) extends it with sessions and prepared statements.
 */
import { defer, filter, interval, map, Observable, share, startWith, Subject, takeUntil, type OperatorFunction } from 'rxjs';
import { systemClock, type Clock } from '../connection/clock';
import type { ConnectionOptions } from '../connection/connection-options';
import { TimeoutQueue } from '../connection/timeout-queue';
import { ClusterStateError, NoHostAvailableError } from '../errors/client-errors';
import type { SchemaChange } from '../protocol/events';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { HostView } from '../metadata/host-view';
import type { ClusterView } from '../policies/load-balancing-policy';
import { ExponentialReconnectionPolicy, type ReconnectionPolicy } from '../policies/reconnection';
import { MonotonicTimestampGenerator, type TimestampGenerator } from '../policies/timestamp-generator';
import type { ClusterEvent, HostEvent, LogEvent, RequestRecord, SchemaChangeEvent } from './cluster-events';
import { ClusterMetadata } from './cluster-metadata';
import { connectionOptionsOf, validateClusterOptions, type ClusterOptions } from './cluster-options';
import { ContactPoints, dnsResolver } from './contact-points';
import { ControlConnection } from './control-connection';
import { metadataScope, validateMetadataOptions } from './metadata-options';
import type { Host, HostSnapshot } from './host';
import type { HostPool } from './host-pool';
import { HostRegistry } from './host-registry';
import { ClusterMetrics, type MetricsSnapshot } from './metrics';
import { resolveProfiles, type ResolvedProfile } from './profiles';
import { awaitSchemaAgreement, type AgreementSources } from './schema-agreement';
import { SchemaPublisher } from './schema-publisher';

type State = 'new' | 'connecting' | 'connected' | 'closed';

const ofType = <T extends ClusterEvent>(type: T['type']): OperatorFunction<ClusterEvent, T> =>
  filter((e: ClusterEvent): e is T => e.type === type);

export class ClusterCore {
  /** Schema, token map and replicas, as far as the `metadata` options keep them. */
  readonly metadata: ClusterMetadata;
  readonly clock: Clock;
  readonly timestampGenerator: TimestampGenerator;
  /** Execution timeouts: one timer per distinct duration. */
  readonly timeouts: TimeoutQueue;
  protected readonly options: ClusterOptions;
  protected readonly registry: HostRegistry;
  protected readonly control: ControlConnection;
  private readonly profiles: ReadonlyMap<string, ResolvedProfile>;
  private readonly bus = new Subject<ClusterEvent>();
  private readonly closed$ = new Subject<void>();
  private readonly metricsStore = new ClusterMetrics();
  private state: State = 'new';
  private connecting: Promise<void> | null = null;
  private readonly contactPoints: ContactPoints;
  private readonly schemaPublisher: SchemaPublisher;
  private contactDc: string | undefined;
  private agreedVersion: ProtocolVersion | undefined;
  private readonly reconnection: ReconnectionPolicy;

  /** Every event on the bus. */
  readonly events$: Observable<ClusterEvent> = this.bus.asObservable();
  /** Hosts added, removed, up and down. */
  readonly hostEvents$: Observable<HostEvent> = this.events$.pipe(ofType<HostEvent>('host'));
  /** Schema changes, emitted once the metadata reflects them. */
  readonly schemaChanges$: Observable<SchemaChangeEvent> = this.events$.pipe(ofType<SchemaChangeEvent>('schema'));
  /** One record per finished execution. */
  readonly requests$: Observable<RequestRecord> = this.events$.pipe(ofType<RequestRecord>('request'));
  readonly log$: Observable<LogEvent> = this.events$.pipe(ofType<LogEvent>('log'));
  /** The current hosts at subscription, then again after every host event (late subscribers see the state). */
  readonly hosts$: Observable<readonly HostSnapshot[]> = defer(() =>
    this.hostEvents$.pipe(startWith(null), map(() => this.hosts().map((h) => h.snapshot()))));

  constructor(options: ClusterOptions) {
    validateClusterOptions(options);
    validateMetadataOptions(options.metadata);
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.contactPoints = new ContactPoints(options.contactPoints, options.port ?? 9042, options.resolver ?? dnsResolver, this.clock, options.connectTimeoutMs ?? 5000);
    this.metadata = new ClusterMetadata(metadataScope(options.metadata), {
      runner: this.runner,
      assertReady: () => this.assertConnected(),
      onRefreshed: (differences) => this.schemaPublisher.differences(differences),
    });
    this.schemaPublisher = new SchemaPublisher({
      metadata: this.metadata,
      runner: this.runner,
      isClosed: () => this.state === 'closed',
      refresh: (changes) => this.refreshSchema(changes),
      onSchemaEvent: (change) => this.onSchemaEvent(change),
      publish: (event) => this.publish(event),
      log: (level, message) => this.log(level, message),
    });
    this.timeouts = new TimeoutQueue(this.clock);
    this.timestampGenerator = options.timestampGenerator ?? new MonotonicTimestampGenerator({
      onDriftWarning: (aheadMs) => this.log('warn', `timestamps run ${aheadMs.toFixed(0)} ms ahead of the wall clock (more than 1000 ms of writes per millisecond, or the clock stepped back)`),
    });
    this.profiles = resolveProfiles(options);
    this.reconnection = options.reconnection ?? new ExponentialReconnectionPolicy();
    const defaultLbp = this.profile().loadBalancing;
    this.registry = new HostRegistry({
      pool: (distance) => ({
        size: distance === 'local' ? options.pooling?.localConnections ?? 1 : options.pooling?.remoteConnections ?? 1,
        connection: this.connectionOptions(),
        reconnection: this.reconnection,
        clock: this.clock,
      }),
      distance: (host) => defaultLbp.distance(host),
      publish: (e) => this.publish(e),
      onHostUp: (host, pool) => this.onHostUp(host, pool),
      onHostRemoved: (host) => this.onHostRemoved(host),
    });
    this.control = new ControlConnection({
      connectionOptions: () => ({ ...this.connectionOptions(), host: '', heartbeat: { intervalMs: options.pooling?.heartbeatIntervalMs ?? 30_000, timeoutMs: options.pooling?.heartbeatTimeoutMs ?? 12_000 } }),
      reconnection: this.reconnection,
      clock: this.clock,
      debounceMs: options.refreshDebounceMs ?? 200,
      defaultPort: options.port ?? 9042,
      translate: options.addressTranslator ?? ((address, port) => ({ address, port })),
      candidates: () => this.contactPoints.candidates(this.registry.all(), (level, message) => this.log(level, message)),
    }, {
      onTopology: (infos, partitioner) => this.onTopology(infos, partitioner),
      onStatusChange: (change, endpoint) => this.registry.onServerStatus(change, endpoint),
      onSchemaChanges: (changes) => this.schemaPublisher.changes(changes),
      onSchemaResync: () => this.schemaPublisher.resync(),
      log: (level, message) => this.log(level, message),
      onControlHost: (endpoint, reason) => this.log(endpoint ? 'info' : 'warn', endpoint ? `control connection on ${endpoint}` : `control connection lost: ${reason}`),
    });
  }

  /** Snapshots of cluster and per-host metrics every `intervalMs` (default 1000) while subscribed. */
  metrics$(intervalMs = 1000): Observable<MetricsSnapshot> {
    return interval(intervalMs).pipe(map(() => this.metrics()), takeUntil(this.closed$), share());
  }

  metrics(): MetricsSnapshot {
    return this.metricsStore.snapshot(this.registry.allPools());
  }

  /** Every known host, with its current state. */
  hosts(): readonly Host[] {
    return this.registry.all();
  }

  get isConnected(): boolean {
    return this.state === 'connected';
  }

  /** Host the control connection is on (null while it reconnects). */
  get controlHost(): string | null {
    return this.control.endpoint;
  }

  /** Protocol version agreed with the first host (every pool uses it as its maximum). */
  get protocolVersion(): ProtocolVersion {
    return this.agreedVersion ?? this.options.maxProtocolVersion ?? 5;
  }

  /** Connects (once; later calls wait for the same connection). */
  protected connectCore(): Promise<void> {
    if (this.state === 'closed') return Promise.reject(new ClusterStateError('The cluster was shut down'));
    this.connecting ??= this.doConnect().catch(async (e: unknown) => {
      this.connecting = null;
      this.state = 'new';
      this.control.close();
      await this.registry.close();
      throw e;
    });
    return this.connecting;
  }

  /** Closes every connection and timer and completes every Observable. Idempotent. */
  async shutdown(): Promise<void> {
    if (this.state === 'closed') return;
    this.state = 'closed';
    this.timeouts.clear();
    this.control.close();
    await this.registry.close();
    this.closed$.next();
    this.closed$.complete();
    this.bus.complete();
  }

  /** @internal Throws ClusterStateError unless connected. */
  assertConnected(): void {
    if (this.state === 'closed') throw new ClusterStateError('The cluster was shut down; create a new Cluster');
    if (this.state !== 'connected') throw new ClusterStateError('The cluster is not connected; call connect() first');
  }

  /** @internal */
  profile(name = 'default'): ResolvedProfile {
    const p = this.profiles.get(name);
    if (!p) throw new ClusterStateError(`Unknown execution profile "${name}" (known: ${[...this.profiles.keys()].join(', ')})`);
    return p;
  }

  /** @internal */
  pool(host: HostView): HostPool | undefined {
    return this.registry.pool(host);
  }

  /** @internal */
  publish(event: ClusterEvent): void {
    if (event.type === 'request') this.metricsStore.record(event);
    if (this.state !== 'closed' && this.bus.observed) this.bus.next(event);
  }

  /** @internal Whether anyone listens to the bus (executions skip building records otherwise). */
  get busObserved(): boolean {
    return this.bus.observed;
  }

  /** @internal Counts a finished execution in the metrics without a bus record. */
  countRequest(host: string | undefined, latencyMs: number, retries: number, speculative: number, error: string | undefined): void {
    this.metricsStore.count(host, latencyMs, retries, speculative, error);
  }

  /**
   * Waits until every host that is not down reports the same schema version (each asked on its
   * own pool), at most `timeoutMs` (default: the `schemaAgreementTimeoutMs` option). Resolves
   * false when they still disagree at the deadline.
   */
  awaitSchemaAgreement(timeoutMs = this.options.schemaAgreementTimeoutMs ?? 10_000): Promise<boolean> {
    const sources: AgreementSources = {
      hosts: () => this.registry.all().filter((h) => h.state !== 'down').map((h) => ({ endpoint: h.endpoint, connection: this.registry.pool(h)?.borrow() ?? null })),
      gossip: () => this.control.schemaVersions(),
      closed: () => this.state === 'closed',
      clock: this.clock,
    };
    return awaitSchemaAgreement(sources, timeoutMs);
  }

  /** @internal After a schema-changing statement: wait for agreement (bounded), refresh, publish. */
  async afterSchemaChange(change: SchemaChange): Promise<boolean> {
    const agreed = await this.awaitSchemaAgreement();
    // The bus event comes from the control connection's SCHEMA_CHANGE; here only the metadata matters.
    this.onSchemaEvent(change);
    await this.refreshSchema([change]);
    return agreed;
  }

  /** Hook: a schema change (our own DDL's answer or a server event): e.g. mark prepared statements stale. */
  protected onSchemaEvent(_change: SchemaChange | SchemaChangeEvent): void {
    // overridden by the session layer
  }

  /** Hook: a host left the cluster. */
  protected onHostRemoved(_host: Host): void {
    // overridden by the session layer (keyspace pools)
  }

  /** Hook: a host came (back) up. */
  protected onHostUp(_host: Host, _pool: HostPool): void {
    // overridden by the session layer (re-prepare)
  }

  /** Brings the schema snapshot up to date with these changes. */
  protected async refreshSchema(changes: readonly SchemaChange[]): Promise<void> {
    await this.metadata.refreshSchema(this.runner, changes);
  }

  /** Schema queries go through the control connection, wherever it currently is. */
  private readonly runner = { query: (cql: string, params?: readonly unknown[]) => this.control.query(cql, params) };

  protected log(level: LogEvent['level'], message: string): void {
    this.publish({ type: 'log', level, message, at: Date.now() });
  }

  private async doConnect(): Promise<void> {
    this.state = 'connecting';
    const resolved = await this.contactPoints.resolve();
    if (resolved.endpoints.length === 0) throw new NoHostAvailableError(resolved.errors, 'No contact point could be resolved');
    for (const e of resolved.errors.values()) this.log('warn', e.message);
    await this.control.connect(resolved.endpoints);
    this.agreedVersion = (this.control.protocolVersion ?? undefined) as ProtocolVersion | undefined;
    const controlHost = this.control.endpoint ? this.registry.get(this.control.endpoint) : undefined;
    this.contactDc = controlHost?.datacenter;
    await this.metadata.loadSchema(this.runner);
    const view = this.clusterView();
    for (const p of this.profiles.values()) p.loadBalancing.init(view);
    const opening = this.registry.syncPools();
    if (this.options.pooling?.warmup !== false) {
      const results = await Promise.allSettled(opening);
      if (opening.length > 0 && results.every((r) => r.status === 'rejected')) {
        const errors = new Map<string, Error>();
        results.forEach((r, i) => r.status === 'rejected' && errors.set(`pool ${i}`, r.reason as Error));
        throw new NoHostAvailableError(errors, 'No host pool could be opened');
      }
    }
    this.state = 'connected';
  }

  private clusterView(): ClusterView {
    return {
      hosts: () => this.registry.all(),
      contactDatacenter: () => this.contactDc,
      replicas: (keyspace, key) => this.metadata.getReplicas(keyspace, key),
      // Orphaned ids count: a node that stopped answering must not look idle.
      inFlight: (host) => this.registry.pool(host)?.load ?? 0,
      oldestInFlightAgeMs: (host) => this.registry.pool(host)?.oldestInFlightAgeMs(this.clock.now()) ?? 0,
      stateVersion: () => this.registry.version,
    };
  }

  /** What every connection is opened with; the agreed protocol version once known. */
  private connectionOptions(): Omit<ConnectionOptions, 'host' | 'port'> {
    return connectionOptionsOf(this.options, this.agreedVersion ?? this.options.maxProtocolVersion ?? 5, this.clock);
  }

  private onTopology(infos: Parameters<HostRegistry['applyTopology']>[0], partitioner: string | undefined): void {
    if (this.state === 'closed') return;
    const changed = this.registry.applyTopology(infos);
    if (changed || !this.metadata.tokenMap) this.metadata.rebuildTokenMap(this.registry.all(), partitioner);
    if (this.state === 'connected') this.registry.syncPools().forEach((p) => p.catch(() => undefined));
  }
}
