/** Typed errors of one connection; each names the host it concerns. */
import { DriverError } from '../errors/driver-error';

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
