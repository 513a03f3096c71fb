/**
 * The service's tables, created at start-up (the module's `onConnect` runs before the sessions
 * open on the keyspace, so the keyspace can be created there). Idempotent.
 */
import { firstValueFrom } from 'rxjs';
import type { Session } from 'cassandra-rx';

/** Products: the CRUD resource and the paged listing. */
export const PRODUCTS = 'products';
/** Sensor readings: one partition per sensor, ordered by seq; streamed over SSE. */
export const READINGS = 'readings';

export function schema(keyspace: string, replicationFactor: number): (session: Session) => Promise<void> {
  if (!/^[a-z][a-z0-9_]{0,47}$/.test(keyspace)) throw new Error(`CASSANDRA_KEYSPACE must be a plain lower-case name, got "${keyspace}"`);
  return async (session) => {
    const run = (cql: string): Promise<unknown> => firstValueFrom(session.execute(cql));
    await run(`CREATE KEYSPACE IF NOT EXISTS ${keyspace} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': ${replicationFactor}}`);
    await run(`CREATE TABLE IF NOT EXISTS ${keyspace}.${PRODUCTS} (id uuid PRIMARY KEY, name text, price decimal, tags set<text>, created_at timestamp)`);
    await run(`CREATE TABLE IF NOT EXISTS ${keyspace}.${READINGS} (sensor text, seq int, value double, note text, PRIMARY KEY (sensor, seq))`);
  };
}
