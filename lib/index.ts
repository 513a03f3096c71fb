/** cassandra-rx public API: only what users need; internals are not exported. */

// CQL values and types
export {
  UNSET, Uuid, TimeUuid, LocalDate, LocalTime, Duration, InetAddress, BigDecimal, Tuple,
  typeToCql, parseCqlType, inferType,
} from './types';
export type {
  Unset, DataType, SimpleType, SimpleTypeName, ListType, SetType, MapType, TupleType, UdtType, UdtField,
  VectorType, CustomType, TypeHint, DecodeOptions, EncodeOptions,
} from './types';
export type { UdtResolver } from './types/cql-type-names';
export type { CustomCodec, CqlValueMap, CqlInputMap, UserTypeMapping, UserTypeClass } from './types/custom-codec';

// Errors: one hierarchy
export * from './errors';

// Protocol-level constants users pass in options
export { Consistency, consistencyName } from './protocol/consistency';
export type { SerialConsistency } from './protocol/consistency';
export type { ProtocolVersion } from './protocol/opcodes';
export type { Lz4Implementation } from './protocol/native-lz4';

// Authentication and TLS
export { PlainTextAuthProvider } from './connection/auth';
export type { AuthProvider, Authenticator } from './connection/auth';
export type { TlsOptions } from './connection/open-socket';

// Hosts and policies
export type { Host, HostSnapshot } from './cluster/host';
export type { HostView, HostState } from './metadata/host-view';
export type { Clock, TimerHandle } from './connection/clock';
export { DefaultLoadBalancingPolicy } from './policies/default-load-balancing';
export type { DefaultLoadBalancingOptions } from './policies/default-load-balancing';
export type { LoadBalancingPolicy, ClusterView, RoutingRequest, HostDistance } from './policies/load-balancing-policy';
export { DefaultRetryPolicy, FallthroughRetryPolicy, RETRY_SAME_HOST, RETRY_NEXT_HOST, RETHROW, IGNORE } from './policies/retry';
export type { RetryPolicy, RetryDecision, RetryContext, RequestErrorKind, ReadTimeoutInfo, WriteTimeoutInfo, UnavailableInfo } from './policies/retry';
export { ExponentialReconnectionPolicy, ConstantReconnectionPolicy } from './policies/reconnection';
export type { ReconnectionPolicy, ReconnectionSchedule, ExponentialReconnectionOptions, RandomSource } from './policies/reconnection';
export { ConstantSpeculativeExecutionPolicy, NO_SPECULATIVE_EXECUTION } from './policies/speculative-execution';
export type { SpeculativeExecutionPolicy } from './policies/speculative-execution';
export { MonotonicTimestampGenerator } from './policies/timestamp-generator';
export type { TimestampGenerator, MicrosTimestamp, MonotonicTimestampOptions } from './policies/timestamp-generator';

// Metadata: schema model, token map, partitioners
export type { Metadata } from './cluster/cluster-metadata';
export type { MetadataScope } from './metadata/schema/scoped-reader';
export type { FrozenMap } from './metadata/schema/frozen-map';
export { SchemaSnapshot } from './metadata/schema/snapshot';
export type {
  KeyspaceMetadata, TableMetadata, ViewMetadata, RelationMetadata, ColumnMetadata, ColumnKind, ClusteringOrder, ColumnMask,
  TableOptions, OptionValue, TextMap, IndexMetadata, TriggerMetadata, DroppedColumnMetadata, UserTypeMetadata, UserTypeField,
  FunctionMetadata, AggregateMetadata,
} from './metadata/schema/model';
export { exportAsCql } from './metadata/schema/export';
export type { ExportOptions } from './metadata/schema/export';
export { TokenMap } from './metadata/token-map';
export type { TokenOwner, TokenRange } from './metadata/token-map';
export type { Token, Partitioner } from './metadata/partitioner';
export type { ReplicationOptions, RingMember } from './metadata/replication';

// Cluster and sessions
export { Cluster } from './session/cluster';
export type { ClusterSessionOptions } from './session/cluster';
export type { ClusterOptions, PoolingOptions, ExecutionProfile } from './cluster/cluster-options';
export type { MetadataOptions } from './cluster/metadata-options';
export type { HostResolver } from './cluster/contact-points';
export type { ClusterEvent, HostEvent, HostEventKind, SchemaChangeEvent, SchemaTarget, RequestRecord, LogEvent, LogLevel } from './cluster/cluster-events';
export type { MetricsSnapshot, HostMetrics, CounterSnapshot } from './cluster/metrics';
export { RequestStats, type RequestSeries, type RequestStatsOptions } from './cluster/request-stats';
export type { LatencySummary } from './cluster/latency-histogram';
export { Session } from './session/session';
export type { Statement } from './session/session';
export { PreparedStatement, BoundStatement } from './session/statements';
export type { Params, BatchEntry, Hints } from './session/statements';
export type { BoundValue } from './protocol/writer';
export { ResultSet } from './session/result-set';
export type { Row, RowAccess, ExecutionInfo } from './session/result-set';
export type { ExecuteOptions, BatchOptions, BatchType, PagingOptions } from './session/execute-options';
export type { ExecutionObserver, ObservedExecution, ObservedRequest, AttemptDecision } from './session/execution-observer';
export type { ThrottleOptions } from './session/throttle';
export type { ColumnSpec } from './protocol/result-metadata';
export type { QueryTrace, TraceEvent, TraceOptions } from './session/trace';

// The JSON an HTTP service sends (shared by cassandra-rx/nestjs and cassandra-rx/web)
export type {
  JsonValue, RowJson, HostJson, HostEventJson, HostStatusJson, SchemaChangeJson, MetricsJson, RequestJson, StreamEndJson,
  ClusterStreamEvents, RowStreamEvents, CursorPageJson, HttpErrorBody,
} from './session/wire';
