/**
 * Cluster options: one interface per concern, every field with its unit and default. Validated at
 * construction; a wrong option fails with an `OptionError` naming it.
 */
import type { Consistency, SerialConsistency } from '../protocol/consistency';
import { OptionError } from '../errors/option-errors';
import type { AuthProvider } from '../connection/auth';
import type { Clock } from '../connection/clock';
import type { TlsOptions } from '../connection/open-socket';
import { nativeLz4Module, type Lz4Implementation } from '../protocol/native-lz4';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { LoadBalancingPolicy } from '../policies/load-balancing-policy';
import type { ReconnectionPolicy } from '../policies/reconnection';
import type { RetryPolicy } from '../policies/retry';
import type { SpeculativeExecutionPolicy } from '../policies/speculative-execution';
import type { TimestampGenerator } from '../policies/timestamp-generator';
import type { HostResolver } from './contact-points';
import type { MetadataOptions } from './metadata-options';

export interface PoolingOptions {
  /** Connections per host at distance `local`. Default 1 (one v5 connection carries thousands of requests). */
  localConnections?: number;
  /** Connections per host at distance `remote`. Default 1. */
  remoteConnections?: number;
  /** Concurrent requests (stream ids) per connection, 1..32768. Default 2048. */
  maxRequestsPerConnection?: number;
  /** Requests waiting for a stream id per connection before it reports busy. Default 1024. */
  maxQueuePerConnection?: number;
  /** Orphaned stream ids tolerated per connection before it is replaced. Default maxRequestsPerConnection / 4. */
  maxOrphansPerConnection?: number;
  /** Idle time before a heartbeat, ms; 0 disables. Default 30000. */
  heartbeatIntervalMs?: number;
  /** Heartbeat answer timeout, ms. Default 12000. */
  heartbeatTimeoutMs?: number;
  /** `connect()` waits until every pool has opened (true), or returns once the control connection is up and lets pools open in the background (false). Default true. */
  warmup?: boolean;
}

/** Named bundle of execution settings; `default` applies when none is named. */
export interface ExecutionProfile {
  /** Consistency code (see `Consistency`). Default LOCAL_ONE. */
  consistency?: Consistency;
  /** Serial consistency for lightweight transactions. Default SERIAL. */
  serialConsistency?: SerialConsistency;
  /** Whole-execution timeout (all attempts), ms. Default 12000. */
  timeoutMs?: number;
  /**
   * Idempotent executions: an attempt unanswered after this long (ms) is abandoned and the next
   * host tried, within `timeoutMs`. 0 disables it. Default: half the execution timeout.
   */
  attemptTimeoutMs?: number;
  loadBalancing?: LoadBalancingPolicy;
  retry?: RetryPolicy;
  speculativeExecution?: SpeculativeExecutionPolicy;
  /** Rows per page. Default 5000. */
  fetchSize?: number;
}

export interface ClusterOptions {
  /**
   * `host` or `host:port` (names resolved through `resolver`, every address used; resolved again
   * when the control connection must reconnect while no known host is up). Required.
   */
  contactPoints: readonly string[];
  /**
   * Resolves a contact point name to its addresses (IPv4 / IPv6 text); a rejection or an empty
   * answer means "none now". Each call is bounded by `connectTimeoutMs`. Default: the system
   * resolver (`dns.lookup`, every address).
   */
  resolver?: HostResolver;
  /** What metadata is read and kept: schema on/off, a keyspace allow-list, token map on/off. Default: everything. */
  metadata?: MetadataOptions;
  /** Native transport port for contact points without one. Default 9042. */
  port?: number;
  /** Local datacenter for the default load-balancing policy. Default: the first contact point's. */
  localDatacenter?: string;
  /** Username and password for PasswordAuthenticator (shortcut for a PlainTextAuthProvider). */
  credentials?: { username: string; password: string };
  authProvider?: AuthProvider;
  tls?: TlsOptions;
  /** LZ4 when the server supports it. Default 'lz4'. */
  compression?: 'lz4' | 'none';
  /**
   * Which LZ4 codec: `native` (the optional `lz4-napi` package, prebuilt; far less CPU), `js`
   * (lz4js, always there) or `auto` (native when installed). Default 'auto'. See docs/performance.md.
   */
  lz4?: Lz4Implementation;
  /** Highest native protocol version; negotiation steps down. Default 5. */
  maxProtocolVersion?: ProtocolVersion;
  /** Socket connect timeout, ms. Default 5000. */
  connectTimeoutMs?: number;
  pooling?: PoolingOptions;
  /** Execution profiles by name; `default` is used when none is named. */
  profiles?: Readonly<Record<string, ExecutionProfile>>;
  reconnection?: ReconnectionPolicy;
  timestampGenerator?: TimestampGenerator;
  /** Maps a node's reported address (system.peers) to the address to connect to. Default identity. */
  addressTranslator?: (address: string, port: number) => { address: string; port: number };
  /** Topology/schema refresh debounce window, ms. Default 200. */
  refreshDebounceMs?: number;
  /** Bound on waiting for schema agreement after a schema change, ms. Default 10000. */
  schemaAgreementTimeoutMs?: number;
  /** Decode bigint/counter as native bigint instead of Long. Default false. */
  useBigInt?: boolean;
  /** Timers; injectable for tests. Default Node's. */
  clock?: Clock;
}

