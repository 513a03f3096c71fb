/**
 * Checks a connection's module options before anything connects, and builds its `Cluster`; every
 * problem becomes a `CassandraModuleError` naming the connection and the option.
 */
import { Cluster, OptionError, type ClusterSessionOptions } from '../../index';
import { CassandraModuleError } from '../../index';
import type { CassandraConnectionOptions } from './options';

const MODULE_KEYS = ['keyspace', 'keyspaces', 'onConnect', 'retryAttempts', 'retryDelayMs', 'name', 'isGlobal'] as const;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function checkKeyspace(connection: string, option: string, value: unknown): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw new CassandraModuleError(connection, option, `expected a keyspace name, got ${JSON.stringify(value) ?? String(value)}`);
  }
  return value;
}

function checkCount(connection: string, option: string, value: unknown): void {
  if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0)) {
    throw new CassandraModuleError(connection, option, `expected a non-negative integer, got ${String(value)}`);
  }
}

/** The options as given (possibly by a user factory), checked; throws `CassandraModuleError`. */
export function validateModuleOptions(connection: string, options: unknown): CassandraConnectionOptions {
  if (!isObject(options)) {
    throw new CassandraModuleError(connection, 'options', `expected an object with at least contactPoints, got ${options === null ? 'null' : typeof options}`);
  }
  const cp = options['contactPoints'];
  if (!Array.isArray(cp) || cp.length === 0) {
    throw new CassandraModuleError(connection, 'contactPoints', 'at least one contact point ("host" or "host:port") is required');
  }
  if (options['keyspace'] !== undefined) checkKeyspace(connection, 'keyspace', options['keyspace']);
  const more = options['keyspaces'];
  if (more !== undefined) {
    if (!Array.isArray(more)) throw new CassandraModuleError(connection, 'keyspaces', 'expected an array of keyspace names');
    const seen = new Set<string>();
    more.forEach((k: unknown, i) => {
      const name = checkKeyspace(connection, `keyspaces[${i}]`, k);
      if (seen.has(name) || name === options['keyspace']) {
        throw new CassandraModuleError(connection, `keyspaces[${i}]`, `keyspace "${name}" is configured twice`);
      }
      seen.add(name);
    });
  }
  if (options['onConnect'] !== undefined && typeof options['onConnect'] !== 'function') {
    throw new CassandraModuleError(connection, 'onConnect', 'expected a function (session, cluster) => Promise<void>');
  }
  checkCount(connection, 'retryAttempts', options['retryAttempts']);
  checkCount(connection, 'retryDelayMs', options['retryDelayMs']);
  return options as unknown as CassandraConnectionOptions;
}

/** The cluster options: the module options without the module's own keys. */
export function clusterOptionsOf(options: CassandraConnectionOptions): ClusterSessionOptions {
  const copy: Record<string, unknown> = { ...options };
  for (const key of MODULE_KEYS) delete copy[key];
  return copy as unknown as ClusterSessionOptions;
}

/** A new Cluster; the driver's `OptionError` becomes a `CassandraModuleError` naming the connection. */
export function createCluster(connection: string, options: CassandraConnectionOptions): Cluster {
  try {
    return new Cluster(clusterOptionsOf(options));
  } catch (e) {
    if (e instanceof OptionError) throw new CassandraModuleError(connection, e.option, e.message.replace(/^Invalid option [^:]*: /, ''), { cause: e });
    throw e;
  }
}
