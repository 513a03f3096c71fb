/** cassandra-rx/nestjs: CassandraModule, injection decorators, health, HTTP error filter and streaming helpers for NestJS. */
export { CassandraModule } from './cassandra.module';
export type { CassandraConnectionOptions, CassandraModuleOptions, CassandraModuleAsyncOptions, CassandraOptionsFactory } from './options';
export { CassandraConnection } from './cassandra-connection';
export { InjectCluster, InjectSession, InjectConnection } from './decorators';
export type { ParamDecorator } from './decorators';
export { DEFAULT_CONNECTION, getClusterToken, getConnectionToken, getOptionsToken, getSessionToken } from './tokens';
export type { SessionRef } from './tokens';
export { CassandraModuleError, CassandraConnectError, UnknownConnectionError } from '../../index';

// Health: a terminus indicator and a host status usable without terminus
export { CassandraHealthIndicator } from './health/cassandra-health.indicator';
export type { CassandraHealthOptions, CassandraHealthDetails, CassandraHealthResult } from './health/cassandra-health.indicator';
export { CassandraStatusService } from './health/cassandra-status.service';
export { hostStatus$, statusOf } from './health/host-status';
export type { CassandraStatus, HostStatusEntry } from './health/host-status';

// HTTP errors
export { CassandraExceptionFilter, CASSANDRA_HTTP_ERROR_OPTIONS } from './http/cassandra-exception.filter';
export { httpAnswerOf, isTransient } from './http/http-answer';
export type { CassandraHttpErrorOptions, HttpAnswer, HttpErrorBody } from './http/http-answer';

// Streaming to HTTP clients
export { sseRows } from './streaming/sse-rows';
export type { SseRowsOptions, CongestionSource } from './streaming/sse-rows';
export { clusterEventsSse } from './streaming/cluster-events-sse';
export type { ClusterEventsSseOptions } from './streaming/cluster-events-sse';
export { cursorPage, cursorPageFrom, decodeCursor, encodeCursor, InvalidCursorError } from './streaming/cursor-page';
export type { CursorOptions, CursorPage, CursorPageOptions, PageSource } from './streaming/cursor-page';
export { toJsonValue, rowToJson } from './streaming/json-value';
export type { JsonValue } from './streaming/json-value';
