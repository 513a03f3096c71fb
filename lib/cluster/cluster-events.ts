/**
 * What travels on the cluster's event bus: one discriminated union. The public Observables
 * (`hostEvents$`, `schemaChanges$`, `requests$`, `log$`, …) are filters of it.
 */
import type { HostSnapshot } from './host';

export type HostEventKind = 'added' | 'removed' | 'up' | 'down';

export interface HostEvent {
  readonly type: 'host';
  readonly kind: HostEventKind;
  readonly host: HostSnapshot;
  /** Why (e.g. "connection refused", "reconnected", "STATUS_CHANGE UP"). */
  readonly reason: string;
  /** ms since the epoch. */
  readonly at: number;
}

export type SchemaTarget = 'keyspace' | 'table' | 'type' | 'function' | 'aggregate' | 'view';

export interface SchemaChangeEvent {
  readonly type: 'schema';
  readonly change: 'created' | 'updated' | 'dropped';
  readonly target: SchemaTarget;
  readonly keyspace: string;
  /** Element name (absent for keyspaces). */
  readonly name?: string;
  /** Argument types of a function or aggregate. */
  readonly argTypes?: readonly string[];
  readonly at: number;
}

/** One finished execution. */
export interface RequestRecord {
  readonly type: 'request';
  /** The statement's CQL (truncated to 200 characters). */
  readonly query: string;
  /** Keyspace of the statement's unqualified names, when known. */
  readonly keyspace?: string;
  /** Endpoints tried, in order. */
  readonly hosts: readonly string[];
  /** Endpoint that answered (or failed last). */
  readonly host: string | undefined;
  readonly attempts: number;
  readonly retries: number;
  readonly speculativeExecutions: number;
  /** ms from subscription to the outcome. */
  readonly latencyMs: number;
  /** The error's class name, when it failed. */
  readonly error?: string;
  /** True when the subscriber unsubscribed before the outcome. */
  readonly cancelled?: boolean;
  readonly at: number;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogEvent {
  readonly type: 'log';
  readonly level: LogLevel;
  readonly message: string;
  readonly host?: string;
  readonly at: number;
}

export type ClusterEvent = HostEvent | SchemaChangeEvent | RequestRecord | LogEvent;
