/**
 * What the decorators ask for and what the modules provide, so that injecting a connection (or a
 * keyspace session) nobody configures fails the bootstrap with a typed error naming it, rather
 * than with Nest's generic "can't resolve dependencies".
 *
 * The decorators note each token they inject; each `CassandraModule` notes the tokens it provides.
 * A global module, resolved once every module file has been evaluated, gives each token asked for
 * but never provided a transient provider whose factory throws `UnknownConnectionError`. Transient
 * providers are built only for the classes that inject them, so a token asked for by a class the
 * application does not use costs nothing. (Both sets are per process: in a process that builds
 * several applications, a token provided by one hides its absence from another, which then gets
 * Nest's own error, naming the token.)
 */
import { Module, Scope, type DynamicModule, type FactoryProvider, type InjectionToken } from '@nestjs/common';
import { CassandraModuleError, UnknownConnectionError } from '../../index';

interface Request {
  readonly connection: string;
  readonly keyspace: string | undefined;
  readonly requestedBy: string;
}

const requested = new Map<string, Request>();
const provided = new Set<InjectionToken>();

/** A decorator injects `token` (`requestedBy`: the class, for the error message). */
export function noteRequested(token: string, request: Request): void {
  if (!requested.has(token)) requested.set(token, request);
}

/** A module provides `token`. */
export function noteProvided(token: InjectionToken): void {
  provided.add(token);
}

@Module({})
class CassandraInjectionGuardModule {}

function guardProvider(token: string, r: Request): FactoryProvider {
  return {
    provide: token,
    scope: Scope.TRANSIENT,
    useFactory: (): never => {
      const connectionKnown = [...provided].some((t) => typeof t === 'string' && t.endsWith(`:connection:${r.connection}`));
      if (connectionKnown && r.keyspace !== undefined) {
        throw new CassandraModuleError(r.connection, 'keyspaces', `${r.requestedBy} injects the session of keyspace "${r.keyspace}", which is not listed in keyspaces`);
      }
      throw new UnknownConnectionError(r.connection, r.requestedBy, r.keyspace);
    },
  };
}

/**
 * The guard module, built on a later turn of the event loop than the `forRoot` that imports it:
 * by then the application's module files (and their decorators) have all been evaluated.
 */
export function injectionGuard(): Promise<DynamicModule> {
  return new Promise((resolve) => setImmediate(() => {
    const providers = [...requested].filter(([token]) => !provided.has(token)).map(([token, r]) => guardProvider(token, r));
    resolve({ module: CassandraInjectionGuardModule, global: true, providers, exports: providers.map((p) => p.provide) });
  }));
}
