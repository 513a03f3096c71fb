/** cassandra-rx public API: only what users need; internals are not exported. */

// CQL values and types
export {
  UNSET, Uuid, TimeUuid, LocalDate, LocalTime, Duration, InetAddress, BigDecimal, Tuple,
  typeToCql, parseCqlType, inferType, CqlTypeParseError,
} from './types';
export type {
  Unset, DataType, SimpleType, SimpleTypeName, ListType, SetType, MapType, TupleType, UdtType, UdtField,
  VectorType, CustomType, TypeHint, DecodeOptions, EncodeOptions,
} from './types';

// Errors: one hierarchy
export * from './errors';
export {
  ConnectionError, ConnectTimeoutError, ConnectionClosedError, DefunctConnectionError, BusyConnectionError,
  HandshakeError, AuthenticationFailedError, RequestTimeoutError,
} from './connection/errors';

// Protocol-level constants users pass in options
export { Consistency, consistencyName } from './protocol/consistency';
export type { ProtocolVersion } from './protocol/opcodes';

// Authentication and TLS
export { PlainTextAuthProvider } from './connection/auth';
export type { AuthProvider, Authenticator } from './connection/auth';
export type { TlsOptions } from './connection/open-socket';

// Hosts and policies
export type { Host, HostState, HostDistance, HostSnapshot } from './cluster/host';
export { DefaultLoadBalancingPolicy } from './policies/default-load-balancing';
export type { DefaultLoadBalancingOptions } from './policies/default-load-balancing';
export type { LoadBalancingPolicy, ClusterView, RoutingRequest } from './policies/load-balancing-policy';
export { DefaultRetryPolicy, FallthroughRetryPolicy, RETRY_SAME_HOST, RETRY_NEXT_HOST, RETHROW, IGNORE } from './policies/retry';
export type { RetryPolicy, RetryDecision, RetryContext, RequestErrorKind } from './policies/retry';
export { ExponentialReconnectionPolicy, ConstantReconnectionPolicy } from './policies/reconnection';
export type { ReconnectionPolicy, ReconnectionSchedule } from './policies/reconnection';
export { ConstantSpeculativeExecutionPolicy, NO_SPECULATIVE_EXECUTION } from './policies/speculative-execution';
export type { SpeculativeExecutionPolicy } from './policies/speculative-execution';
export { MonotonicTimestampGenerator } from './policies/timestamp-generator';
export type { TimestampGenerator } from './policies/timestamp-generator';
