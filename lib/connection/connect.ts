/**
 * Opens a connection and performs the handshake: OPTIONS/SUPPORTED, STARTUP (CQL version, driver
 * name and version, LZ4 when both sides support it), SASL authentication, optional USE. Protocol
 * negotiation starts at the highest allowed version and steps down (5 → 4 → 3) when the server
 * refuses. At v5 both directions switch to segment framing once the server has answered STARTUP.
 */
import { AuthenticationError, ResponseError, ServerProtocolError } from '../errors/server-errors';
import type { Compressor } from '../protocol/compressor';
import { lz4Compressor } from '../protocol/native-lz4';
import { Opcode, type ProtocolVersion } from '../protocol/opcodes';
import { encodeAuthResponse, encodeOptions, encodeQuery, encodeStartup } from '../protocol/requests';
import type { Response } from '../protocol/response';
import { quoteIdentifier } from '../types/cql-identifier';
import { createCellDecoder } from '../types/decode';
import { systemClock } from './clock';
import { Connection, type ConnectionSettings } from './connection';
import { CONNECTION_DEFAULTS, type ConnectionOptions } from './connection-options';
import {
  AuthenticationFailedError, ConnectionClosedError, ConnectionError, HandshakeError, ProtocolVersionRefusedError,
} from '../errors/connection-errors';
import { DEFAULT_HEARTBEAT } from './heartbeat';
import { requestOnce } from './request';
import { endpointOf, openSocket } from './open-socket';

/** Opens a connection, negotiating the protocol version downward from `maxProtocolVersion`. */
export async function openConnection(options: ConnectionOptions): Promise<Connection> {
  const endpoint = endpointOf(options.host, options.port ?? CONNECTION_DEFAULTS.port);
  let version: ProtocolVersion = options.maxProtocolVersion ?? CONNECTION_DEFAULTS.maxProtocolVersion;
  const refusals: string[] = [];
  for (;;) {
    try {
      return await openAtVersion(options, version);
    } catch (e) {
      if (!(e instanceof ProtocolVersionRefusedError)) throw e;
      if (options.stepDownVersion === false) throw e.cause instanceof ConnectionError ? e.cause : e;
      refusals.push(`v${version}: ${e.cause instanceof Error ? e.cause.message : e.message}`);
      if (version === 3) {
        throw new HandshakeError(endpoint, `no common protocol version (${refusals.join('; ')})`, { cause: e });
      }
      version = (version - 1) as ProtocolVersion;
    }
  }
}

