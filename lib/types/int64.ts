/** The signed 64-bit range (CQL bigint, counter, timestamp; the protocol's [long]). */
export const INT64_MIN = -(1n << 63n);
export const INT64_MAX = (1n << 63n) - 1n;

/** True when `v` fits a signed 64-bit integer. */
export function isInt64(v: bigint): boolean {
  return v >= INT64_MIN && v <= INT64_MAX;
}
