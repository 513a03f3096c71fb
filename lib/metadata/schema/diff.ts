/**
 * What differs between two schema snapshots: one entry per keyspace, table, view, user type,
 * function or aggregate created, updated or dropped — the SCHEMA_CHANGE events a server pushes
 * for the DDL that turns the first snapshot into the second. Used after a full re-read (the
 * control connection came back and the events sent meanwhile were lost).
 *
 * Elements are compared by definition, not identity: a full re-read builds new objects for
 * everything. Parsed type descriptors are left out of the comparison (the CQL type text beside
 * each one is compared instead), so `ALTER TYPE` reports the type only, as the server does, and
 * not every table that uses it.
 */
import { FrozenMap } from './frozen-map';
import type { KeyspaceMetadata } from './model';
import { compareNames } from './row-values';
import type { SchemaSnapshot } from './snapshot';

export type SchemaElementKind = 'keyspace' | 'table' | 'view' | 'type' | 'function' | 'aggregate';

export interface SchemaDifference {
  readonly change: 'created' | 'updated' | 'dropped';
  readonly target: SchemaElementKind;
  readonly keyspace: string;
  /** The element's name (absent for keyspaces). */
  readonly name?: string;
  /** CQL argument types of a function or aggregate, as stored. */
  readonly argTypes?: readonly string[];
}

/** Properties holding parsed type descriptors; the CQL type text beside each is compared instead. */
const RESOLVED: ReadonlySet<string> = new Set(['type', 'argumentTypes', 'returnType', 'stateType']);

/** Deep equality of two model values (frozen records, arrays, `FrozenMap`s in order, primitives). */
export function sameDefinition(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => sameDefinition(x, b[i]));
  }
  if (a instanceof FrozenMap || b instanceof FrozenMap) {
    if (!(a instanceof FrozenMap) || !(b instanceof FrozenMap) || a.size !== b.size) return false;
    const right = [...b.entries()];
    return [...a.entries()].every(([k, v], i) => Object.is(k, right[i]?.[0]) && sameDefinition(v, right[i]?.[1]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  if (keys.length !== Object.keys(right).length) return false;
  return keys.every((k) => Object.prototype.hasOwnProperty.call(right, k) &&
    ((RESOLVED.has(k) && typeof left[k] === 'object' && typeof right[k] === 'object') || sameDefinition(left[k], right[k])));
}

/** A keyspace's own options (what ALTER KEYSPACE changes): its tables, types and functions are compared one by one. */
function sameKeyspaceOptions(a: KeyspaceMetadata, b: KeyspaceMetadata): boolean {
  return a.virtual === b.virtual && a.durableWrites === b.durableWrites && sameDefinition(a.replication, b.replication);
}

interface Element {
  readonly name: string;
  readonly id?: string | null;
  readonly argumentCqlTypes?: readonly string[];
}

type Collection = 'userTypes' | 'functions' | 'aggregates' | 'tables' | 'views';

/** In creation order (a type before what uses it, functions before aggregates, tables before their views). */
const COLLECTIONS: ReadonlyArray<readonly [Collection, Exclude<SchemaElementKind, 'keyspace'>]> = [
  ['userTypes', 'type'], ['functions', 'function'], ['aggregates', 'aggregate'], ['tables', 'table'], ['views', 'view'],
];

function difference(change: SchemaDifference['change'], target: SchemaDifference['target'], keyspace: string, e: Element): SchemaDifference {
  return { change, target, keyspace, name: e.name, ...(e.argumentCqlTypes ? { argTypes: e.argumentCqlTypes } : {}) };
}

/** Every element of a keyspace as created (creation order) or dropped (the reverse: views first, types last). */
function everyElement(ks: KeyspaceMetadata, change: 'created' | 'dropped'): SchemaDifference[] {
  const groups = COLLECTIONS.map(([key, target]) => {
    const items: Element[] = [...(ks[key] as FrozenMap<string, Element>).values()];
    return (change === 'dropped' ? items.reverse() : items).map((e) => difference(change, target, ks.name, e));
  });
  return (change === 'dropped' ? groups.reverse() : groups).flat();
}

/** Changes inside a keyspace present in both snapshots: drops first (views → types), then creations and updates. */
function elementChanges(a: KeyspaceMetadata, b: KeyspaceMetadata): SchemaDifference[] {
  const drops: SchemaDifference[] = [];
  const others: SchemaDifference[] = [];
  for (const [key, target] of COLLECTIONS) {
    const before = a[key] as FrozenMap<string, Element>;
    const after = b[key] as FrozenMap<string, Element>;
    if (before === after) continue;
    const groupDrops: SchemaDifference[] = [];
    for (const [k, old] of before) if (!after.has(k)) groupDrops.push(difference('dropped', target, a.name, old));
    for (const [k, now] of after) {
      const old = before.get(k);
      if (!old) others.push(difference('created', target, b.name, now));
      else if (old.id && now.id && old.id !== now.id) {
        // Dropped and created again under the same name (a new table id).
        groupDrops.push(difference('dropped', target, a.name, old));
        others.push(difference('created', target, b.name, now));
      } else if (old !== now && !sameDefinition(old, now)) others.push(difference('updated', target, b.name, now));
    }
    drops.unshift(...groupDrops.reverse());
  }
  return [...drops, ...others];
}

/**
 * The differences from `before` to `after`, keyspaces in name order. A created keyspace is
 * reported with everything in it (created); a dropped one with everything in it (dropped), then
 * itself. Unchanged (shared or equal) elements are not reported.
 */
export function diffSchemas(before: SchemaSnapshot, after: SchemaSnapshot): SchemaDifference[] {
  if (before === after) return [];
  const names = new Set([...before.keyspaces(), ...after.keyspaces()].map((k) => k.name));
  const out: SchemaDifference[] = [];
  for (const name of [...names].sort(compareNames)) {
    const a = before.keyspace(name);
    const b = after.keyspace(name);
    if (a === b) continue;
    if (!a && b) {
      out.push({ change: 'created', target: 'keyspace', keyspace: name }, ...everyElement(b, 'created'));
    } else if (a && !b) {
      out.push(...everyElement(a, 'dropped'), { change: 'dropped', target: 'keyspace', keyspace: name });
    } else if (a && b) {
      if (!sameKeyspaceOptions(a, b)) out.push({ change: 'updated', target: 'keyspace', keyspace: name });
      out.push(...elementChanges(a, b));
    }
  }
  return out;
}