async function openAtVersion(options: ConnectionOptions, version: ProtocolVersion): Promise<Connection> {
  const port = options.port ?? CONNECTION_DEFAULTS.port;
  const socket = await openSocket({
    host: options.host,
    port,
    ...(options.connectTimeoutMs !== undefined ? { connectTimeoutMs: options.connectTimeoutMs } : {}),
    ...(options.tls ? { tls: options.tls } : {}),
  });
  const maxRequestsPerConnection = options.maxRequestsPerConnection ?? CONNECTION_DEFAULTS.maxRequestsPerConnection;
  const settings: ConnectionSettings = {
    endpoint: endpointOf(options.host, port),
    version,
    clock: options.clock ?? systemClock,
    heartbeat: { ...DEFAULT_HEARTBEAT, ...options.heartbeat },
    maxRequestsPerConnection,
    maxQueuePerConnection: options.maxQueuePerConnection ?? CONNECTION_DEFAULTS.maxQueuePerConnection,
    maxOrphansPerConnection: options.maxOrphansPerConnection ?? Math.max(1, Math.floor(maxRequestsPerConnection / 4)),
    maxFrameBodyLength: options.maxFrameBodyLength ?? 256 * 1024 * 1024,
    cellDecoder: createCellDecoder({ useBigInt: options.useBigInt ?? false }),
  };
  const connection = new Connection(socket, settings);
  const timeoutMs = options.handshakeTimeoutMs ?? CONNECTION_DEFAULTS.handshakeTimeoutMs;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new HandshakeError(settings.endpoint, `handshake timed out after ${timeoutMs} ms`)), timeoutMs);
  });
  try {
    await Promise.race([handshake(connection, options), timeout]);
    connection.startHeartbeat();
    return connection;
  } catch (e) {
    connection.close({ graceful: false }).catch(() => undefined);
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function handshake(c: Connection, options: ConnectionOptions): Promise<void> {
  const supported = await optionsRequest(c);
  const compressions = supported.get('COMPRESSION') ?? [];
  const wantLz4 = (options.compression ?? CONNECTION_DEFAULTS.compression) === 'lz4' && compressions.includes('lz4');
  const compressor: Compressor | null = wantLz4 ? lz4Compressor(options.lz4 ?? 'auto') : null;
  const cqlVersion = supported.get('CQL_VERSION')?.[0] ?? '3.0.0';
  const startup: Record<string, string> = {
    CQL_VERSION: cqlVersion,
    DRIVER_NAME: options.driverName ?? CONNECTION_DEFAULTS.driverName,
    DRIVER_VERSION: options.driverVersion ?? CONNECTION_DEFAULTS.driverVersion,
  };
  if (compressor) startup['COMPRESSION'] = 'lz4';
  // v3/v4: Cassandra already compresses its answer to STARTUP (READY or AUTHENTICATE), so the
  // decompressor must be in place before it arrives (STARTUP itself is never compressed).
  if (c.version < 5 && compressor) c.enableBodyCompression(compressor);
  const answer = await call(c, encodeStartup({ version: c.version, stream: 0 }, startup), true);
  // v5: the STARTUP answer (READY or AUTHENTICATE) is the last unframed message.
  if (c.version >= 5) c.enableSegments(compressor);
  const msg = answer.message;
  if (msg.opcode === Opcode.Authenticate) await authenticate(c, msg.authenticator, options);
  else if (msg.opcode !== Opcode.Ready) throw new HandshakeError(c.endpoint, `unexpected answer to STARTUP (opcode ${msg.opcode})`);
  if (options.keyspace !== undefined) {
    const use = await call(c, encodeQuery({ version: c.version, stream: 0, compressor: c.bodyCompressor }, `USE ${quoteIdentifier(options.keyspace)}`, { consistency: 1 }), false);
    if (use.message.opcode !== Opcode.Result) throw new HandshakeError(c.endpoint, 'unexpected answer to USE');
    c.keyspace = options.keyspace;
  }
}

async function optionsRequest(c: Connection): Promise<Map<string, string[]>> {
  const r = await call(c, encodeOptions({ version: c.version, stream: 0 }), true);
  if (r.message.opcode !== Opcode.Supported) throw new HandshakeError(c.endpoint, `unexpected answer to OPTIONS (opcode ${r.message.opcode})`);
  return r.message.options;
}

async function authenticate(c: Connection, authenticatorClass: string, options: ConnectionOptions): Promise<void> {
  if (!options.authProvider) {
    throw new AuthenticationFailedError(c.endpoint, `the server requires authentication (${authenticatorClass}) but no auth provider or credentials were given`);
  }
  const auth = options.authProvider.newAuthenticator(c.endpoint, authenticatorClass);
  let token: Buffer | null = auth.initialResponse();
  for (let round = 0; round < 100; round++) {
    const r = await call(c, encodeAuthResponse({ version: c.version, stream: 0, compressor: c.bodyCompressor }, token), false);
    const m = r.message;
    if (m.opcode === Opcode.AuthSuccess) {
      auth.onSuccess?.(m.token);
      return;
    }
    if (m.opcode !== Opcode.AuthChallenge) throw new HandshakeError(c.endpoint, `unexpected answer to AUTH_RESPONSE (opcode ${m.opcode})`);
    token = auth.evaluateChallenge(m.token);
  }
  throw new AuthenticationFailedError(c.endpoint, 'authentication did not finish after 100 challenge rounds');
}

/**
 * One handshake request. ERROR answers become typed errors: a protocol error during version
 * negotiation (`negotiating`) means the version was refused; bad credentials become
 * `AuthenticationFailedError`.
 */
async function call(c: Connection, frame: Buffer, negotiating: boolean): Promise<Response> {
  try {
    return await requestOnce(c, frame);
  } catch (e) {
    throw handshakeFailure(c, e, negotiating);
  }
}

function handshakeFailure(c: Connection, e: unknown, negotiating: boolean): Error {
  if (e instanceof ResponseError) {
    if (negotiating && e instanceof ServerProtocolError) return new ProtocolVersionRefusedError(c.endpoint, c.version, 'protocol error', { cause: e });
    if (e instanceof AuthenticationError) return new AuthenticationFailedError(c.endpoint, e.message, e.code);
    return new HandshakeError(c.endpoint, `server refused the handshake: ${e.message}`, { cause: e });
  }
  // A server that hangs up on an unknown version instead of answering: step down too.
  if (negotiating && e instanceof ConnectionClosedError && c.version > 3) return new ProtocolVersionRefusedError(c.endpoint, c.version, 'connection closed', { cause: e });
  if (e instanceof ConnectionError) return e;
  return new HandshakeError(c.endpoint, e instanceof Error ? e.message : String(e), { cause: e });
}
