import * as net from 'node:net';
import { ConnectionError, ConnectTimeoutError } from '../../lib/errors/connection-errors';
import { endpointOf, openSocket } from '../../lib/connection/open-socket';

function listen(server: net.Server): Promise<number> {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve((server.address() as net.AddressInfo).port)));
}

describe('openSocket', () => {
  it('opens a TCP socket', async () => {
    const server = net.createServer((s) => s.end());
    const port = await listen(server);
    const socket = await openSocket({ host: '127.0.0.1', port });
    expect(socket.remotePort).toBe(port);
    socket.destroy();
    server.close();
  });

  it('fails with a ConnectionError naming the host when refused', async () => {
    const server = net.createServer();
    const port = await listen(server);
    await new Promise<void>((r) => server.close(() => r())); // the port is closed once this resolves
    const err = await openSocket({ host: '127.0.0.1', port }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectionError);
    expect((err as ConnectionError).address).toBe(`127.0.0.1:${port}`);
    expect((err as Error).message).toContain(`127.0.0.1:${port}`);
  });

  it('times out a TLS handshake that never completes', async () => {
    const held: net.Socket[] = [];
    const server = net.createServer((s) => held.push(s)); // accepts, never speaks TLS
    const port = await listen(server);
    const started = Date.now();
    const err = await openSocket({ host: '127.0.0.1', port, connectTimeoutMs: 200, tls: {} }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectTimeoutError);
    expect(Date.now() - started).toBeGreaterThanOrEqual(190);
    held.forEach((s) => s.destroy());
    server.close();
  });

  it('formats IPv6 endpoints with brackets', () => {
    expect(endpointOf('::1', 9042)).toBe('[::1]:9042');
    expect(endpointOf('127.0.0.2', 9042)).toBe('127.0.0.2:9042');
  });
});
