/**
 * The one thing the schema layer needs from the layers that talk to Cassandra: run a CQL query
 * and hand back every row (all pages) as an object keyed by column name. Keeping it this small
 * lets the schema fetcher run over a raw connection, a control connection or a test fake.
 */

/** A row as an object keyed by column name; values as the types layer decodes them. */
export type SchemaRow = Readonly<Record<string, unknown>>;

export interface QueryRunner {
  /**
   * Runs `cql` (with positional `params`, encoded by the runner) and resolves with all its rows.
   * Rejects with the server's error when the query fails.
   */
  query(cql: string, params?: readonly unknown[]): Promise<SchemaRow[]>;
}

/** A CQL string literal: single quotes, embedded quotes doubled. Safe for any text. */
export function cqlString(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}
