/** CQL data types: descriptors, type names, value classes, and the value encoder/decoder. */
export { TypeCode } from './data-type';
export type {
  DataType, SimpleType, SimpleTypeName, ListType, SetType, MapType, TupleType, UdtType, UdtField, VectorType, CustomType,
} from './data-type';
export { UNSET, type Unset } from './unset';
export type { CellDecoder } from './cell-decoder';
export type { DecodeOptions, EncodeOptions, ResolvedDecodeOptions } from './options';
export { resolveDecodeOptions, DEFAULT_DECODE_OPTIONS } from './options';
export { typeToCql, parseCqlType, type UdtResolver } from './cql-type-names';
export { quoteIdentifier, qualifiedName, parseIdentifier, needsQuoting } from './cql-identifier';
export { parseMarshalType } from './marshal-type-names';
export { encodeValue } from './encode';
export { createCellDecoder, decodeValue } from './decode';
export { inferType, resolveHint, encodeInferred, type TypeHint } from './infer';
export { fixedSizeOf } from './vector';
export { Uuid } from './uuid';
export { TimeUuid } from './time-uuid';
export { LocalDate, MIN_EPOCH_DAY, MAX_EPOCH_DAY } from './local-date';
export { LocalTime } from './local-time';
export { Duration } from './duration';
export { InetAddress } from './inet-address';
export { BigDecimal } from './big-decimal';
export { Tuple, valueEquals } from './tuple';
