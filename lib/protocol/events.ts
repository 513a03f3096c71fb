/** EVENT bodies and the schema-change description shared with RESULT Schema_change (spec v5 4.2.6). */
import { ProtocolError } from '../errors/codec-errors';
import type { Inet, Reader } from './reader';

export type SchemaChangeTarget = 'KEYSPACE' | 'TABLE' | 'TYPE' | 'FUNCTION' | 'AGGREGATE';

export interface SchemaChange {
  /** CREATED, UPDATED or DROPPED. */
  readonly change: string;
  readonly target: SchemaChangeTarget;
  readonly keyspace: string;
  /** Table, type, function or aggregate name; null for KEYSPACE. */
  readonly name: string | null;
  /** CQL argument types for FUNCTION and AGGREGATE, else null. */
  readonly argTypes: readonly string[] | null;
}

export type ServerEvent =
  | { readonly type: 'TOPOLOGY_CHANGE'; readonly change: string; readonly address: Inet }
  | { readonly type: 'STATUS_CHANGE'; readonly change: string; readonly address: Inet }
  | ({ readonly type: 'SCHEMA_CHANGE' } & SchemaChange);

/** Reads <change_type><target><options> (the v3+ form). */
export function readSchemaChange(r: Reader): SchemaChange {
  const change = r.string();
  const target = r.string();
  switch (target) {
    case 'KEYSPACE':
      return { change, target, keyspace: r.string(), name: null, argTypes: null };
    case 'TABLE':
    case 'TYPE':
      return { change, target, keyspace: r.string(), name: r.string(), argTypes: null };
    case 'FUNCTION':
    case 'AGGREGATE':
      return { change, target, keyspace: r.string(), name: r.string(), argTypes: r.stringList() };
    default:
      throw new ProtocolError(`Unknown schema change target "${target}"`);
  }
}

/** Reads an EVENT body. Unknown event types raise `ProtocolError`. */
export function readEvent(r: Reader): ServerEvent {
  const type = r.string();
  switch (type) {
    case 'TOPOLOGY_CHANGE':
    case 'STATUS_CHANGE':
      return { type, change: r.string(), address: r.inet() };
    case 'SCHEMA_CHANGE':
      return { type, ...readSchemaChange(r) };
    default:
      throw new ProtocolError(`Unknown event type "${type}"`);
  }
}
