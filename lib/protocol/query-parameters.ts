/** <query_parameters> of QUERY and EXECUTE (spec v5 4.1.4): consistency, flags, and what they announce. */
import { StatementError } from '../errors/client-errors';
import { UNSET } from '../types/unset';
import type { Consistency } from './consistency';
import type { FrameOptions } from './request-frame';
import { requireV5 } from './request-frame';
import type { BoundValue, Writer } from './writer';

/** Query flags (spec 4.1.4); a [byte] in v3/v4, an [int] in v5. */
export const enum QueryFlag {
  Values = 0x0001, // Values
  SkipMetadata = 0x0002, // Skip_metadata
  PageSize = 0x0004, // Page_size
  WithPagingState = 0x0008, // With_paging_state
  WithSerialConsistency = 0x0010, // With serial consistency
  WithDefaultTimestamp = 0x0020, // With default timestamp
  WithNamesForValues = 0x0040, // With names for values
  WithKeyspace = 0x0080, // With keyspace (v5)
  WithNowInSeconds = 0x0100, // With now in seconds (v5)
}

export interface QueryParameters {
  readonly consistency: Consistency;
  /** Positional values, already encoded by the types layer. */
  readonly values?: readonly BoundValue[];
  /** Named values (`[marker name, value]`), instead of positional ones. */
  readonly namedValues?: readonly (readonly [string, BoundValue])[];
  /** Ask the server to omit result metadata (the prepared statement's metadata is used). */
  readonly skipMetadata?: boolean;
  /** Page size in rows. */
  readonly pageSize?: number;
  /** Paging state from the previous page's result. */
  readonly pagingState?: Buffer | null;
  /** SERIAL or LOCAL_SERIAL, for conditional updates. */
  readonly serialConsistency?: Consistency;
  /** Default timestamp, in microseconds since the epoch. */
  readonly timestamp?: bigint | number;
  /** v5: keyspace to run in (QUERY only; not allowed in EXECUTE). */
  readonly keyspace?: string;
  /** v5: "now" for the query, in seconds since the epoch (testing aid). */
  readonly nowInSeconds?: number;
}

/** Flags common to <query_parameters> and BATCH, with the v5 checks. */
export function commonFlags(options: FrameOptions, p: {
  readonly serialConsistency?: Consistency; readonly timestamp?: bigint | number;
  readonly keyspace?: string; readonly nowInSeconds?: number;
}): number {
  let flags = 0;
  if (p.serialConsistency !== undefined) flags |= QueryFlag.WithSerialConsistency;
  if (p.timestamp !== undefined) flags |= QueryFlag.WithDefaultTimestamp;
  if (p.keyspace !== undefined) { requireV5(options, 'keyspace'); flags |= QueryFlag.WithKeyspace; }
  if (p.nowInSeconds !== undefined) { requireV5(options, 'now_in_seconds'); flags |= QueryFlag.WithNowInSeconds; }
  return flags;
}

/** Writes <flags> as [byte] (v3/v4) or [int] (v5). */
export function writeFlags(w: Writer, options: FrameOptions, flags: number): void {
  if (options.version >= 5) w.int(flags);
  else w.byte(flags);
}

/** Writes one [value], refusing `unset` before v4. */
export function writeValue(w: Writer, options: FrameOptions, v: BoundValue): void {
  if (v === UNSET && options.version < 4) throw new StatementError('Unset values require protocol v4 or later');
  w.value(v);
}

export function writeQueryParameters(w: Writer, options: FrameOptions, p: QueryParameters): void {
  if (p.values && p.namedValues) throw new StatementError('Give either positional or named values, not both');
  let flags = commonFlags(options, p);
  const count = p.values?.length ?? p.namedValues?.length;
  if (count !== undefined) {
    if (count > 0xffff) throw new StatementError(`Too many values: ${count} (max 65535)`);
    flags |= QueryFlag.Values;
    if (p.namedValues) flags |= QueryFlag.WithNamesForValues;
  }
  if (p.skipMetadata) flags |= QueryFlag.SkipMetadata;
  if (p.pageSize !== undefined) flags |= QueryFlag.PageSize;
  if (p.pagingState) flags |= QueryFlag.WithPagingState;
  w.short(p.consistency);
  writeFlags(w, options, flags);
  if (p.values) {
    w.short(p.values.length);
    for (const v of p.values) writeValue(w, options, v);
  } else if (p.namedValues) {
    w.short(p.namedValues.length);
    for (const [name, v] of p.namedValues) { w.string(name); writeValue(w, options, v); }
  }
  if (p.pageSize !== undefined) w.int(p.pageSize);
  if (p.pagingState) w.bytes(p.pagingState);
  if (p.serialConsistency !== undefined) w.short(p.serialConsistency);
  if (p.timestamp !== undefined) w.long(p.timestamp);
  if (p.keyspace !== undefined) w.string(p.keyspace);
  if (p.nowInSeconds !== undefined) w.int(p.nowInSeconds);
}
