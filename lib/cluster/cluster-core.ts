/**
 * The cluster core (internal): everything that outlives a request (control connection, hosts and
 * pools, metadata, metrics) and the one event bus with its typed views. The public `Cluster`
 * (session layer) holds one privately and adds sessions and prepared statements; it follows the
 * core through subscriptions (`hostsUp$`, `hostsRemoved$`, `schemaEvents$`), not by overriding it.
 */
import { defer, filter, interval, map, Observable, share, startWith, Subject, Subscription, takeUntil, type OperatorFunction } from 'rxjs';
import { systemClock, type Clock } from '../connection/clock';
import { TimeoutQueue } from '../connection/timeout-queue';
import { ClusterStateError, NoHostAvailableError } from '../errors/client-errors';
import type { SchemaChange } from '../protocol/events';
import type { ProtocolVersion } from '../protocol/opcodes';
import { MonotonicTimestampGenerator, type TimestampGenerator } from '../policies/timestamp-generator';
import type { ClusterEvent, HostEvent, LogEvent, RequestRecord, SchemaChangeEvent } from './cluster-events';
import { ClusterMetadata } from './cluster-metadata';
import { validateClusterOptions, type ClusterOptions } from './cluster-options';
import { clusterViewOf, wireControl, wireRegistry, type CoreWiring } from './core-wiring';
import type { ContactPoints } from './contact-points';
import type { ControlConnection } from './control-connection';
import { metadataScope, validateMetadataOptions } from './metadata-options';
import type { Host, HostSnapshot } from './host';
import type { HostPool } from './host-pool';
import type { HostRegistry } from './host-registry';
import { ClusterMetrics, type MetricsSnapshot } from './metrics';
import { resolveProfiles, type ResolvedProfile } from './profiles';
import type { RequestStats } from './request-stats';
import { resolveClusterSettings, type ResolvedClusterSettings } from './resolve-options';
import { awaitSchemaAgreement, type AgreementSources } from './schema-agreement';
import { SchemaPublisher } from './schema-publisher';

type State = 'new' | 'connecting' | 'connected' | 'closed';

const ofType = <T extends ClusterEvent>(type: T['type']): OperatorFunction<ClusterEvent, T> =>
  filter((e: ClusterEvent): e is T => e.type === type);

export class ClusterCore implements CoreWiring {
  readonly metadata: ClusterMetadata;
  readonly clock: Clock;
  readonly timestampGenerator: TimestampGenerator;
  /** Execution timeouts: one timer per distinct duration. */
  readonly timeouts: TimeoutQueue;
  readonly options: ClusterOptions;
  readonly settings: ResolvedClusterSettings;
  readonly registry: HostRegistry;
  readonly control: ControlConnection;
  private readonly contactPoints: ContactPoints;
  private readonly profiles: ReadonlyMap<string, ResolvedProfile>;
  private readonly bus = new Subject<ClusterEvent>();
  private readonly metricsStore = new ClusterMetrics();
  /** RequestStats fed by `countRequest` / `publish` (copied on change: executions iterate it). */
  private statsSinks: readonly RequestStats[] = [];
  readonly schemaPublisher: SchemaPublisher;
  private readonly up = new Subject<{ readonly host: Host; readonly pool: HostPool }>();
  private readonly removed = new Subject<Host>();
  private readonly schemaEvents = new Subject<SchemaChange | SchemaChangeEvent>();
  /** Schema changes once the metadata reflects them (what `schemaChanges$` shows), bus or no bus. */
  private readonly schemaApplied = new Subject<SchemaChangeEvent>();
  private readonly closing = new Subject<void>();
  private state: State = 'new';
  private connecting: Promise<void> | null = null;
  /** The datacenter of the first host connected to (default local datacenter). */
  contactDc: string | undefined;
  /** The version agreed with the first host, once known. */
  agreedVersion: ProtocolVersion | undefined;

