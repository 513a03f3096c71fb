/**
 * `CassandraModule`: one `forRoot` / `forRootAsync` per connection. Each call adds a connection
 * (named, default 'default') whose cluster connects while Nest initializes its modules and shuts
 * down with the application, and exports its cluster, sessions, connection record, the health
 * indicator and the host status service.
 */
import { Module, type DynamicModule, type Provider } from '@nestjs/common';
import { CassandraModuleError } from '../../index';
import { CassandraHealthIndicator } from './health/cassandra-health.indicator';
import { CassandraStatusService } from './health/cassandra-status.service';
import { injectionGuard } from './injection-registry';
import type { CassandraModuleAsyncOptions, CassandraModuleOptions } from './options';
import { asyncOptionsProviders, connectionProviders } from './providers';
import { DEFAULT_CONNECTION, getOptionsToken } from './tokens';

function connectionName(name: unknown): string {
  if (name === undefined) return DEFAULT_CONNECTION;
  if (typeof name !== 'string' || name.trim() === '') {
    throw new CassandraModuleError(String(name), 'name', 'expected a non-empty connection name');
  }
  return name;
}

function build(name: string, isGlobal: boolean | undefined, options: Provider[], keyspaces: readonly string[], imports: DynamicModule['imports'] = []): DynamicModule {
  const providers = [...options, ...connectionProviders(name, keyspaces), CassandraHealthIndicator, CassandraStatusService];
  const exported = providers.filter((p) => !options.includes(p)).map((p) => (typeof p === 'function' ? p : p.provide));
  return {
    module: CassandraModule,
    global: isGlobal ?? false,
    imports: [...imports, injectionGuard()],
    providers,
    exports: exported,
  };
}

@Module({})
export class CassandraModule {
  /** A connection from static options (`new Cluster` options plus `keyspace`, `keyspaces`, `onConnect`, ...). */
  static forRoot(options: CassandraModuleOptions): DynamicModule {
    if (typeof options !== 'object' || options === null) {
      throw new CassandraModuleError(DEFAULT_CONNECTION, 'options', 'CassandraModule.forRoot needs an options object');
    }
    const name = connectionName(options.name);
    const keyspaces = [...(options.keyspace !== undefined ? [options.keyspace] : []), ...(options.keyspaces ?? [])];
    return build(name, options.isGlobal, [{ provide: getOptionsToken(name), useValue: options }], keyspaces);
  }

  /** A connection whose options come from a factory, a class or an existing provider. */
  static forRootAsync(options: CassandraModuleAsyncOptions): DynamicModule {
    if (typeof options !== 'object' || options === null) {
      throw new CassandraModuleError(DEFAULT_CONNECTION, 'options', 'CassandraModule.forRootAsync needs an options object');
    }
    const name = connectionName(options.name);
    const given = [options.useFactory, options.useClass, options.useExisting].filter((x) => x !== undefined).length;
    if (given !== 1) {
      throw new CassandraModuleError(name, 'forRootAsync', `give exactly one of useFactory, useClass or useExisting (got ${given})`);
    }
    const providers = [...asyncOptionsProviders(name, options), ...(options.extraProviders ?? [])];
    return build(name, options.isGlobal, providers, options.keyspaces ?? [], options.imports);
  }
}
