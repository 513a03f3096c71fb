/**
 * What spans and metric points say about a statement, read from its CQL: the operation (first
 * keyword), the collection (the table it names, as written), and the query text under a policy
 * (off, sanitized: literals replaced by `?`, or full). Parsed once per distinct CQL (bounded cache).
 */
import { consistencyName } from '../../index';

/** How `db.query.text` is filled: not at all (default), literals replaced by `?`, or as written. */
export type QueryTextPolicy = 'off' | 'sanitized' | 'full';
export const QUERY_TEXT_POLICIES: readonly QueryTextPolicy[] = ['off', 'sanitized', 'full'];

export interface StatementFacts {
  /** `db.operation.name`: SELECT, INSERT, UPDATE, DELETE, BATCH, CREATE, ... (upper case). */
  readonly operation: string | undefined;
  /** `db.collection.name`: the table as written (possibly `keyspace.table`), when one is named. */
  readonly collection: string | undefined;
  /** The query text the span may carry (sanitized form computed on first use). */
  readonly cql: string;
  sanitized?: string;
}

const FIRST_WORD = /^\s*([A-Za-z]+)/;
const NAME = '((?:"(?:[^"]|"")+"|[A-Za-z0-9_]+)(?:\\.(?:"(?:[^"]|"")+"|[A-Za-z0-9_]+))?)';
const TABLE_AFTER: Record<string, RegExp> = {
  SELECT: new RegExp(`\\bFROM\\s+${NAME}`, 'i'),
  DELETE: new RegExp(`\\bFROM\\s+${NAME}`, 'i'),
  INSERT: new RegExp(`^\\s*INSERT\\s+INTO\\s+${NAME}`, 'i'),
  UPDATE: new RegExp(`^\\s*UPDATE\\s+${NAME}`, 'i'),
  TRUNCATE: new RegExp(`^\\s*TRUNCATE\\s+(?:TABLE\\s+)?${NAME}`, 'i'),
};

const CACHE_LIMIT = 1000;
const cache = new Map<string, StatementFacts>();

/** Facts of one CQL text (cached; the cache is cleared when it holds 1,000 texts). */
export function factsOf(cql: string): StatementFacts {
  const hit = cache.get(cql);
  if (hit !== undefined) return hit;
  const word = FIRST_WORD.exec(cql)?.[1]?.toUpperCase();
  const operation = cql.startsWith('BATCH (') ? 'BATCH' : word;
  const table = operation !== undefined ? TABLE_AFTER[operation]?.exec(cql)?.[1] : undefined;
  const facts: StatementFacts = { operation, collection: table, cql };
  if (cache.size >= CACHE_LIMIT) cache.clear();
  cache.set(cql, facts);
  return facts;
}

/**
 * The query with its literals replaced by `?`: quoted strings, numbers, UUIDs, blobs (0x...),
 * booleans stay (they are keywords). Bind markers are kept.
 */
export function sanitize(cql: string): string {
  return cql
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\$\$[\s\S]*?\$\$/g, '?')
    .replace(/\b0x[0-9a-fA-F]*\b/g, '?')
    .replace(/\b[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\b/g, '?')
    .replace(/(^|[^\w."])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?\b/g, '$1?');
}

/** `db.query.text` under `policy`, or undefined when it is off. */
export function queryTextOf(facts: StatementFacts, policy: QueryTextPolicy): string | undefined {
  if (policy === 'off') return undefined;
  if (policy === 'full') return facts.cql;
  facts.sanitized ??= sanitize(facts.cql);
  return facts.sanitized;
}

/** `cassandra.consistency.level`: the CQL name in lower case (e.g. `local_quorum`). */
export function consistencyLevel(code: number): string {
  return consistencyName(code).toLowerCase();
}

/** Span name per the database conventions: `{operation} {collection}`, else the keyspace, else `cassandra`. */
export function spanName(facts: StatementFacts, keyspace: string | undefined): string {
  const target = facts.collection ?? keyspace;
  if (facts.operation === undefined) return target ?? 'cassandra';
  return target !== undefined ? `${facts.operation} ${target}` : facts.operation;
}

/** `address:port` / `[v6]:port` → its parts (port NaN when absent). */
export function splitEndpoint(endpoint: string): { address: string; port: number } {
  const i = endpoint.lastIndexOf(':');
  if (i < 0 || endpoint.endsWith(']')) return { address: endpoint.replace(/^\[|\]$/g, ''), port: Number.NaN };
  return { address: endpoint.slice(0, i).replace(/^\[|\]$/g, ''), port: Number(endpoint.slice(i + 1)) };
}