  readonly events$: Observable<ClusterEvent> = this.bus.asObservable();
  readonly hostEvents$: Observable<HostEvent> = this.events$.pipe(ofType<HostEvent>('host'));
  readonly schemaChanges$: Observable<SchemaChangeEvent> = this.events$.pipe(ofType<SchemaChangeEvent>('schema'));
  readonly requests$: Observable<RequestRecord> = this.events$.pipe(ofType<RequestRecord>('request'));
  readonly log$: Observable<LogEvent> = this.events$.pipe(ofType<LogEvent>('log'));
  readonly hosts$: Observable<readonly HostSnapshot[]> = defer(() =>
    this.hostEvents$.pipe(startWith(null), map(() => this.hosts().map((h) => h.snapshot()))));
  /** A host came (back) up with its pool (e.g. re-prepare statements on it). */
  readonly hostsUp$ = this.up.asObservable();
  /** A host left the cluster; its pool is already closed. */
  readonly hostsRemoved$ = this.removed.asObservable();
  /** Every schema change (our own DDL's answer or a server event), before it is published. */
  readonly schemaEvents$ = this.schemaEvents.asObservable();
  /**
   * @internal The schema changes of `schemaChanges$`, for the driver's own listeners: subscribing
   * to the bus would make it observed, and every execution would then build a request record.
   */
  readonly schemaApplied$ = this.schemaApplied.asObservable();