export function validateClusterOptions(o: ClusterOptions): void {
  if (!o || !Array.isArray(o.contactPoints) || o.contactPoints.length === 0) {
    throw new OptionError('contactPoints', 'at least one contact point is required');
  }
  o.contactPoints.forEach((cp, i) => {
    if (typeof cp !== 'string' || cp.trim() === '') throw new OptionError(`contactPoints[${i}]`, `expected "host" or "host:port", got ${JSON.stringify(cp)}`);
  });
  const int = (name: string, v: number | undefined, min: number, max = Number.MAX_SAFE_INTEGER): void => {
    if (v !== undefined && (!Number.isInteger(v) || v < min || v > max)) throw new OptionError(name, `expected an integer in ${min}..${max}, got ${v}`);
  };
  if (o.resolver !== undefined && typeof o.resolver !== 'function') {
    throw new OptionError('resolver', `expected a function (hostname) => Promise<string[]>, got ${o.resolver === null ? 'null' : typeof o.resolver}`, o.resolver);
  }
  int('port', o.port, 1, 65535);
  int('connectTimeoutMs', o.connectTimeoutMs, 1);
  int('refreshDebounceMs', o.refreshDebounceMs, 0);
  int('schemaAgreementTimeoutMs', o.schemaAgreementTimeoutMs, 0);
  if (o.maxProtocolVersion !== undefined && ![3, 4, 5].includes(o.maxProtocolVersion)) {
    throw new OptionError('maxProtocolVersion', `expected 3, 4 or 5, got ${o.maxProtocolVersion}`);
  }
  if (o.compression !== undefined && o.compression !== 'lz4' && o.compression !== 'none') {
    throw new OptionError('compression', `expected 'lz4' or 'none', got ${JSON.stringify(o.compression)}`);
  }
  if (o.lz4 !== undefined && o.lz4 !== 'auto' && o.lz4 !== 'native' && o.lz4 !== 'js') {
    throw new OptionError('lz4', `expected 'auto', 'native' or 'js', got ${JSON.stringify(o.lz4)}`, o.lz4);
  }
  if (o.lz4 === 'native' && nativeLz4Module() === null) throw new OptionError('lz4', "'native' needs the lz4-napi package (npm install lz4-napi)", o.lz4);
  if (o.credentials && (typeof o.credentials.username !== 'string' || typeof o.credentials.password !== 'string')) {
    throw new OptionError('credentials', 'expected { username: string, password: string }');
  }
  if (o.credentials && o.authProvider) throw new OptionError('credentials', 'give credentials or authProvider, not both');
  const p = o.pooling ?? {};
  int('pooling.localConnections', p.localConnections, 1, 64);
  int('pooling.remoteConnections', p.remoteConnections, 0, 64);
  int('pooling.maxRequestsPerConnection', p.maxRequestsPerConnection, 1, 32768);
  int('pooling.maxQueuePerConnection', p.maxQueuePerConnection, 0);
  int('pooling.maxOrphansPerConnection', p.maxOrphansPerConnection, 1);
  int('pooling.heartbeatIntervalMs', p.heartbeatIntervalMs, 0);
  int('pooling.heartbeatTimeoutMs', p.heartbeatTimeoutMs, 1);
  for (const [name, prof] of Object.entries(o.profiles ?? {})) {
    int(`profiles.${name}.timeoutMs`, prof.timeoutMs, 1);
    int(`profiles.${name}.fetchSize`, prof.fetchSize, 1);
    int(`profiles.${name}.consistency`, prof.consistency, 0, 10);
    int(`profiles.${name}.serialConsistency`, prof.serialConsistency, 8, 9);
  }
}
