/**
 * How the cluster core's parts are built from its options: the host registry (pool settings,
 * distance, events) and the control connection (heartbeat, debounce, address translation,
 * contact points). Kept apart from the core so that the core reads as its lifecycle only.
 */
import type { Clock } from '../connection/clock';
import type { ConnectionOptions } from '../connection/connection-options';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { ClusterView, LoadBalancingPolicy } from '../policies/load-balancing-policy';
import type { ClusterEvent, LogEvent } from './cluster-events';
import type { ClusterMetadata } from './cluster-metadata';
import type { ClusterOptions } from './cluster-options';
import { ContactPoints, dnsResolver } from './contact-points';
import { ControlConnection } from './control-connection';
import { HostRegistry, type RegistrySettings } from './host-registry';
import type { SchemaPublisher } from './schema-publisher';
import { connectionOptionsOf, type ResolvedClusterSettings } from './resolve-options';

/** What the wiring reads from the core. */
export interface CoreWiring {
  readonly metadata: ClusterMetadata;
  /** The datacenter of the first host connected to. */
  readonly contactDc: string | undefined;
  readonly options: ClusterOptions;
  readonly settings: ResolvedClusterSettings;
  readonly clock: Clock;
  readonly registry: HostRegistry;
  /** The version agreed with the first host once known, else the configured maximum (every connection's maximum). */
  readonly protocolVersion: ProtocolVersion;
  /** Whether `protocolVersion` was agreed with a host (then no connection steps down from it). */
  readonly versionAgreed: boolean;
  publish(event: ClusterEvent): void;
  log(level: LogEvent['level'], message: string): void;
  onTopology(infos: Parameters<HostRegistry['applyTopology']>[0], partitioner: string | undefined): void;
  readonly schemaPublisher: SchemaPublisher;
}

/** What every connection is opened with; the agreed protocol version once known. */
function connectionOptions(core: CoreWiring): Omit<ConnectionOptions, 'host' | 'port'> {
  return connectionOptionsOf(core.options, core.settings, core.protocolVersion, core.clock, core.versionAgreed);
}

export function wireRegistry(core: CoreWiring, loadBalancing: LoadBalancingPolicy, hooks: Pick<RegistrySettings, 'onHostUp' | 'onHostRemoved'>): HostRegistry {
  const reconnection = core.settings.reconnection;
  return new HostRegistry({
    pool: (distance) => ({
      size: distance === 'local' ? core.settings.localConnections : core.settings.remoteConnections,
      connection: connectionOptions(core),
      reconnection,
      clock: core.clock,
    }),
    distance: (host) => loadBalancing.distance(host),
    publish: (e) => core.publish(e),
    ...hooks,
  });
}

export function wireControl(core: CoreWiring): [ControlConnection, ContactPoints] {
  const { options, settings, clock } = core;
  const contactPoints = new ContactPoints(options.contactPoints, settings.port, options.resolver ?? dnsResolver, clock, settings.connectTimeoutMs);
  const control = new ControlConnection({
    connectionOptions: () => ({ ...connectionOptions(core), host: '', heartbeat: settings.heartbeat }),
    reconnection: settings.reconnection,
    clock,
    debounceMs: settings.refreshDebounceMs,
    defaultPort: settings.port,
    translate: options.addressTranslator ?? ((address, port) => ({ address, port })),
    candidates: () => contactPoints.candidates(core.registry.all(), (level, message) => core.log(level, message)),
  }, {
    onTopology: (infos, partitioner) => core.onTopology(infos, partitioner),
    onStatusChange: (change, endpoint) => core.registry.onServerStatus(change, endpoint),
    onSchemaChanges: (changes) => core.schemaPublisher.changes(changes),
    onSchemaResync: () => core.schemaPublisher.resync(),
    log: (level, message) => core.log(level, message),
    onControlHost: (endpoint, reason) => core.log(endpoint ? 'info' : 'warn', endpoint ? `control connection on ${endpoint}` : `control connection lost: ${reason}`),
  });
  return [control, contactPoints];
}

/** What load-balancing policies see of the cluster. */
export function clusterViewOf(core: CoreWiring): ClusterView {
  return {
    hosts: () => core.registry.all(),
    contactDatacenter: () => core.contactDc,
    replicas: (keyspace, key) => core.metadata.getReplicas(keyspace, key),
    // Orphaned ids count: a node that stopped answering must not look idle.
    inFlight: (host) => core.registry.pool(host)?.load ?? 0,
    oldestInFlightAgeMs: (host) => core.registry.pool(host)?.oldestInFlightAgeMs(core.clock.now()) ?? 0,
    stateVersion: () => core.registry.version,
  };
}
