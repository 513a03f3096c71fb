/**
 * One configured connection: its `Cluster`, its sessions by keyspace and its local datacenter.
 * `open()` connects (with the configured retries) while Nest initializes the module, so the
 * application never listens before the database answers; Nest's `onApplicationShutdown` hook
 * shuts the cluster down (sockets, timers and every Observable of its bus end).
 */
import type { OnApplicationShutdown } from '@nestjs/common';
import type { Cluster, Session } from '../../index';
import { CassandraConnectError, CassandraModuleError } from '../../index';
import type { CassandraConnectionOptions } from './options';
import { createCluster, validateModuleOptions } from './validate-options';

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export class CassandraConnection implements OnApplicationShutdown {
  private constructor(
    /** The connection name ('default' unless configured). */
    readonly name: string,
    readonly cluster: Cluster,
    /** The default session (on `keyspace` when configured). */
    readonly session: Session,
    /** Sessions of `keyspaces`, by keyspace (the default session's keyspace included). */
    readonly sessions: ReadonlyMap<string, Session>,
    /** `localDatacenter` when configured, else the datacenter of the first host connected to. */
    readonly localDatacenter: string | undefined,
  ) {}

  /** Validates the options, connects, runs `onConnect`, opens the sessions. */
  static async open(name: string, given: unknown): Promise<CassandraConnection> {
    const options = validateModuleOptions(name, given);
    const cluster = await connectWithRetries(name, options);
    try {
      const bare = await cluster.connect();
      if (options.onConnect) await step(name, 'onConnect', () => options.onConnect?.(bare, cluster));
      const ks = options.keyspace;
      const session = ks === undefined ? bare : await step(name, 'keyspace', () => cluster.connect(ks));
      const sessions = new Map<string, Session>();
      if (options.keyspace !== undefined) sessions.set(options.keyspace, session);
      for (const more of options.keyspaces ?? []) sessions.set(more, await step(name, 'keyspaces', () => cluster.connect(more)));
      return new CassandraConnection(name, cluster, session, sessions, options.localDatacenter ?? controlDatacenter(cluster));
    } catch (e) {
      await cluster.shutdown();
      throw e;
    }
  }

  /** The session of a keyspace (`undefined`: the default session). */
  sessionFor(keyspace: string | undefined): Session {
    if (keyspace === undefined) return this.session;
    const s = this.sessions.get(keyspace);
    if (!s) {
      const known = [...this.sessions.keys()];
      throw new CassandraModuleError(this.name, 'keyspaces', `no session on keyspace "${keyspace}" is configured (configured: ${known.length > 0 ? known.join(', ') : 'none'})`);
    }
    return s;
  }

  /** Shuts the cluster down (idempotent). */
  close(): Promise<void> {
    return this.cluster.shutdown();
  }

  onApplicationShutdown(): Promise<void> {
    return this.close();
  }
}

async function connectWithRetries(name: string, options: CassandraConnectionOptions): Promise<Cluster> {
  const attempts = (options.retryAttempts ?? 0) + 1;
  let last: unknown;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const cluster = createCluster(name, options);
    try {
      await cluster.connect();
      return cluster;
    } catch (e) {
      last = e;
      await cluster.shutdown();
      if (attempt < attempts) await sleep(options.retryDelayMs ?? 3000);
    }
  }
  throw new CassandraConnectError(name, options.contactPoints, attempts, last);
}

/** Runs a start-up step; a failure becomes a `CassandraModuleError` naming the option behind it. */
async function step<T>(name: string, option: string, run: () => Promise<T> | T): Promise<T> {
  try {
    return await run();
  } catch (e) {
    if (e instanceof CassandraModuleError) throw e;
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new CassandraModuleError(name, option, `failed at start-up: ${why}`, { cause: e });
  }
}

function controlDatacenter(cluster: Cluster): string | undefined {
  const control = cluster.controlHost;
  return cluster.hosts().find((h) => h.endpoint === control)?.datacenter;
}
