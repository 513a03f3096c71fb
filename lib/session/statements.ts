/**
 * Statements: simple CQL with positional or named parameters, prepared statements and their bound
 * form, and batches. Values are encoded (and checked) when bound; a bad value raises a typed
 * error naming the parameter and nothing is sent.
 */
import { StatementError } from '../errors/client-errors';
import type { Result } from '../protocol/result';
import type { ColumnSpec } from '../protocol/result-metadata';
import type { DataType } from '../types/data-type';
import type { BoundValue } from '../protocol/writer';
import { encodeValue } from '../types/encode';
import { encodeInferred, type TypeHint } from '../types/infer';
import { UNSET } from '../types/unset';
import type { TypeRegistry } from '../types/type-registry';
import type { EncodeTransform } from '../types/value-transforms';
import { routingKeyOf } from '../metadata/routing-key';
import { rowFactory, type Row } from './result-set';
import { kindOf, type StatementKind } from './statement-kind';

/** Positional values, or named values keyed by bind-marker name. */
export type Params = readonly unknown[] | Readonly<Record<string, unknown>>;

/** What a PREPARE answered: the parts of a prepared statement the server may change later. */
export interface PreparedShape {
  readonly id: Buffer;
  readonly resultMetadataId: Buffer | null;
  readonly variables: readonly ColumnSpec[];
  readonly partitionKeyIndexes: readonly number[];
  readonly resultColumns: readonly ColumnSpec[];
}

/** The shape of a PREPARED result. */
export function shapeOf(r: Extract<Result, { kind: 'prepared' }>): PreparedShape {
  return {
    id: r.id,
    resultMetadataId: r.resultMetadataId,
    variables: r.variables.columns,
    partitionKeyIndexes: r.variables.partitionKeyIndexes,
    resultColumns: r.resultMetadata.columns ?? [],
  };
}

/**
 * A prepared statement: what the server returned for PREPARE. Bind it with values to execute.
 * A schema change to a table or type it uses marks it stale; the next execution prepares it
 * again and takes the server's new bind markers and result columns.
 */
export class PreparedStatement {
  /** The server's id for it (a copy). */
  readonly id: Buffer;
  /** v5: id of the result metadata; replaced when the server reports a change. */
  resultMetadataId: Buffer | null;
  /** Columns of the rows it returns (empty for statements without rows). */
  resultColumns: readonly ColumnSpec[];
  private vars: readonly ColumnSpec[];
  private pkIndexes: readonly number[];
  private staleSince = false;
  private refreshing: Promise<PreparedStatement> | null = null;

  /** @internal Prepared statements come from `session.prepare()` (or `prepare: true`). */
  static of(query: string, keyspace: string | undefined, shape: PreparedShape, types?: TypeRegistry): PreparedStatement {
    return new PreparedStatement(query, keyspace, shape, types);
  }

  private constructor(readonly query: string, readonly keyspace: string | undefined, shape: PreparedShape, private readonly types?: TypeRegistry) {
    this.id = shape.id;
    this.resultMetadataId = shape.resultMetadataId;
    this.vars = shape.variables;
    this.pkIndexes = shape.partitionKeyIndexes;
    this.resultColumns = shape.resultColumns;
  }

  /** Bind markers, in order. */
  get variables(): readonly ColumnSpec[] {
    return this.vars;
  }

  /** Bind-marker index of each partition-key column, in key order (empty when not all are bound). */
  get partitionKeyIndexes(): readonly number[] {
    return this.pkIndexes;
  }

  /** True once a schema change touched a table or type it uses, until it is prepared again. */
  get stale(): boolean {
    return this.staleSince;
  }

  /** @internal Marks it for re-preparation on next use. */
  markStale(): void {
    this.staleSince = true;
  }

  /** @internal A new PREPARE answer for the same query: takes its markers, columns and metadata id. */
  refresh(shape: PreparedShape): void {
    this.resultMetadataId = shape.resultMetadataId;
    this.vars = shape.variables;
    this.pkIndexes = shape.partitionKeyIndexes;
    this.resultColumns = shape.resultColumns;
    this.staleSince = false;
  }

