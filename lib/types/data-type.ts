/**
 * CQL type descriptors: the shared vocabulary of the protocol codec (which reads them from
 * result metadata) and the value codecs (which encode and decode by them).
 */

/** Type ids of the [option] notation in the native protocol spec (section 4.2.5.2). */
export const enum TypeCode {
  Custom = 0x0000,
  Ascii = 0x0001,
  Bigint = 0x0002,
  Blob = 0x0003,
  Boolean = 0x0004,
  Counter = 0x0005,
  Decimal = 0x0006,
  Double = 0x0007,
  Float = 0x0008,
  Int = 0x0009,
  Timestamp = 0x000b,
  Uuid = 0x000c,
  Varchar = 0x000d,
  Varint = 0x000e,
  Timeuuid = 0x000f,
  Inet = 0x0010,
  Date = 0x0011,
  Time = 0x0012,
  Smallint = 0x0013,
  Tinyint = 0x0014,
  Duration = 0x0015,
  List = 0x0020,
  Map = 0x0021,
  Set = 0x0022,
  Udt = 0x0030,
  Tuple = 0x0031,
}

export type SimpleTypeName =
  | 'ascii' | 'bigint' | 'blob' | 'boolean' | 'counter' | 'date' | 'decimal' | 'double'
  | 'duration' | 'float' | 'inet' | 'int' | 'smallint' | 'text' | 'time' | 'timestamp'
  | 'timeuuid' | 'tinyint' | 'uuid' | 'varint';

export interface SimpleType { readonly kind: SimpleTypeName }
export interface ListType { readonly kind: 'list'; readonly element: DataType; readonly frozen?: boolean }
export interface SetType { readonly kind: 'set'; readonly element: DataType; readonly frozen?: boolean }
export interface MapType { readonly kind: 'map'; readonly key: DataType; readonly value: DataType; readonly frozen?: boolean }
export interface TupleType { readonly kind: 'tuple'; readonly elements: readonly DataType[] }
export interface UdtField { readonly name: string; readonly type: DataType }
export interface UdtType {
  readonly kind: 'udt';
  readonly keyspace: string;
  readonly name: string;
  readonly fields: readonly UdtField[];
  readonly frozen?: boolean;
}
/** `vector<element, dimension>`; on the wire a custom type named `org.apache.cassandra.db.marshal.VectorType(...)`. */
export interface VectorType { readonly kind: 'vector'; readonly element: DataType; readonly dimension: number }
/** Any other custom type, by its Java class name. Values are raw bytes. */
export interface CustomType { readonly kind: 'custom'; readonly className: string }

export type DataType =
  | SimpleType | ListType | SetType | MapType | TupleType | UdtType | VectorType | CustomType;
