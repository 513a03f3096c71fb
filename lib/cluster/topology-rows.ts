/** system.local / system.peers(_v2) rows → HostInfo. */
import type { HostInfo } from './host';
import type { RowObject } from './internal-query';

const str = (v: unknown): string | undefined => (v === null || v === undefined ? undefined : String(v));

function tokensOf(v: unknown): string[] {
  if (v instanceof Set || Array.isArray(v)) return [...(v as Iterable<unknown>)].map(String);
  return [];
}

/** The fields system.local and system.peers(_v2) share. */
function hostInfo(row: RowObject, address: string, port: number, broadcast: unknown): HostInfo {
  return {
    address,
    port,
    datacenter: str(row['data_center']),
    rack: str(row['rack']),
    tokens: tokensOf(row['tokens']),
    hostId: str(row['host_id']),
    releaseVersion: str(row['release_version']),
    schemaVersion: str(row['schema_version']),
    broadcastAddress: str(broadcast),
  };
}

/** The control host's own row; its address is the one we connected to (rpc_address may be 0.0.0.0). */
export function readLocalRow(row: RowObject, connectedTo: { host: string; port: number }): HostInfo {
  return hostInfo(row, connectedTo.host, connectedTo.port, row['broadcast_address']);
}

/**
 * A peer row (peers_v2: native_address/native_port; peers: rpc_address, falling back to `peer`
 * when the node listens on 0.0.0.0). Returns undefined for a row without a usable address.
 */
export function readPeerRow(
  row: RowObject,
  defaultPort: number,
  translate: (address: string, port: number) => { address: string; port: number },
): HostInfo | undefined {
  let address = str(row['native_address']) ?? str(row['rpc_address']);
  if (address === undefined || address === '0.0.0.0' || address === '::') address = str(row['peer']);
  if (address === undefined) return undefined;
  const portValue = row['native_port'];
  const port = typeof portValue === 'number' && portValue > 0 ? portValue : defaultPort;
  const t = translate(address, port);
  return hostInfo(row, t.address, t.port, row['peer']);
}
