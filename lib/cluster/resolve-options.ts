/**
 * The one home of cluster option defaults and their resolution: every default is written here
 * once (connection-level ones come from `CONNECTION_DEFAULTS`), and the rest of the cluster reads
 * resolved values, never `option ?? literal`.
 */
import { PlainTextAuthProvider } from '../connection/auth';
import type { Clock } from '../connection/clock';
import { CONNECTION_DEFAULTS, type ConnectionOptions } from '../connection/connection-options';
import type { HeartbeatOptions } from '../connection/heartbeat';
import { Consistency } from '../protocol/consistency';
import type { ProtocolVersion } from '../protocol/opcodes';
import { ExponentialReconnectionPolicy, type ReconnectionPolicy } from '../policies/reconnection';
import type { ClusterOptions } from './cluster-options';

/** Defaults of every cluster option that has one (the option docs in cluster-options.ts quote these). */
export const CLUSTER_DEFAULTS = {
  port: CONNECTION_DEFAULTS.port,
  connectTimeoutMs: CONNECTION_DEFAULTS.connectTimeoutMs,
  maxProtocolVersion: CONNECTION_DEFAULTS.maxProtocolVersion,
  compression: CONNECTION_DEFAULTS.compression,
  localConnections: 1,
  remoteConnections: 1,
  maxRequestsPerConnection: CONNECTION_DEFAULTS.maxRequestsPerConnection,
  maxQueuePerConnection: CONNECTION_DEFAULTS.maxQueuePerConnection,
  heartbeatIntervalMs: CONNECTION_DEFAULTS.heartbeatIntervalMs,
  heartbeatTimeoutMs: CONNECTION_DEFAULTS.heartbeatTimeoutMs,
  refreshDebounceMs: 200,
  schemaAgreementTimeoutMs: 10_000,
  consistency: Consistency.LOCAL_ONE,
  serialConsistency: Consistency.SERIAL,
  timeoutMs: 12_000,
  fetchSize: 5000,
  preparedCacheSize: 1000,
} as const;

/** Cluster-level settings with every default applied. */
export interface ResolvedClusterSettings {
  readonly port: number;
  readonly connectTimeoutMs: number;
  readonly localConnections: number;
  readonly remoteConnections: number;
  readonly heartbeat: HeartbeatOptions;
  readonly refreshDebounceMs: number;
  readonly schemaAgreementTimeoutMs: number;
  readonly warmup: boolean;
  /** One policy for every pool and the control connection. */
  readonly reconnection: ReconnectionPolicy;
}

export function resolveClusterSettings(o: ClusterOptions): ResolvedClusterSettings {
  const p = o.pooling ?? {};
  return {
    port: o.port ?? CLUSTER_DEFAULTS.port,
    connectTimeoutMs: o.connectTimeoutMs ?? CLUSTER_DEFAULTS.connectTimeoutMs,
    localConnections: p.localConnections ?? CLUSTER_DEFAULTS.localConnections,
    remoteConnections: p.remoteConnections ?? CLUSTER_DEFAULTS.remoteConnections,
    heartbeat: {
      intervalMs: p.heartbeatIntervalMs ?? CLUSTER_DEFAULTS.heartbeatIntervalMs,
      timeoutMs: p.heartbeatTimeoutMs ?? CLUSTER_DEFAULTS.heartbeatTimeoutMs,
    },
    refreshDebounceMs: o.refreshDebounceMs ?? CLUSTER_DEFAULTS.refreshDebounceMs,
    schemaAgreementTimeoutMs: o.schemaAgreementTimeoutMs ?? CLUSTER_DEFAULTS.schemaAgreementTimeoutMs,
    warmup: p.warmup ?? true,
    reconnection: o.reconnection ?? new ExponentialReconnectionPolicy(),
  };
}

/** What every connection of the cluster (pools and control connection) is opened with. */
/**
 * What every connection of a cluster is opened with. `versionAgreed`: `maxProtocolVersion` is the
 * version agreed with the first host, and no connection steps down from it.
 */
export function connectionOptionsOf(o: ClusterOptions, s: ResolvedClusterSettings, maxProtocolVersion: ProtocolVersion, clock: Clock,
  versionAgreed = false): Omit<ConnectionOptions, 'host' | 'port'> {
  const p = o.pooling ?? {};
  const auth = o.authProvider ?? (o.credentials ? new PlainTextAuthProvider(o.credentials.username, o.credentials.password) : undefined);
  return {
    maxProtocolVersion,
    ...(versionAgreed ? { stepDownVersion: false } : {}),
    compression: o.compression ?? CLUSTER_DEFAULTS.compression,
    lz4: o.lz4 ?? 'auto',
    ...(auth ? { authProvider: auth } : {}),
    ...(o.tls ? { tls: o.tls } : {}),
    connectTimeoutMs: s.connectTimeoutMs,
    heartbeat: s.heartbeat,
    maxRequestsPerConnection: p.maxRequestsPerConnection ?? CLUSTER_DEFAULTS.maxRequestsPerConnection,
    maxQueuePerConnection: p.maxQueuePerConnection ?? CLUSTER_DEFAULTS.maxQueuePerConnection,
    ...(p.maxOrphansPerConnection !== undefined ? { maxOrphansPerConnection: p.maxOrphansPerConnection } : {}),
    useBigInt: o.useBigInt ?? false,
    clock,
  };
}
