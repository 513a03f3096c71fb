/**
 * Parameter decorators that inject a connection's `Cluster`, a `Session` or the whole connection
 * record, by connection name (default 'default') and, for sessions, keyspace.
 *
 *   constructor(@InjectSession() session: Session, @InjectCluster('analytics') analytics: Cluster) {}
 */
import { Inject } from '@nestjs/common';
import { noteRequested } from './injection-registry';
import { connectionNameOf, getClusterToken, getConnectionToken, getSessionToken, type SessionRef } from './tokens';

/** A constructor-parameter decorator (what `InjectSession` / `InjectCluster` return). */
export type ParamDecorator = (target: object, key: string | symbol | undefined, index: number) => void;

function injecting(token: string, connection: string, keyspace: string | undefined): ParamDecorator {
  const inject = Inject(token);
  return (target, key, index) => {
    const owner = typeof target === 'function' ? target.name : target.constructor.name;
    noteRequested(token, { connection, keyspace, requestedBy: owner });
    inject(target, key, index);
  };
}

/**
 * Injects a `Session`: `@InjectSession()` the default connection's default session,
 * `@InjectSession('analytics')` another connection's, `@InjectSession({ keyspace: 'audit' })` the
 * session of a keyspace listed in `keyspaces` (optionally with `connection`).
 */
export function InjectSession(ref?: string | SessionRef): ParamDecorator {
  const keyspace = typeof ref === 'object' ? ref.keyspace : undefined;
  return injecting(getSessionToken(ref ?? {}), connectionNameOf(ref), keyspace);
}

/** Injects the `Cluster` of a connection (default 'default'): hosts, events, metrics, shutdown. */
export function InjectCluster(connection?: string): ParamDecorator {
  return injecting(getClusterToken(connection), connectionNameOf(connection), undefined);
}

/** Injects the `CassandraConnection` record of a connection: cluster, sessions, local datacenter. */
export function InjectConnection(connection?: string): ParamDecorator {
  return injecting(getConnectionToken(connection), connectionNameOf(connection), undefined);
}
