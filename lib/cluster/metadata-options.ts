/**
 * The `metadata` cluster options: what the cluster reads and keeps of the schema and of the ring,
 * validated at construction (an `OptionError` naming the option and the value; nothing is sent)
 * and resolved into the scope the metadata layer reads within.
 */
import { FULL_SCOPE, type MetadataScope } from '../metadata/schema/scoped-reader';
import { OptionError } from '../errors/option-errors';

export interface MetadataOptions {
  /**
   * Read and keep the schema model (tables, columns, views, types, functions, aggregates) from
   * `system_schema`. With false, `cluster.metadata.schema` stays empty and schema events read
   * nothing; only each keyspace's `system_schema.keyspaces` row (its replication) is read, and
   * only while `tokenMap` is on, so that routing stays token-aware. Default true.
   */
  schema?: boolean;
  /**
   * Keep the schema of these keyspaces only (exact, case-sensitive names; virtual keyspaces
   * included). Every other keyspace is kept as its replication only (for routing). Requires
   * `schema` on. Default: every keyspace.
   */
  keyspaces?: readonly string[];
  /**
   * Build the token map from the hosts' tokens (token-aware routing, `cluster.metadata.getReplicas`).
   * With false there is no token map, replicas are never looked up, and requests go by the load
   * balancing policy's other rules (datacenter, busyness). Default true.
   */
  tokenMap?: boolean;
}

const describe = (v: unknown): string => (typeof v === 'string' ? JSON.stringify(v) : Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : String(v));

function bool(name: string, v: unknown): void {
  if (v !== undefined && typeof v !== 'boolean') throw new OptionError(name, `expected true or false, got ${describe(v)}`, v);
}

/** Throws an OptionError naming the first wrong field (`metadata.keyspaces[2]`, ...). */
export function validateMetadataOptions(m: unknown): void {
  if (m === undefined) return;
  if (typeof m !== 'object' || m === null || Array.isArray(m)) {
    throw new OptionError('metadata', `expected { schema?, keyspaces?, tokenMap? }, got ${describe(m)}`, m);
  }
  const o = m as Record<string, unknown>;
  const unknown = Object.keys(o).find((k) => k !== 'schema' && k !== 'keyspaces' && k !== 'tokenMap');
  if (unknown !== undefined) throw new OptionError(`metadata.${unknown}`, 'unknown option (known: schema, keyspaces, tokenMap)', o[unknown]);
  bool('metadata.schema', o['schema']);
  bool('metadata.tokenMap', o['tokenMap']);
  const ks = o['keyspaces'];
  if (ks === undefined) return;
  if (!Array.isArray(ks)) throw new OptionError('metadata.keyspaces', `expected an array of keyspace names, got ${describe(ks)}`, ks);
  ks.forEach((k: unknown, i) => {
    if (typeof k !== 'string' || k === '') throw new OptionError(`metadata.keyspaces[${i}]`, `expected a keyspace name, got ${describe(k)}`, k);
  });
  if (o['schema'] === false) {
    throw new OptionError('metadata.keyspaces', 'schema metadata is off (metadata.schema: false): an allow-list would keep nothing', ks);
  }
}

/** The scope the metadata layer reads within (call after validation). */
export function metadataScope(m: MetadataOptions | undefined): MetadataScope {
  if (!m) return FULL_SCOPE;
  return Object.freeze({
    schema: m.schema ?? true,
    keyspaces: m.keyspaces ? new Set(m.keyspaces) : null,
    tokenMap: m.tokenMap ?? true,
  });
}
