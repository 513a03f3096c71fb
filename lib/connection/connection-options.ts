/** Options of one connection to one host. Every field states its unit and default. */
import type { Lz4Implementation } from '../protocol/native-lz4';
import type { ProtocolVersion } from '../protocol/opcodes';
import type { AuthProvider } from './auth';
import type { Clock } from './clock';
import { DEFAULT_HEARTBEAT, type HeartbeatOptions } from './heartbeat';
import type { TlsOptions } from './open-socket';

export interface ConnectionOptions {
  host: string;
  /** Native transport port. Default 9042. */
  port?: number;
  /** Give up opening the socket after this many ms. Default 5000. */
  connectTimeoutMs?: number;
  /** Give up on the whole handshake (OPTIONS, STARTUP, auth) after this many ms. Default 10000. */
  handshakeTimeoutMs?: number;
  tls?: TlsOptions;
  /** Highest protocol version to try; negotiation steps down from it. Default 5. */
  maxProtocolVersion?: ProtocolVersion;
  /**
   * Whether a refused version (a protocol error, or the server hanging up during the handshake) is
   * retried one version lower. Default true. A cluster's pools turn it off once its control
   * connection agreed on a version: every connection of a cluster speaks that one version, and a
   * handshake cut by the network is a connection failure, not a reason to speak v4 to a v5 node.
   */
  stepDownVersion?: boolean;
  /** Compress with LZ4 when the server supports it. Default 'lz4'. */
  compression?: 'lz4' | 'none';
  /** LZ4 codec: `native` (the optional lz4-napi package), `js` (lz4js) or `auto` (native when installed). Default 'auto'. */
  lz4?: Lz4Implementation;
  authProvider?: AuthProvider;
  /** Idle heartbeat. Default { intervalMs: 30000, timeoutMs: 12000 }; intervalMs 0 disables. */
  heartbeat?: Partial<HeartbeatOptions>;
  /** Stream ids this connection uses (max concurrent requests), 1..32768. Default 2048. */
  maxRequestsPerConnection?: number;
  /** Requests waiting for a stream id when all are taken; beyond this `BusyConnectionError`. Default 1024. */
  maxQueuePerConnection?: number;
  /** Orphaned stream ids tolerated before the connection asks to be replaced. Default maxRequestsPerConnection / 4. */
  maxOrphansPerConnection?: number;
  /** Largest accepted frame body, bytes. Default 256 MiB. */
  maxFrameBodyLength?: number;
  /** Decode bigint/counter columns to native bigint instead of Long. Default false. */
  useBigInt?: boolean;
  /** Keyspace to USE right after the handshake. Default none. */
  keyspace?: string;
  /** Sent in STARTUP as DRIVER_NAME / DRIVER_VERSION. */
  driverName?: string;
  driverVersion?: string;
  /** Timers (heartbeat, request timeouts); injectable for tests. Default: Node's timers. */
  clock?: Clock;
}

export const CONNECTION_DEFAULTS = {
  port: 9042,
  connectTimeoutMs: 5000,
  handshakeTimeoutMs: 10_000,
  maxProtocolVersion: 5 as ProtocolVersion,
  compression: 'lz4' as const,
  maxRequestsPerConnection: 2048,
  maxQueuePerConnection: 1024,
  heartbeatIntervalMs: DEFAULT_HEARTBEAT.intervalMs,
  heartbeatTimeoutMs: DEFAULT_HEARTBEAT.timeoutMs,
  driverName: 'cassandra-rx',
  driverVersion: '0.1.0',
};
