/**
 * Errors about reaching hosts: resolving contact points, opening, using and losing connections.
 * Each `ConnectionError` names the host (`address`, also `host`); catch `ConnectionError` for all.
 */
import { DriverError } from './driver-error';

/** Base of every error about a connection to one host (`address` is `ip:port`). */
export class ConnectionError extends DriverError {
  override readonly name: string = 'ConnectionError';

  constructor(readonly address: string, message: string, options?: { cause?: unknown }) {
    super(`${address}: ${message}`, options);
    this.host = address;
  }
}

/** The TCP (or TLS) connection could not be opened within the connect timeout. */
export class ConnectTimeoutError extends ConnectionError {
  override readonly name: string = 'ConnectTimeoutError';
}

/** The socket errored or closed while requests were in flight; they were not answered. */
export class ConnectionClosedError extends ConnectionError {
  override readonly name: string = 'ConnectionClosedError';
}

/** The connection stopped answering (heartbeat timeout, malformed frame, too many orphans). */
export class DefunctConnectionError extends ConnectionError {
  override readonly name: string = 'DefunctConnectionError';
}

/** Every stream id is taken and the wait queue is full. Nothing was sent. */
export class BusyConnectionError extends ConnectionError {
  override readonly name: string = 'BusyConnectionError';
}

/** Handshake failed: no protocol version both sides speak, or the server refused STARTUP. */
export class HandshakeError extends ConnectionError {
  override readonly name: string = 'HandshakeError';
}

/**
 * The server refused protocol `version` (a protocol error, or it hung up, during the handshake).
 * Negotiation then steps down a version; when none is left the `HandshakeError` it reports has
 * the last refusal as its `cause`.
 */
export class ProtocolVersionRefusedError extends HandshakeError {
  override readonly name: string = 'ProtocolVersionRefusedError';

  constructor(address: string, readonly version: number, reason: string, options?: { cause?: unknown }) {
    super(address, `protocol v${version} refused: ${reason}`, options);
  }
}

/**
 * Authentication failed or was required without an auth provider. The message never contains
 * credentials (a user name echoed by the server is masked).
 */
export class AuthenticationFailedError extends ConnectionError {
  override readonly name: string = 'AuthenticationFailedError';

  constructor(address: string, message: string, readonly serverCode?: number) {
    super(address, message.replace(/username \S+/gi, 'username ***'));
  }
}

/** The client gave up waiting for this request's response (the stream id is orphaned). */
export class RequestTimeoutError extends ConnectionError {
  override readonly name: string = 'RequestTimeoutError';

  constructor(address: string, readonly timeoutMs: number) {
    super(address, `no response within ${timeoutMs} ms`);
  }
}

/**
 * The host's pool has no working connection yet (it is opening or replacing one); nothing was
 * sent. Executions wait for the connection (bounded by their timeout) before reporting this.
 */
export class NoConnectionYetError extends ConnectionError {
  override readonly name: string = 'NoConnectionYetError';
}

/** The host's connection pool was closed (host removed, cluster shut down) while a request waited for it. */
export class PoolClosedError extends ConnectionError {
  override readonly name: string = 'PoolClosedError';

  constructor(address: string, readonly keyspace?: string) {
    super(address, keyspace === undefined ? 'connection pool closed' : `connection pool of keyspace "${keyspace}" closed`);
  }
}

/** A contact point's name gave no usable address (DNS or the `resolver` option failed, or timed out). */
export class ContactPointResolutionError extends DriverError {
  override readonly name: string = 'ContactPointResolutionError';

  constructor(readonly contactPoint: string, reason: string, options?: { cause?: unknown }) {
    super(`Could not resolve contact point "${contactPoint}": ${reason}`, options);
  }
}
