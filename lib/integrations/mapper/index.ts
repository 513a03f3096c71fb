/** cassandra-rx/mapper: an Observable object mapper (models of tables, typed find/get/insert/update/remove, batches). */
export { col } from './columns';
export type { Column, ColumnRole, ValueOf } from './columns';
export { defineModel, Model, snakeCase } from './model';
export type {
  ColumnMap, ColumnsFor, ExactColumns, KeyProperties, KeyRole, MappedProperty, ModelDefinition, ModelShape, ModelTypeOf, NamingConvention, RowOf,
} from './model';
export { Mapper } from './mapper';
export type { BatchResult, MapperOptions } from './mapper';
export { ModelMapper } from './model-mapper';
export type {
  Criteria, FindOptions, KeyOf, MappedOperation, MappedOperations, MappedRemoveOptions, MappedUpdateOptions, MutationResult, Page, Writable,
} from './model-mapper';
export type { FieldValues, InsertOptions, RemoveOptions, UpdateOptions, WriteOptions } from './statements';
