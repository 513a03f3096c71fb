/**
 * Protocol schema changes → bus events. A table change may be a materialized view; the schema
 * model tells. Differences found by a full re-read (after the control connection returned) take
 * the same shape.
 */
import type { SchemaDifference } from '../metadata/schema/diff';
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

/** One difference between the schema before and after a full re-read, as the bus event its DDL would have caused. */
export function differenceToEvent(d: SchemaDifference): SchemaChangeEvent {
  return {
    type: 'schema',
    change: d.change,
    target: d.target,
    keyspace: d.keyspace,
    ...(d.name !== undefined ? { name: d.name } : {}),
    ...(d.argTypes !== undefined ? { argTypes: d.argTypes } : {}),
    at: Date.now(),
  };
}
