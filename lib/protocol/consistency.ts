/** Consistency levels as sent in a [consistency] (spec section 3). */

/** Consistency level codes, by their spec names. */
export const Consistency = {
  ANY: 0x0000,
  ONE: 0x0001,
  TWO: 0x0002,
  THREE: 0x0003,
  QUORUM: 0x0004,
  ALL: 0x0005,
  LOCAL_QUORUM: 0x0006,
  EACH_QUORUM: 0x0007,
  SERIAL: 0x0008,
  LOCAL_SERIAL: 0x0009,
  LOCAL_ONE: 0x000a,
} as const;

/** One of the codes of the `Consistency` object. */
export type Consistency = (typeof Consistency)[keyof typeof Consistency];

/** The levels a lightweight transaction's Paxos phase can use. */
export type SerialConsistency = typeof Consistency.SERIAL | typeof Consistency.LOCAL_SERIAL;

const NAMES: readonly string[] = Object.keys(Consistency);

/**
 * The spec name of a consistency code as received from a server (which may send codes this
 * driver does not know, e.g. a server-internal level); unknown codes print as hex.
 */
export function consistencyName(code: number): string {
  return NAMES[code] ?? `0x${code.toString(16).padStart(4, '0')}`;
}
