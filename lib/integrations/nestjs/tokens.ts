/**
 * Injection tokens of the NestJS integration. Every configured connection has a name ('default'
 * unless given) and its own tokens, so several clusters can live in one application: its options,
 * its connection record, its `Cluster` and one `Session` per configured keyspace.
 */

/** The name of the connection configured without `name`. */
export const DEFAULT_CONNECTION = 'default';

const PREFIX = 'cassandra-rx';

/** Which session of which connection: `{}` is the default connection's default session. */
export interface SessionRef {
  /** Connection name. Default 'default'. */
  readonly connection?: string;
  /**
   * Keyspace of the session: the connection's `keyspace` (its default session) or one listed in
   * its `keyspaces`. Default: the default session.
   */
  readonly keyspace?: string;
}

function nameOf(name: string | undefined): string {
  return name === undefined || name === '' ? DEFAULT_CONNECTION : name;
}

/** Token of the module options of a connection (what `forRoot` got or `forRootAsync` produced). */
export function getOptionsToken(connection?: string): string {
  return `${PREFIX}:options:${nameOf(connection)}`;
}

/** Token of the `CassandraConnection` record (cluster, sessions, local datacenter) of a connection. */
export function getConnectionToken(connection?: string): string {
  return `${PREFIX}:connection:${nameOf(connection)}`;
}

/** Token of the `Cluster` of a connection (what `@InjectCluster(name)` injects). */
export function getClusterToken(connection?: string): string {
  return `${PREFIX}:cluster:${nameOf(connection)}`;
}

/** Token of a `Session` (what `@InjectSession(ref)` injects). */
export function getSessionToken(ref: string | SessionRef = {}): string {
  const r: SessionRef = typeof ref === 'string' ? { connection: ref } : ref;
  const connection = nameOf(r.connection);
  return r.keyspace === undefined ? `${PREFIX}:session:${connection}` : `${PREFIX}:session:${connection}:${r.keyspace}`;
}

/** The connection name a `@InjectSession` / `@InjectCluster` argument designates. */
export function connectionNameOf(ref: string | SessionRef | undefined): string {
  return nameOf(typeof ref === 'string' ? ref : ref?.connection);
}
