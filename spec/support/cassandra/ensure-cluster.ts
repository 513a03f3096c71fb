/**
 * What integration tests use to reach Cassandra.
 *
 *   contactPoints()             ['127.0.0.1:9042', ...] of the cluster under test
 *   ensureCluster({ nodes: 3 }) a harness-managed cluster of exactly that shape
 *                               (reused when it already matches; else restarted)
 *   canManageCluster()          false when tests run against an external cluster
 *
 * Modes (decided by the jest global setup, see cassandra-global-setup.ts):
 *  - managed: CASSANDRA_RX_MANAGED=1; the harness owns the cluster in
 *    `clusterDir()`; contact points come from its state file (so a suite that
 *    switched to 3 nodes is seen by the next suite).
 *  - external: CASSANDRA_CONTACT_POINTS set by the user (or by the setup when
 *    it found a cluster started with `npm run cassandra -- start`); nothing is
 *    started or stopped, and `ensureCluster` throws.
 */
import { CassandraCluster } from './cluster';
import { ClusterOptions, DEFAULT_CREDENTIALS, resolveOptions } from './config';
import { processState } from './state';

export const CONTACT_POINTS_ENV = 'CASSANDRA_CONTACT_POINTS';
export const MANAGED_ENV = 'CASSANDRA_RX_MANAGED';
export const OWNER_PID_ENV = 'CASSANDRA_RX_OWNER_PID';

export { DEFAULT_CREDENTIALS };

export interface HostPort {
  readonly host: string;
  readonly port: number;
}

export function isManaged(): boolean {
  return process.env[MANAGED_ENV] === '1';
}

/** True unless the suite runs against a cluster the harness does not own. */
export function canManageCluster(): boolean {
  return isManaged() || !process.env[CONTACT_POINTS_ENV];
}

/** `host:port` strings of the cluster under test (all nodes). */
export function contactPoints(): string[] {
  if (isManaged()) {
    const cluster = CassandraCluster.load();
    if (cluster) return cluster.contactPoints;
  }
  const env = process.env[CONTACT_POINTS_ENV];
  if (env) return env.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  throw new Error(`no Cassandra cluster: run the integration project (jest global setup) or set ${CONTACT_POINTS_ENV}`);
}

/**
 * The Cassandra version the suites run against: the harness cluster's (managed, or started with
 * `npm run cassandra -- start`), else `CASSANDRA_VERSION`, else undefined (an external cluster of
 * unknown version).
 */
export function clusterVersion(): string | undefined {
  const cluster = CassandraCluster.load();
  if (cluster && cluster.nodes.some((n) => cluster.isRunning(n.index))) return cluster.version;
  return process.env['CASSANDRA_VERSION'];
}

/** What `release_version` in `system.local` must match: exactly `clusterVersion()` when known. */
export function expectedReleaseVersion(): RegExp {
  const version = clusterVersion();
  return version === undefined ? /^\d+\.\d+\.\d+/ : new RegExp(`^${version.replace(/\./g, '\\.')}$`);
}

/** Parse `host[:port]` (port defaults to 9042). */
export function parseHostPort(point: string): HostPort {
  const match = /^(.*?)(?::(\d+))?$/.exec(point.trim());
  const host = match?.[1] ?? point;
  return { host, port: match?.[2] ? Number(match[2]) : 9042 };
}

/** First contact point as host/port. */
export function contactPoint(): HostPort {
  const first = contactPoints()[0];
  if (!first) throw new Error(`${CONTACT_POINTS_ENV} is empty`);
  return parseHostPort(first);
}

function matches(cluster: CassandraCluster, wanted: ClusterOptions): boolean {
  if (cluster.nodes.length !== wanted.nodes) return false;
  if (cluster.version !== wanted.version || cluster.auth !== wanted.auth) return false;
  if ((cluster.tls !== null) !== wanted.tls) return false;
  return cluster.nodes.every((n, i) => {
    const placement = wanted.topology?.[i] ?? { dc: 'dc1', rack: 'rack1' };
    return n.dc === placement.dc && n.rack === placement.rack;
  });
}

/**
 * A managed cluster of exactly this shape (default: 1 node, no auth, no TLS).
 * Reuses the running cluster when it matches (restarting any node a previous
 * suite left stopped); otherwise stops it and boots a new one. The cluster is
 * left running for later suites; the global teardown stops it.
 */
export async function ensureCluster(partial: Partial<ClusterOptions> = {}): Promise<CassandraCluster> {
  if (!canManageCluster()) {
    throw new Error(`${CONTACT_POINTS_ENV} points at an external cluster; this suite needs a harness-managed one (gate it with canManageCluster())`);
  }
  const wanted = resolveOptions(partial);
  const current = CassandraCluster.load();
  if (current && current.owner.kind === 'cli') {
    throw new Error('a cluster started by `npm run cassandra -- start` is running; stop it or set CASSANDRA_CONTACT_POINTS');
  }
  if (current && matches(current, wanted) && current.nodes.some((n) => current.isRunning(n.index))) {
    for (const node of current.nodes) {
      if (!current.isRunning(node.index)) await current.startNode(node.index);
      else if (node.pid !== null && processState(node.pid) === 'T') current.resumeNode(node.index);
    }
    return current;
  }
  if (current) await current.stop({ kill: true });
  const ownerPid = Number(process.env[OWNER_PID_ENV]) || process.pid;
  return CassandraCluster.start(wanted, { owner: { kind: 'jest', pid: ownerPid } });
}

/**
 * For suites that need plain CQL (no auth, no TLS) and do not care about the node count: keeps a
 * running plain cluster of any size (restarting stopped or paused nodes), and otherwise (a suite
 * before left auth or TLS on, or nothing runs) boots the default one-node cluster. A no-op against
 * an external cluster.
 */
export async function ensurePlainCluster(): Promise<void> {
  if (!canManageCluster()) return;
  const current = CassandraCluster.load();
  if (current && current.owner.kind === 'cli') return;
  if (current && !current.auth && current.tls === null) {
    await ensureCluster({ nodes: current.nodes.length, topology: current.nodes.map((n) => ({ dc: n.dc, rack: n.rack })) });
  } else {
    await ensureCluster({});
  }
}
