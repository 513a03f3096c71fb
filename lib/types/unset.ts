/**
 * The protocol's "unset" value (a [value] of length -2, protocol v4+): the column is left as it is,
 * unlike `null`, which writes a tombstone.
 */
export const UNSET: unique symbol = Symbol.for('cassandra-rx.unset');
export type Unset = typeof UNSET;
