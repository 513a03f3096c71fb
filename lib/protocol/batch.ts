/** BATCH encoder (spec v5 4.1.7): statements by query text or prepared id, each with its values. */
import { StatementError } from '../errors/client-errors';
import type { Consistency } from './consistency';
import { BatchType, Opcode } from './opcodes';
import { commonFlags, QueryFlag, writeFlags, writeValue } from './query-parameters';
import { finishRequest, startRequest, type FrameOptions } from './request-frame';
import type { BoundValue } from './writer';

/** One statement of a batch: query text (<kind> 0) or prepared id (<kind> 1), with its values. */
export type BatchStatement = ({ readonly query: string } | { readonly id: Buffer }) & {
  readonly values?: readonly BoundValue[];
  /** Named values; if one statement uses them all must (the flag is batch-wide; see CASSANDRA-10246). */
  readonly namedValues?: readonly (readonly [string, BoundValue])[];
};

export interface BatchParameters {
  /** Default LOGGED. */
  readonly type?: BatchType;
  readonly statements: readonly BatchStatement[];
  readonly consistency: Consistency;
  readonly serialConsistency?: Consistency;
  /** Default timestamp, in microseconds since the epoch. */
  readonly timestamp?: bigint | number;
  /** v5: keyspace to run in. */
  readonly keyspace?: string;
  /** v5: "now" in seconds since the epoch. */
  readonly nowInSeconds?: number;
}

/** BATCH: <type><n><query_1>…<query_n><consistency><flags>[<serial_consistency>][<timestamp>][<keyspace>][<now_in_seconds>]. */
export function encodeBatch(options: FrameOptions, batch: BatchParameters): Buffer {
  const { statements } = batch;
  if (statements.length > 0xffff) throw new StatementError(`Too many batch statements: ${statements.length}`);
  const named = statements.some((s) => s.namedValues !== undefined);
  if (named && statements.some((s) => s.values !== undefined && s.values.length > 0)) {
    throw new StatementError('A batch uses either named or positional values in all its statements');
  }
  let flags = commonFlags(options, batch);
  if (named) flags |= QueryFlag.WithNamesForValues;
  const w = startRequest(options, 256);
  w.byte(batch.type ?? BatchType.LOGGED);
  w.short(statements.length);
  for (const s of statements) {
    if ('query' in s) w.byte(0).longString(s.query);
    else w.byte(1).shortBytes(s.id);
    if (s.values && s.namedValues) throw new StatementError('Give either positional or named values, not both');
    if (s.namedValues) {
      w.short(s.namedValues.length);
      for (const [name, v] of s.namedValues) { w.string(name); writeValue(w, options, v); }
    } else {
      const values = s.values ?? [];
      w.short(values.length);
      for (const v of values) writeValue(w, options, v);
    }
  }
  w.short(batch.consistency);
  writeFlags(w, options, flags);
  if (batch.serialConsistency !== undefined) w.short(batch.serialConsistency);
  if (batch.timestamp !== undefined) w.long(batch.timestamp);
  if (batch.keyspace !== undefined) w.string(batch.keyspace);
  if (batch.nowInSeconds !== undefined) w.int(batch.nowInSeconds);
  return finishRequest(w, options, Opcode.Batch);
}