  /** @internal One re-preparation at a time: concurrent callers share it. */
  refreshOnce(run: () => Promise<PreparedStatement>): Promise<PreparedStatement> {
    this.refreshing ??= run().finally(() => {
      this.refreshing = null;
    });
    return this.refreshing;
  }

  /** @internal True when a change to `keyspace` (and table or type `name`, null for the keyspace) concerns it. */
  dependsOn(target: 'KEYSPACE' | 'TABLE' | 'TYPE' | string, keyspace: string, name: string | null): boolean {
    const cols = [...this.vars, ...this.resultColumns];
    if (target === 'TABLE') return cols.some((c) => c.keyspace === keyspace && c.table === name);
    if (target === 'TYPE') return cols.some((c) => usesType(c.type, keyspace, name));
    if (target === 'KEYSPACE') return cols.some((c) => c.keyspace === keyspace);
    return false;
  }

  /** Encodes `params` for this statement's markers. Throws InvalidValueError / StatementError. */
  bind(params: Params = []): BoundStatement {
    const types = this.types;
    return BoundStatement.of(this, encodePrepared(this, params, types === undefined || types.isEmpty ? null : this.paramTransforms(types)));
  }

  /** The registered-type transforms of the bind markers (null: none applies); resolved once per markers and registry state. */
  private paramTransforms(types: TypeRegistry): readonly (EncodeTransform | null)[] | null {
    const cached = this.transforms;
    if (cached !== undefined && cached.vars === this.vars && cached.generation === types.generation) return cached.fns;
    const fns = this.vars.map((c) => types.encoder(c.type));
    const result = fns.some((f) => f !== null) ? fns : null;
    this.transforms = { vars: this.vars, generation: types.generation, fns: result };
    return result;
  }

  private transforms: { vars: readonly ColumnSpec[]; generation: number; fns: readonly (EncodeTransform | null)[] | null } | undefined;

  /**
   * @internal What the statement is (lib/session/statement-kind.ts), read from its text as for
   * simple statements: Cassandra's PREPARED answer carries no LWT flag.
   */
  get kind(): StatementKind {
    return (this.statementKind ??= kindOf(this.query));
  }

  /** Lightweight transactions get replica-ordered routing. */
  get isLwt(): boolean {
    return this.kind.isLwt;
  }

  /** SELECTs are idempotent unless the execution says otherwise. */
  get isSelect(): boolean {
    return this.kind.isSelect;
  }

  /** @internal Builds rows of this statement's result columns (one shared row class; cached). */
  rowMaker<T extends object>(): (values: unknown[]) => Row<T> {
    if (!this.maker || this.makerColumns !== this.resultColumns) {
      this.maker = rowFactory<object>(this.resultColumns);
      this.makerColumns = this.resultColumns;
    }
    return this.maker as (values: unknown[]) => Row<T>;
  }

  private maker: ((values: unknown[]) => Row<object>) | undefined;
  private makerColumns: readonly ColumnSpec[] | undefined;
  private statementKind: StatementKind | undefined;
}

export class BoundStatement {
  /** Serialized partition key for token-aware routing, or undefined when not computable. */
  readonly routingKey: Buffer | undefined;

  /** @internal Bound statements come from `prepared.bind(params)`. */
  static of(prepared: PreparedStatement, values: readonly BoundValue[]): BoundStatement {
    return new BoundStatement(prepared, values);
  }

  private constructor(readonly prepared: PreparedStatement, readonly values: readonly BoundValue[]) {
    this.routingKey = routingKeyOf(prepared.partitionKeyIndexes, values);
  }
}

/** A statement in a batch: CQL with params, or a bound prepared statement. */
export type BatchEntry = { readonly query: string; readonly params?: Params; readonly hints?: Hints } | BoundStatement;

/** Type hints for simple statements: by position or by name. */
export type Hints = readonly (TypeHint | undefined)[] | Readonly<Record<string, TypeHint>>;

