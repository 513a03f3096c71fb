/** Protocol schema changes → bus events. A table change may be a materialized view; the schema model tells. */
import type { SchemaChange } from '../protocol/events';
import type { SchemaChangeEvent, SchemaTarget } from './cluster-events';

const TARGETS: Record<string, SchemaTarget> = {
  KEYSPACE: 'keyspace', TABLE: 'table', TYPE: 'type', FUNCTION: 'function', AGGREGATE: 'aggregate',
};
const CHANGES: Record<string, SchemaChangeEvent['change']> = { CREATED: 'created', UPDATED: 'updated', DROPPED: 'dropped' };

export function toSchemaEvent(c: SchemaChange, isView = false): SchemaChangeEvent {
  return {
    type: 'schema',
    change: CHANGES[c.change] ?? 'updated',
    target: isView ? 'view' : TARGETS[c.target] ?? 'table',
    keyspace: c.keyspace,
    ...(c.name !== null ? { name: c.name } : {}),
    ...(c.argTypes !== null ? { argTypes: c.argTypes } : {}),
    at: Date.now(),
  };
}
