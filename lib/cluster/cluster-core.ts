/**
 * The cluster core: everything that outlives a request (control connection, hosts and pools,
 * metadata, metrics) and the one event bus with its typed views. The public `Cluster` (session
 * layer) extends it with sessions and prepared statements.
 */
import { lookup } from 'node:dns/promises';
import { isIP } from 'node:net';
import { defer, filter, interval, map, Observable, share, startWith, Subject, takeUntil, type OperatorFunction } from 'rxjs';
import { PlainTextAuthProvider } from '../connection/auth';
import { systemClock, type Clock } from '../connection/clock';
import type { ConnectionOptions } from '../connection/connection-options';
import { TimeoutQueue } from '../connection/timeout-queue';
import { ClusterStateError, NoHostAvailableError } from '../errors/client-errors';
import type { SchemaChange } from '../protocol/events';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { ClusterView } from '../policies/load-balancing-policy';
import { ExponentialReconnectionPolicy, type ReconnectionPolicy } from '../policies/reconnection';
import { MonotonicTimestampGenerator, type TimestampGenerator } from '../policies/timestamp-generator';
import type { ClusterEvent, HostEvent, LogEvent, RequestRecord, SchemaChangeEvent } from './cluster-events';
import { ClusterMetadata } from './cluster-metadata';
import { parseContactPoint, validateClusterOptions, type ClusterOptions } from './cluster-options';
import { ControlConnection, type Endpoint } from './control-connection';
import type { Host, HostSnapshot } from './host';
import type { HostPool } from './host-pool';
import { HostRegistry } from './host-registry';
import { ClusterMetrics, type MetricsSnapshot } from './metrics';
import { resolveProfiles, type ResolvedProfile } from './profiles';
import { awaitSchemaAgreement, type AgreementSources } from './schema-agreement';
import { differenceToEvent, toSchemaEvent } from './schema-events';

type State = 'new' | 'connecting' | 'connected' | 'closed';

const ofType = <T extends ClusterEvent>(type: T['type']): OperatorFunction<ClusterEvent, T> =>
  filter((e: ClusterEvent): e is T => e.type === type);

export class ClusterCore {
  readonly metadata = new ClusterMetadata();
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
  private contactEndpoints: Endpoint[] = [];
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
    this.options = options;
    this.clock = options.clock ?? systemClock;
    this.timeouts = new TimeoutQueue(this.clock);
    this.timestampGenerator = options.timestampGenerator ?? new MonotonicTimestampGenerator();
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
    });
    this.control = new ControlConnection({
      connectionOptions: () => ({ ...this.connectionOptions(), host: '', heartbeat: { intervalMs: options.pooling?.heartbeatIntervalMs ?? 30_000, timeoutMs: options.pooling?.heartbeatTimeoutMs ?? 12_000 } }),
      reconnection: this.reconnection,
      clock: this.clock,
      debounceMs: options.refreshDebounceMs ?? 200,
      defaultPort: options.port ?? 9042,
      translate: options.addressTranslator ?? ((address, port) => ({ address, port })),
      candidates: () => [
        ...this.registry.all().filter((h) => h.state !== 'down').map((h) => ({ host: h.address, port: h.port })),
        ...this.contactEndpoints,
      ],
    }, {
      onTopology: (infos, partitioner) => this.onTopology(infos, partitioner),
      onStatusChange: (change, endpoint) => this.registry.onServerStatus(change, endpoint),
      onSchemaChanges: (changes) => this.onSchemaChanges(changes),
      onSchemaResync: () => this.onSchemaResync(),
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
  pool(host: Host): HostPool | undefined {
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
    this.contactEndpoints = await resolveContactPoints(this.options.contactPoints, this.options.port ?? 9042);
    await this.control.connect(this.contactEndpoints);
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
      inFlight: (host) => this.registry.pool(host)?.inFlight ?? 0,
      oldestInFlightAgeMs: (host) => this.registry.pool(host)?.oldestInFlightAgeMs(this.clock.now()) ?? 0,
      stateVersion: () => this.registry.version,
    };
  }

  private connectionOptions(): Omit<ConnectionOptions, 'host' | 'port'> {
    const o = this.options;
    const p = o.pooling ?? {};
    const auth = o.authProvider ?? (o.credentials ? new PlainTextAuthProvider(o.credentials.username, o.credentials.password) : undefined);
    return {
      maxProtocolVersion: this.agreedVersion ?? o.maxProtocolVersion ?? 5,
      compression: o.compression ?? 'lz4',
      ...(auth ? { authProvider: auth } : {}),
      ...(o.tls ? { tls: o.tls } : {}),
      ...(o.connectTimeoutMs !== undefined ? { connectTimeoutMs: o.connectTimeoutMs } : {}),
      heartbeat: { intervalMs: p.heartbeatIntervalMs ?? 30_000, timeoutMs: p.heartbeatTimeoutMs ?? 12_000 },
      maxRequests: p.maxRequestsPerConnection ?? 2048,
      maxQueueSize: p.maxQueuePerConnection ?? 1024,
      ...(p.maxOrphansPerConnection !== undefined ? { orphanLimit: p.maxOrphansPerConnection } : {}),
      useBigInt: o.useBigInt ?? false,
      clock: this.clock,
    };
  }

  private onTopology(infos: Parameters<HostRegistry['applyTopology']>[0], partitioner: string | undefined): void {
    if (this.state === 'closed') return;
    const changed = this.registry.applyTopology(infos);
    if (changed || !this.metadata.tokenMap) this.metadata.rebuildTokenMap(this.registry.all(), partitioner);
    if (this.state === 'connected') this.registry.syncPools().forEach((p) => p.catch(() => undefined));
  }

  private async onSchemaChanges(changes: readonly SchemaChange[]): Promise<void> {
    if (this.state === 'closed') return;
    await this.refreshSchema(changes);
    const seen = new Set<string>();
    for (const c of changes) {
      // A TABLE change may concern a materialized view (dropped ones included).
      const isView = c.target === 'TABLE' && c.name !== null && this.metadata.isView(c.keyspace, c.name);
      const e = toSchemaEvent(c, isView);
      const key = `${e.change}|${e.target}|${e.keyspace}|${e.name ?? ''}|${(e.argTypes ?? []).join(',')}`;
      if (seen.has(key)) continue;
      seen.add(key);
      this.onSchemaEvent(c);
      this.publish(e);
    }
  }

  /** The control connection is back: the whole schema read again, each difference published as its DDL's event. */
  private async onSchemaResync(): Promise<void> {
    if (this.state === 'closed') return;
    const differences = await this.metadata.resyncSchema(this.runner);
    this.log('info', `schema read again after the control connection returned: ${differences.length} change(s)`);
    for (const d of differences) {
      const e = differenceToEvent(d);
      this.onSchemaEvent(e);
      this.publish(e);
    }
  }
}

async function resolveContactPoints(points: readonly string[], defaultPort: number): Promise<Endpoint[]> {
  const out: Endpoint[] = [];
  for (const cp of points) {
    const { host, port } = parseContactPoint(cp, defaultPort);
    if (isIP(host)) {
      out.push({ host, port });
      continue;
    }
    const addresses = await lookup(host, { all: true }).catch(() => []);
    for (const a of addresses) out.push({ host: a.address, port });
  }
  return out;
}
