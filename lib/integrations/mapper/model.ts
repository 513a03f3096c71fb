/**
 * A model: a table's columns mapped to the properties of a TypeScript type. Defined once with
 * `defineModel`, either inferring the type from the columns or checking a declared type against
 * them (a property without a column, a column for no property, or a column of the wrong value type
 * does not compile). Column names come from the naming convention (camelCase properties ↔
 * snake_case columns by default) unless a column says `named()`.
 */
import { MappingError } from '../../index';
import type { Column, ColumnRole, ValueOf } from './columns';

/** How property names become column names. */
export type NamingConvention = 'snake_case' | 'exact';

/** Columns by property name. */
export type ColumnMap = Readonly<Record<string, Column<unknown, ColumnRole>>>;

/** The columns a type `T` needs: one per property, each of the property's value type. */
export type ColumnsFor<T> = { readonly [K in keyof T]-?: Column<NonNullable<T[K]>, ColumnRole> };

/** The roles of primary-key columns. */
export type KeyRole = 'partition' | 'clustering';

/** The properties that make the primary key. */
export type KeyProperties<C> = { [K in keyof C]: C[K] extends Column<unknown, KeyRole> ? K : never }[keyof C];

/** The type a model of columns `C` maps rows to: key properties are never null, the others may be. */
export type ModelTypeOf<C> = {
  -readonly [K in keyof C]: C[K] extends Column<unknown, KeyRole> ? ValueOf<C[K]> : ValueOf<C[K]> | null;
};

export interface ModelDefinition<C> {
  /** The table's keyspace; default: the session's. */
  readonly keyspace?: string;
  readonly table: string;
  readonly columns: C;
  /** Default `'snake_case'` (`createdAt` ↔ `created_at`). */
  readonly naming?: NamingConvention;
}

/** One mapped property, resolved. */
export interface MappedProperty {
  readonly property: string;
  readonly column: string;
  /** The column's name quoted for CQL. */
  readonly quoted: string;
  readonly role: ColumnRole;
  readonly cqlType: string;
}

/** `createdAt` → `created_at`. */
export function snakeCase(name: string): string {
  return name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').replace(/([A-Z])([A-Z][a-z])/g, '$1_$2').toLowerCase();
}

/** A CQL identifier, always quoted (a quoted lowercase name is the same column as the bare one). */
export function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** What statements need of a model (any row type). */
export interface ModelShape {
  readonly name: string;
  readonly properties: readonly MappedProperty[];
  readonly partitionKey: readonly MappedProperty[];
  readonly clustering: readonly MappedProperty[];
  readonly qualifiedTable: string;
  property(property: string): MappedProperty;
  isKey(p: MappedProperty): boolean;
}

/**
 * A defined model: `T` is the row type, `K` the primary-key properties. Immutable; share one per
 * table. The mapper prepares its statements on first use.
 */
export class Model<T extends object, K extends keyof T = keyof T> implements ModelShape {
  /** `keyspace.table` (or the table when the keyspace is the session's): how errors name it. */
  readonly name: string;
  readonly properties: readonly MappedProperty[];
  readonly partitionKey: readonly MappedProperty[];
  readonly clustering: readonly MappedProperty[];
  /** The quoted table name, keyspace-qualified when given. */
  readonly qualifiedTable: string;
  private readonly byProperty: ReadonlyMap<string, MappedProperty>;
  /** Never set: carries `T` and `K` for the compiler. */
  readonly rowType?: T;
  readonly keyType?: K;

  /** @internal Models come from `defineModel`. */
  constructor(readonly keyspace: string | undefined, readonly table: string, columns: ColumnMap, naming: NamingConvention) {
    this.name = keyspace !== undefined ? `${keyspace}.${table}` : table;
    if (typeof table !== 'string' || table === '') throw new MappingError(String(table), undefined, undefined, 'the table name must be a non-empty string');
    const convert = naming === 'exact' ? (p: string): string => p : snakeCase;
    const props = Object.entries(columns).map(([property, c]): MappedProperty => {
      if (typeof c !== 'object' || c === null || typeof c.cqlType !== 'string') {
        throw new MappingError(this.name, property, undefined, 'is not a column (use col.text(), col.int(), ...)');
      }
      const column = c.columnName ?? convert(property);
      return { property, column, quoted: quote(column), role: c.role, cqlType: c.cqlType };
    });
    const seen = new Map<string, string>();
    for (const p of props) {
      const other = seen.get(p.column);
      if (other !== undefined) throw new MappingError(this.name, p.property, p.column, `maps to the same column as property "${other}"`);
      seen.set(p.column, p.property);
    }
    this.properties = Object.freeze(props);
    this.partitionKey = props.filter((p) => p.role === 'partition');
    this.clustering = props.filter((p) => p.role === 'clustering');
    if (this.partitionKey.length === 0) throw new MappingError(this.name, undefined, undefined, 'no column is marked partitionKey()');
    this.byProperty = new Map(props.map((p) => [p.property, p]));
    this.qualifiedTable = keyspace !== undefined ? `${quote(keyspace)}.${quote(table)}` : quote(table);
  }

  /** The mapping of `property`; a MappingError when it is not mapped. */
  property(property: string): MappedProperty {
    const p = this.byProperty.get(property);
    if (p === undefined) throw new MappingError(this.name, property, undefined, `is not mapped (mapped: ${this.properties.map((x) => x.property).join(', ')})`);
    return p;
  }

  /** True for partition-key and clustering properties. */
  isKey(p: MappedProperty): boolean {
    return p.role === 'partition' || p.role === 'clustering';
  }
}

/** The row type of a model. */
export type RowOf<M> = M extends { readonly rowType?: infer T } ? Exclude<T, undefined> : never;

/** Columns given for `T` must be exactly its properties (a column for no property is `never`). */
export type ExactColumns<T, C> = C & { readonly [P in Exclude<keyof C, keyof T>]: never };

/**
 * Defines a model. `defineModel({ table, columns })` infers the row type from the columns;
 * `defineModel<User>()({ table, columns })` checks `User` against them at compile time.
 */
export function defineModel<T extends object>(): <C extends ColumnsFor<T>>(definition: ModelDefinition<ExactColumns<T, C>>) => Model<T, KeyProperties<C> & keyof T>;
export function defineModel<C extends ColumnMap>(definition: ModelDefinition<C>): Model<ModelTypeOf<C>, KeyProperties<C> & keyof ModelTypeOf<C>>;
export function defineModel(definition?: ModelDefinition<ColumnMap>): unknown {
  const make = (d: ModelDefinition<ColumnMap>): Model<object> => {
    if (typeof d !== 'object' || d === null) throw new MappingError('(model)', undefined, undefined, 'expected { table, columns, keyspace?, naming? }');
    const naming = d.naming ?? 'snake_case';
    if (naming !== 'snake_case' && naming !== 'exact') throw new MappingError(String(d.table), undefined, undefined, `naming must be 'snake_case' or 'exact', got ${String(naming)}`);
    return new Model(d.keyspace, d.table, d.columns, naming);
  };
  return definition === undefined ? make : make(definition);
}
