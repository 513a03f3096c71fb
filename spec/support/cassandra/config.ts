/**
 * Harness configuration: where the jars and the running cluster live, and
 * the options a cluster can be started with.
 *
 * Everything is kept outside the work tree, under
 *   $CASSANDRA_RX_HOME  (default: $XDG_CACHE_HOME/cassandra-rx or ~/.cache/cassandra-rx)
 *     cassandra-<version>/lib/*.jar   jars fetched from Maven Central
 *     cassandra-<version>/.complete   marker, written only after a full fetch
 *     clusters/default/               the one cluster that can run at a time
 *       state.json                    PIDs + topology (see state.ts)
 *       node<N>/{data,commitlog,...}  per-node directories, conf and logs
 *       tls/                          CA + keystore when `tls` is on
 */
import * as os from 'node:os';
import * as path from 'node:path';

/**
 * Cassandra release used when nothing else is asked for: the newest 5.0 patch
 * Maven Central serves (checked 2026-11-30: 5.0.9; 5.0.10 is not there).
 * `npm run fetch-cassandra` with no argument fetches this one, so CI's
 * `npm run fetch-cassandra && npm test` stays consistent.
 */
export const DEFAULT_CASSANDRA_VERSION = '5.0.9';

/** Default superuser created by PasswordAuthenticator. */
export const DEFAULT_CREDENTIALS = { username: 'cassandra', password: 'cassandra' } as const;

/** Ports shared by every node (each node has its own 127.0.0.N address). */
export const STORAGE_PORT = 7000;
export const NATIVE_PORT = 9042;

/** Options accepted by `startCluster` / `ensureCluster` / the CLI. */
export interface ClusterOptions {
  /** Number of nodes, 1..9; node N listens on 127.0.0.N. */
  readonly nodes: number;
  /** Cassandra version, e.g. `5.0.9` or `4.1.10` (see docs/testing.md, version matrix). */
  readonly version: string;
  /** PasswordAuthenticator + CassandraAuthorizer (superuser cassandra/cassandra). */
  readonly auth: boolean;
  /** Client (native port) TLS with a generated CA; TLS-only, no plain-text fallback. */
  readonly tls: boolean;
  /** Per-node data centre / rack, index 0 = node 1. Missing entries: dc1/rack1. */
  readonly topology?: ReadonlyArray<{ readonly dc: string; readonly rack: string }>;
  /** Maximum JVM heap, e.g. `1g`; `-Xms` is fixed at 256m. */
  readonly maxHeap?: string;
}

export const DEFAULT_OPTIONS: ClusterOptions = {
  nodes: 1,
  version: process.env['CASSANDRA_VERSION'] ?? DEFAULT_CASSANDRA_VERSION,
  auth: false,
  tls: false,
};

/** Fill missing fields with defaults and validate. */
export function resolveOptions(partial: Partial<ClusterOptions> = {}): ClusterOptions {
  const options: ClusterOptions = { ...DEFAULT_OPTIONS, ...stripUndefined(partial) };
  if (!Number.isInteger(options.nodes) || options.nodes < 1 || options.nodes > 9) {
    throw new Error(`nodes must be an integer in 1..9, got ${String(options.nodes)}`);
  }
  if (!/^\d+\.\d+\.\d+$/.test(options.version)) {
    throw new Error(`version must look like 5.0.9, got ${options.version}`);
  }
  return options;
}

/** `[major, minor]` of a version such as `4.1.10`. */
export function releaseSeries(version: string): readonly [number, number] {
  const [major, minor] = version.split('.').map(Number);
  return [major ?? 0, minor ?? 0];
}

/** True for 5.0 and later (cassandra.yaml keys and JVM options differ before). */
export function isAtLeast50(version: string): boolean {
  return releaseSeries(version)[0] >= 5;
}

function stripUndefined(partial: Partial<ClusterOptions>): Partial<ClusterOptions> {
  return Object.fromEntries(Object.entries(partial).filter(([, v]) => v !== undefined));
}

/** Root of everything the harness stores. */
export function harnessHome(): string {
  const explicit = process.env['CASSANDRA_RX_HOME'];
  if (explicit) return path.resolve(explicit);
  const xdg = process.env['XDG_CACHE_HOME'];
  return path.join(xdg ? path.resolve(xdg) : path.join(os.homedir(), '.cache'), 'cassandra-rx');
}

/** `<home>/cassandra-<version>` — holds `lib/` and the `.complete` marker. */
export function distributionDir(version: string): string {
  return path.join(harnessHome(), `cassandra-${version}`);
}

export function libDir(version: string): string {
  return path.join(distributionDir(version), 'lib');
}

/** Directory of the (single) cluster; override with CASSANDRA_RX_CLUSTER_DIR. */
export function clusterDir(): string {
  const explicit = process.env['CASSANDRA_RX_CLUSTER_DIR'];
  return explicit ? path.resolve(explicit) : path.join(harnessHome(), 'clusters', 'default');
}

export function stateFile(dir: string = clusterDir()): string {
  return path.join(dir, 'state.json');
}