/** True when `type` is, or contains, the UDT `keyspace.name`. */
function usesType(type: DataType, keyspace: string, name: string | null): boolean {
  switch (type.kind) {
    case 'udt': return (type.keyspace === keyspace && type.name === name) || type.fields.some((f) => usesType(f.type, keyspace, name));
    case 'list': case 'set': case 'vector': return usesType(type.element, keyspace, name);
    case 'map': return usesType(type.key, keyspace, name) || usesType(type.value, keyspace, name);
    case 'tuple': return type.elements.some((e) => usesType(e, keyspace, name));
    default: return false;
  }
}

function isPositional(p: Params): p is readonly unknown[] {
  return Array.isArray(p);
}

function encodePrepared(ps: PreparedStatement, params: Params, transforms: readonly (EncodeTransform | null)[] | null): BoundValue[] {
  const vars = ps.variables;
  const target = (c: ColumnSpec, i: number): string => `parameter ${i} ("${c.name}")`;
  if (isPositional(params)) {
    if (params.length !== vars.length) {
      throw new StatementError(`The statement has ${vars.length} bind marker(s) but ${params.length} value(s) were given: ${ps.query.slice(0, 120)}`);
    }
    if (transforms === null) return vars.map((c, i) => encodeValue(c.type, params[i], target(c, i)));
    return vars.map((c, i) => encodeValue(c.type, transformed(transforms[i], params[i], c, i, target), target(c, i)));
  }
  const byName = new Map<string, number>();
  vars.forEach((c, i) => byName.set(c.name, i));
  for (const key of Object.keys(params)) {
    if (!byName.has(key) && !byName.has(key.toLowerCase())) {
      throw new StatementError(`Unknown parameter "${key}" (markers: ${vars.map((v) => v.name).join(', ')})`);
    }
  }
  const rec = params as Readonly<Record<string, unknown>>;
  return vars.map((c, i) => {
    const value = c.name in rec ? rec[c.name] : findInsensitive(rec, c.name);
    if (value === undefined) return UNSET;
    return encodeValue(c.type, transforms === null ? value : transformed(transforms[i], value, c, i, target), target(c, i));
  });
}

/** `value` through the registered transform of its marker, when it has one (null, undefined and unset pass as they are). */
function transformed(fn: EncodeTransform | null | undefined, value: unknown, c: ColumnSpec, i: number, target: (c: ColumnSpec, i: number) => string): unknown {
  return fn && value !== null && value !== undefined && value !== UNSET ? fn(value, target(c, i)) : value;
}

function findInsensitive(rec: Readonly<Record<string, unknown>>, name: string): unknown {
  const lower = name.toLowerCase();
  for (const k of Object.keys(rec)) if (k.toLowerCase() === lower) return rec[k];
  return undefined;
}

/** Encodes simple-statement params by inference (or hints). Named params keep their names. */
export function encodeSimple(params: Params | undefined, hints?: Hints, types?: TypeRegistry): { values?: BoundValue[]; namedValues?: Array<[string, BoundValue]> } {
  if (params === undefined) return {};
  const encode = types === undefined || types.isEmpty ? encodeInferred : registeredInferred(types);
  if (isPositional(params)) {
    const h = (hints ?? []) as readonly (TypeHint | undefined)[];
    return { values: params.map((v, i) => encode(v, `parameter ${i}`, Array.isArray(h) ? h[i] : undefined)) };
  }
  const named = hints && !Array.isArray(hints) ? (hints as Readonly<Record<string, TypeHint>>) : {};
  return {
    namedValues: Object.entries(params).map(([k, v]) => [k, encode(v, `parameter "${k}"`, named[k])]),
  };
}

/**
 * Inference with registrations: a value of a registered codec's or user type's class is converted
 * and sent as that CQL type (a hint still wins for the type; the value is converted for it).
 */
function registeredInferred(types: TypeRegistry): (value: unknown, target: string, hint?: TypeHint) => BoundValue {
  return (value, target, hint) => {
    if (hint !== undefined) {
      const type = typeof hint === 'string' ? undefined : hint;
      const fn = type !== undefined ? types.encoder(type) : null;
      const v = fn && value !== null && value !== undefined && value !== UNSET ? fn(value, target) : types.inferable(value, target).value;
      return encodeInferred(v, target, hint);
    }
    const { value: v, type } = types.inferable(value, target);
    return type !== undefined ? encodeValue(type, v, target) : encodeInferred(v, target);
  };
}