  constructor(options: ClusterOptions) {
    validateClusterOptions(options);
    validateMetadataOptions(options.metadata);
    this.options = options;
    this.settings = resolveClusterSettings(options);
    this.clock = options.clock ?? systemClock;
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
      onSchemaEvent: (change) => this.schemaEvents.next(change),
      publish: (event) => this.publish(event),
      log: (level, message) => this.log(level, message),
    });
    this.timeouts = new TimeoutQueue(this.clock);
    this.timestampGenerator = options.timestampGenerator ?? new MonotonicTimestampGenerator({
      onDriftWarning: (aheadMs) => this.log('warn', `timestamps run ${aheadMs.toFixed(0)} ms ahead of the wall clock (more than 1000 ms of writes per millisecond, or the clock stepped back)`),
    });
    this.profiles = resolveProfiles(options);
    this.registry = wireRegistry(this, this.profile().loadBalancing, {
      onHostUp: (host, pool) => this.up.next({ host, pool }),
      onHostRemoved: (host) => this.removed.next(host),
    });
    [this.control, this.contactPoints] = wireControl(this);
  }

  metrics$(intervalMs = 1000): Observable<MetricsSnapshot> {
    return interval(intervalMs).pipe(map(() => this.metrics()), takeUntil(this.closing), share());
  }

  metrics(): MetricsSnapshot {
    return this.metricsStore.snapshot(this.registry.allPools());
  }

  hosts(): readonly Host[] {
    return this.registry.all();
  }

  get isConnected(): boolean {
    return this.state === 'connected';
  }

  get isClosed(): boolean {
    return this.state === 'closed';
  }

  /** Host the control connection is on (null while it reconnects). */
  get controlHost(): string | null {
    return this.control.endpoint;
  }

  get protocolVersion(): ProtocolVersion {
    return this.agreedVersion ?? this.options.maxProtocolVersion ?? 5;
  }

  get versionAgreed(): boolean {
    return this.agreedVersion !== undefined;
  }

  /** Connects (once; later calls wait for the same connection). */
  connect(): Promise<void> {
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
    this.closing.next();
    for (const s of [this.up, this.removed, this.schemaEvents, this.schemaApplied, this.closing]) s.complete();
    this.bus.complete();
  }

  /** Throws ClusterStateError unless connected. */
  assertConnected(): void {
    if (this.state === 'closed') throw new ClusterStateError('The cluster was shut down; create a new Cluster');
    if (this.state !== 'connected') throw new ClusterStateError('The cluster is not connected; call connect() first');
  }

  profile(name = 'default'): ResolvedProfile {
    const p = this.profiles.get(name);
    if (!p) throw new ClusterStateError(`Unknown execution profile "${name}" (known: ${[...this.profiles.keys()].join(', ')})`);
    return p;
  }

  publish(event: ClusterEvent): void {
    if (event.type === 'request') {
      this.metricsStore.record(event);
      for (const s of this.statsSinks) s.record(event);
    }
    else if (event.type === 'schema') this.schemaApplied.next(event);
    if (this.state !== 'closed' && this.bus.observed) this.bus.next(event);
  }

  /** Whether anyone listens to the bus (executions skip building records otherwise). */
  get busObserved(): boolean {
    return this.bus.observed;
  }

  /** Counts a finished (not cancelled) execution in the metrics and the stats sinks, without a bus record. */
  countRequest(host: string | undefined, keyspace: string | undefined, query: string, latencyMs: number, retries: number, speculative: number, error: string | undefined): void {
    this.metricsStore.count(host, latencyMs, retries, speculative, error);
    for (const s of this.statsSinks) s.count(host, keyspace, query, error, latencyMs, retries, speculative);
  }

  /** Feeds `stats` with every finished execution from now on (see `Cluster.collectRequestStats`). */
  collectRequestStats(stats: RequestStats): Subscription {
    this.statsSinks = [...this.statsSinks, stats];
    return new Subscription(() => {
      this.statsSinks = this.statsSinks.filter((s) => s !== stats);
    });
  }

  awaitSchemaAgreement(timeoutMs = this.settings.schemaAgreementTimeoutMs): Promise<boolean> {
    const sources: AgreementSources = {
      hosts: () => this.registry.all().filter((h) => h.state !== 'down').map((h) => ({ endpoint: h.endpoint, connection: this.registry.pool(h)?.borrow() ?? null })),
      gossip: () => this.control.schemaVersions(),
      closed: () => this.state === 'closed',
      clock: this.clock,
    };
    return awaitSchemaAgreement(sources, timeoutMs);
  }

  /** After a schema-changing statement: wait for agreement (bounded), refresh, publish. */
  async afterSchemaChange(change: SchemaChange): Promise<boolean> {
    const agreed = await this.awaitSchemaAgreement();
    // The bus event comes from the control connection's SCHEMA_CHANGE; here only the metadata matters.
    this.schemaEvents.next(change);
    await this.refreshSchema([change]);
    return agreed;
  }

  log(level: LogEvent['level'], message: string): void {
    this.publish({ type: 'log', level, message, at: Date.now() });
  }

  /** Schema queries go through the control connection, wherever it currently is. */
  readonly runner = { query: (cql: string, params?: readonly unknown[]) => this.control.query(cql, params) };

  /** The topology was read (control connection): apply it, rebuild the token map, open pools. */
  onTopology(infos: Parameters<HostRegistry['applyTopology']>[0], partitioner: string | undefined): void {
    if (this.state === 'closed') return;
    const changed = this.registry.applyTopology(infos);
    if (changed || !this.metadata.tokenMap) this.metadata.rebuildTokenMap(this.registry.all(), partitioner);
    if (this.state === 'connected') this.registry.syncPools().forEach((p) => p.catch(() => undefined));
  }

  private async refreshSchema(changes: readonly SchemaChange[]): Promise<void> {
    await this.metadata.refreshSchema(this.runner, changes);
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
    const view = clusterViewOf(this);
    for (const p of this.profiles.values()) p.loadBalancing.init(view);
    const opening = this.registry.syncPools();
    if (this.settings.warmup) {
      const results = await Promise.allSettled(opening);
      if (opening.length > 0 && results.every((r) => r.status === 'rejected')) {
        const errors = new Map<string, Error>();
        results.forEach((r, i) => r.status === 'rejected' && errors.set(`pool ${i}`, r.reason as Error));
        throw new NoHostAvailableError(errors, 'No host pool could be opened');
      }
    }
    this.state = 'connected';
  }
}
