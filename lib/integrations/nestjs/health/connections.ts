/**
 * Finds a connection record by name from anywhere in the application (the health indicator and
 * the status service serve every connection, whichever module instance they were built in).
 */
import type { ModuleRef } from '@nestjs/core';
import { CassandraConnection } from '../cassandra-connection';
import { UnknownConnectionError } from '../../../index';
import { connectionNameOf, getConnectionToken } from '../tokens';

export function findConnection(moduleRef: ModuleRef, connection: string | undefined, requestedBy: string): CassandraConnection {
  const name = connectionNameOf(connection);
  let found: unknown;
  try {
    found = moduleRef.get(getConnectionToken(name), { strict: false });
  } catch {
    found = undefined;
  }
  if (!(found instanceof CassandraConnection)) throw new UnknownConnectionError(name, requestedBy);
  return found;
}
