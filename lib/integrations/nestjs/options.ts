/**
 * Options of `CassandraModule.forRoot` / `forRootAsync`: the cluster's own options (the same as
 * `new Cluster(...)`) plus what the module does with them (keyspaces, start-up hook, retries).
 */
import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Provider, Type } from '@nestjs/common';
import type { Cluster, ClusterSessionOptions, Session } from '../../index';

/** One connection: a `Cluster` and its sessions. */
export interface CassandraConnectionOptions extends ClusterSessionOptions {
  /**
   * Keyspace of the connection's default session (`@InjectSession()`): every pooled connection
   * USEs it. Default: none (statements name their keyspace).
   */
  keyspace?: string;
  /**
   * More keyspaces, each with its own injectable session (`@InjectSession({ keyspace })`), opened
   * with `cluster.connect(keyspace)` on the same cluster (at v5 the keyspace travels with each
   * request; at v3/v4 each has its own pools). Default: none.
   */
  keyspaces?: readonly string[];
  /**
   * Runs once the cluster is connected and before the keyspace sessions exist, with a session on
   * no keyspace (e.g. to create the keyspace and tables). A throw fails the bootstrap. Default: none.
   */
  onConnect?: (session: Session, cluster: Cluster) => Promise<void> | void;
  /** Further connection attempts when `connect()` fails at start-up. Default 0. */
  retryAttempts?: number;
  /** Wait between start-up connection attempts, ms. Default 3000. */
  retryDelayMs?: number;
}

/** `CassandraModule.forRoot(options)`. */
export interface CassandraModuleOptions extends CassandraConnectionOptions {
  /** Connection name (its tokens: `@InjectSession(name)`, `@InjectCluster(name)`). Default 'default'. */
  name?: string;
  /** Register the module globally (no need to import it in feature modules). Default false. */
  isGlobal?: boolean;
}

/** A class that produces a connection's options (`forRootAsync({ useClass | useExisting })`). */
export interface CassandraOptionsFactory {
  createCassandraOptions(connectionName: string): Promise<CassandraConnectionOptions> | CassandraConnectionOptions;
}

/** `CassandraModule.forRootAsync(options)`: the connection's options come from a provider. */
export interface CassandraModuleAsyncOptions extends Pick<ModuleMetadata, 'imports'> {
  /** Connection name. Default 'default'. It is static: tokens depend on it. */
  name?: string;
  /** Register the module globally. Default false. */
  isGlobal?: boolean;
  /**
   * Keyspaces whose sessions are injectable with `@InjectSession({ keyspace })`: tokens are made
   * before the factory runs, so they are listed here (merged with the factory's `keyspaces`).
   */
  keyspaces?: readonly string[];
  /** Builds the options; gets the `inject`ed providers as arguments. */
  useFactory?: (...args: never[]) => Promise<CassandraConnectionOptions> | CassandraConnectionOptions;
  /** Providers handed to `useFactory`. */
  inject?: ReadonlyArray<InjectionToken | OptionalFactoryDependency>;
  /** A class the module instantiates to create the options. */
  useClass?: Type<CassandraOptionsFactory>;
  /** An existing provider (from `imports`) that creates the options. */
  useExisting?: InjectionToken<CassandraOptionsFactory>;
  /** Providers the module adds beside its own (e.g. what `useClass` depends on). */
  extraProviders?: Provider[];
}
