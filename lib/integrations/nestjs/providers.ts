/**
 * The providers one connection adds to the application: its options, its connection record (built
 * by an async factory, so Nest waits for `connect()` before the application listens), its
 * `Cluster`, its default session and one session per statically listed keyspace.
 */
import type { FactoryProvider, InjectionToken, OptionalFactoryDependency, Provider } from '@nestjs/common';
import type { Cluster, Session } from '../../index';
import { CassandraConnection } from './cassandra-connection';
import { CassandraModuleError } from '../../index';
import type { CassandraConnectionOptions, CassandraModuleAsyncOptions, CassandraOptionsFactory } from './options';
import { noteProvided } from './injection-registry';
import { getClusterToken, getConnectionToken, getOptionsToken, getSessionToken } from './tokens';

/** Connection, cluster and session providers of one connection (all exported by its module). */
export function connectionProviders(name: string, keyspaces: readonly string[]): Provider[] {
  const connection = getConnectionToken(name);
  const providers: FactoryProvider[] = [
    { provide: connection, inject: [getOptionsToken(name)], useFactory: (options: unknown) => CassandraConnection.open(name, options) },
    { provide: getClusterToken(name), inject: [connection], useFactory: (c: CassandraConnection): Cluster => c.cluster },
    { provide: getSessionToken(name), inject: [connection], useFactory: (c: CassandraConnection): Session => c.session },
    ...keyspaces.map((keyspace): FactoryProvider => ({
      provide: getSessionToken({ connection: name, keyspace }),
      inject: [connection],
      useFactory: (c: CassandraConnection): Session => c.sessionFor(keyspace),
    })),
  ];
  for (const p of providers) noteProvided(p.provide);
  return providers;
}

/** The options provider of `forRootAsync` (factory, class or existing provider). */
export function asyncOptionsProviders(name: string, options: CassandraModuleAsyncOptions): Provider[] {
  const token = getOptionsToken(name);
  const statics = options.keyspaces ?? [];
  const merge = (given: CassandraConnectionOptions): CassandraConnectionOptions =>
    statics.length === 0 || typeof given !== 'object' || given === null
      ? given
      : { ...given, keyspaces: [...new Set([...(given.keyspaces ?? []), ...statics])] };
  if (options.useFactory) {
    const factory = options.useFactory;
    const inject: Array<InjectionToken | OptionalFactoryDependency> = [...(options.inject ?? [])];
    return [{
      provide: token,
      inject,
      useFactory: async (...args: unknown[]) => merge(await produce(name, 'useFactory', () => factory(...(args as never[])))),
    }];
  }
  const source = options.useClass ?? options.useExisting;
  if (source === undefined) {
    throw new CassandraModuleError(name, 'forRootAsync', 'give one of useFactory, useClass or useExisting');
  }
  const fromFactory: Provider = {
    provide: token,
    inject: [source],
    useFactory: async (f: CassandraOptionsFactory) =>
      merge(await produce(name, options.useClass ? 'useClass' : 'useExisting', () => f.createCassandraOptions(name))),
  };
  return options.useClass ? [{ provide: options.useClass, useClass: options.useClass }, fromFactory] : [fromFactory];
}

/** Runs the user's options factory; a throw becomes a `CassandraModuleError` naming it. */
async function produce(name: string, option: string, run: () => Promise<CassandraConnectionOptions> | CassandraConnectionOptions): Promise<CassandraConnectionOptions> {
  try {
    return await run();
  } catch (e) {
    const why = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
    throw new CassandraModuleError(name, option, `the options factory threw ${why}`, { cause: e });
  }
}
