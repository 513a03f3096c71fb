/** Opens the TCP or TLS socket of one connection, bounded by a connect timeout. */
import * as net from 'node:net';
import * as tls from 'node:tls';
import { ConnectionError, ConnectTimeoutError } from '../errors/connection-errors';

/** Client TLS. Certificate verification is on unless `rejectUnauthorized: false` is given. */
export interface TlsOptions {
  /** CA certificates (PEM) to trust instead of Node's default roots. */
  ca?: string | Buffer | Array<string | Buffer>;
  /** Client certificate (PEM) for servers that require client authentication. */
  cert?: string | Buffer;
  /** Private key (PEM) of the client certificate. */
  key?: string | Buffer;
  /** Name to verify the server certificate against (and send as SNI). Default: none for IP hosts. */
  servername?: string;
  /** Verify the server certificate. Default: true. */
  rejectUnauthorized?: boolean;
  /** Hook for checking the server identity; default: Node's `tls.checkServerIdentity`. */
  checkServerIdentity?: (host: string, cert: tls.PeerCertificate) => Error | undefined;
}

export interface SocketOptions {
  host: string;
  port: number;
  /** Give up opening after this many milliseconds. Default 5000. */
  connectTimeoutMs?: number;
  tls?: TlsOptions;
  /** TCP_NODELAY. Default true: writes are already coalesced per tick. */
  noDelay?: boolean;
  /** TCP keep-alive initial delay in ms, 0 disables. Default 30000. */
  keepAliveMs?: number;
}

export function endpointOf(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

export function openSocket(options: SocketOptions): Promise<net.Socket> {
  const address = endpointOf(options.host, options.port);
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  return new Promise<net.Socket>((resolve, reject) => {
    let socket: net.Socket;
    const readyEvent = options.tls ? 'secureConnect' : 'connect';
    if (options.tls) {
      const t = options.tls;
      const tlsOptions: tls.ConnectionOptions = {
        host: options.host,
        port: options.port,
        rejectUnauthorized: t.rejectUnauthorized ?? true,
      };
      if (t.ca !== undefined) tlsOptions.ca = t.ca;
      if (t.cert !== undefined) tlsOptions.cert = t.cert;
      if (t.key !== undefined) tlsOptions.key = t.key;
      if (t.servername !== undefined) tlsOptions.servername = t.servername;
      if (t.checkServerIdentity !== undefined) tlsOptions.checkServerIdentity = t.checkServerIdentity;
      socket = tls.connect(tlsOptions);
    } else {
      socket = net.connect({ host: options.host, port: options.port });
    }
    const timer = setTimeout(() => {
      cleanup();
      socket.destroy();
      reject(new ConnectTimeoutError(address, `connect timed out after ${timeoutMs} ms`));
    }, timeoutMs);
    const onError = (err: Error): void => {
      cleanup();
      socket.destroy();
      reject(new ConnectionError(address, `connect failed: ${err.message}`, { cause: err }));
    };
    const onReady = (): void => {
      cleanup();
      socket.setNoDelay(options.noDelay ?? true);
      const keepAlive = options.keepAliveMs ?? 30_000;
      if (keepAlive > 0) socket.setKeepAlive(true, keepAlive);
      resolve(socket);
    };
    function cleanup(): void {
      clearTimeout(timer);
      socket.off('error', onError);
      socket.off(readyEvent, onReady);
    }
    socket.once('error', onError);
    socket.once(readyEvent, onReady);
  });
}
