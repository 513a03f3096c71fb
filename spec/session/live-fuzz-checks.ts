/**
 * Checks for the live-connection fuzz. What the fuzz specs accept as a typed failure: the error and every `cause` below it are driver
 * errors, or system errors of the socket (an `Error` with a string `code`, e.g. ECONNRESET). A
 * TypeError, RangeError or other untyped error anywhere in the chain is a decoder or driver bug
 * that the typed wrapper only hides.
 */
import { DriverError } from '../../lib/errors/driver-error';
import { clusterRuntime, type Cluster } from '../../lib/session/cluster';
import type { ScriptedNode } from '../support/scripted-server';

/** The first untyped error in `e`'s cause chain, described; null when the whole chain is typed. */
export function untypedInChain(e: unknown): string | null {
  const seen = new Set<unknown>();
  for (let cur: unknown = e; cur !== undefined && cur !== null && !seen.has(cur); cur = (cur as { cause?: unknown }).cause) {
    seen.add(cur);
    if (cur instanceof DriverError) continue;
    if (cur instanceof Error && typeof (cur as { code?: unknown }).code === 'string') continue;
    return cur instanceof Error ? `${cur.name}: ${cur.message}` : `a thrown ${typeof cur}`;
  }
  return null;
}

/** The byte counters of one socket end. */
interface SocketEnd { readonly bytesRead: number; readonly bytesWritten: number; readonly localPort?: number | undefined; readonly remotePort?: number | undefined; readonly destroyed: boolean }

/**
 * True when every byte written on each live connection between the driver's pools and the
 * scripted node has been read by the other end (both directions). A fake clock may only be
 * moved after this I/O barrier: under load the kernel can hold loopback segments for a real
 * retransmission timeout, and a request that merely waits for bytes in flight is not hung.
 */
export function ioQuiet(cluster: Cluster, node: ScriptedNode): boolean {
  const rt = clusterRuntime(cluster);
  const clients = new Map<number, SocketEnd>();
  for (const h of cluster.hosts()) {
    // The pool's connections and their sockets are private: read here for the barrier only.
    for (const c of rt.pool(h)?.['connections'] ?? []) {
      const sock: SocketEnd = c['socket'];
      if (sock.localPort !== undefined) clients.set(sock.localPort, sock);
    }
  }
  for (const server of node.connections) {
    const client = server.socket.remotePort === undefined ? undefined : clients.get(server.socket.remotePort);
    if (!client || client.destroyed || server.closed) continue;
    if (client.bytesRead !== server.socket.bytesWritten || server.socket.bytesRead !== client.bytesWritten) return false;
  }
  return true;
}
