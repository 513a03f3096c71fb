/**
 * Column descriptors of the object mapper: `col.text()`, `col.uuid().partitionKey()`,
 * `col.list(col.int())`, `col.udt<Address>('address')`. Each carries the CQL type, the column's
 * role in the primary key, an optional explicit column name, and (for the compiler only) the
 * JavaScript type of its values, so a model's type is checked against its mapping.
 */
import type { BigDecimal, Duration, InetAddress, LocalDate, LocalTime, TimeUuid, Tuple, Uuid } from '../../index';
import type Long from 'long';

export type ColumnRole = 'partition' | 'clustering' | 'static' | 'regular';

/** A mapped column. `T` is the JavaScript type of its (non-null) values. */
export interface Column<T, R extends ColumnRole = ColumnRole> {
  /** The CQL type, as written in the table's definition (`frozen<list<text>>`). */
  readonly cqlType: string;
  readonly role: R;
  /** The column's name when given with `named()`; else the model's naming convention applies. */
  readonly columnName: string | undefined;
  /** Clustering order, for clustering columns. */
  readonly order: 'asc' | 'desc' | undefined;
  /** Never set: carries `T` for the compiler. */
  readonly valueType?: T;
  /** Part of the partition key (in declaration order). */
  partitionKey(): Column<T, 'partition'>;
  /** A clustering column (in declaration order). */
  clustering(order?: 'asc' | 'desc'): Column<T, 'clustering'>;
  /** A static column. */
  static(): Column<T, 'static'>;
  /** The column's name, when the naming convention does not give it. */
  named(column: string): Column<T, R>;
}

function column<T, R extends ColumnRole>(cqlType: string, role: R, columnName: string | undefined, order: 'asc' | 'desc' | undefined): Column<T, R> {
  return Object.freeze({
    cqlType,
    role,
    columnName,
    order,
    partitionKey: () => column<T, 'partition'>(cqlType, 'partition', columnName, undefined),
    clustering: (o: 'asc' | 'desc' = 'asc') => column<T, 'clustering'>(cqlType, 'clustering', columnName, o),
    static: () => column<T, 'static'>(cqlType, 'static', columnName, undefined),
    named: (name: string) => column<T, R>(cqlType, role, name, order),
  });
}

const scalar = <T>(cqlType: string): Column<T, 'regular'> => column<T, 'regular'>(cqlType, 'regular', undefined, undefined);

/** The value type of a column. */
export type ValueOf<C> = C extends Column<infer T, ColumnRole> ? T : never;

/**
 * Column builders. Scalars take the JavaScript type as a type argument when a registered codec
 * maps them (`col.decimal<Decimal>()`, `col.bigint<bigint>()`); the default is the driver's.
 */
export const col = {
  ascii: <T = string>(): Column<NoInfer<T>, 'regular'> => scalar<T>('ascii'),
  text: <T = string>(): Column<NoInfer<T>, 'regular'> => scalar<T>('text'),
  varchar: <T = string>(): Column<NoInfer<T>, 'regular'> => scalar<T>('varchar'),
  boolean: <T = boolean>(): Column<NoInfer<T>, 'regular'> => scalar<T>('boolean'),
  tinyint: <T = number>(): Column<NoInfer<T>, 'regular'> => scalar<T>('tinyint'),
  smallint: <T = number>(): Column<NoInfer<T>, 'regular'> => scalar<T>('smallint'),
  int: <T = number>(): Column<NoInfer<T>, 'regular'> => scalar<T>('int'),
  /** `Long` by default; `bigint` with the `useBigInt` option or a codec: `col.bigint<bigint>()`. */
  bigint: <T = Long>(): Column<NoInfer<T>, 'regular'> => scalar<T>('bigint'),
  counter: <T = Long>(): Column<NoInfer<T>, 'regular'> => scalar<T>('counter'),
  varint: <T = bigint>(): Column<NoInfer<T>, 'regular'> => scalar<T>('varint'),
  float: <T = number>(): Column<NoInfer<T>, 'regular'> => scalar<T>('float'),
  double: <T = number>(): Column<NoInfer<T>, 'regular'> => scalar<T>('double'),
  decimal: <T = BigDecimal>(): Column<NoInfer<T>, 'regular'> => scalar<T>('decimal'),
  blob: <T = Buffer>(): Column<NoInfer<T>, 'regular'> => scalar<T>('blob'),
  uuid: <T = Uuid>(): Column<NoInfer<T>, 'regular'> => scalar<T>('uuid'),
  timeuuid: <T = TimeUuid>(): Column<NoInfer<T>, 'regular'> => scalar<T>('timeuuid'),
  timestamp: <T = Date>(): Column<NoInfer<T>, 'regular'> => scalar<T>('timestamp'),
  date: <T = LocalDate>(): Column<NoInfer<T>, 'regular'> => scalar<T>('date'),
  time: <T = LocalTime>(): Column<NoInfer<T>, 'regular'> => scalar<T>('time'),
  duration: <T = Duration>(): Column<NoInfer<T>, 'regular'> => scalar<T>('duration'),
  inet: <T = InetAddress>(): Column<NoInfer<T>, 'regular'> => scalar<T>('inet'),
  list: <E>(element: Column<E, ColumnRole>) => scalar<E[]>(`list<${element.cqlType}>`),
  set: <E>(element: Column<E, ColumnRole>) => scalar<Set<E>>(`set<${element.cqlType}>`),
  map: <K, V>(key: Column<K, ColumnRole>, value: Column<V, ColumnRole>) => scalar<Map<K, V>>(`map<${key.cqlType}, ${value.cqlType}>`),
  tuple: (...elements: Array<Column<unknown, ColumnRole>>) => scalar<Tuple>(`tuple<${elements.map((e) => e.cqlType).join(', ')}>`),
  /** A user-defined type by name; `T` is its registered class (or the plain field object). */
  udt: <T = Record<string, unknown>>(typeName: string): Column<NoInfer<T>, 'regular'> => scalar<T>(typeName),
  /** `frozen<…>` of a collection, tuple or UDT column. */
  frozen: <T>(inner: Column<T, ColumnRole>) => scalar<T>(`frozen<${inner.cqlType}>`),
  vector: <T = Float32Array>(element: Column<unknown, ColumnRole>, dimension: number): Column<NoInfer<T>, 'regular'> => scalar<T>(`vector<${element.cqlType}, ${dimension}>`),
  /** Any other type, by its CQL text. */
  custom: <T>(cqlType: string): Column<NoInfer<T>, 'regular'> => scalar<T>(cqlType),
};
