/**
 * Options of the value codecs: one interface per direction. Every field states its default.
 */

/** How cells are turned into JavaScript values. */
export interface DecodeOptions {
  /**
   * `bigint` and `counter` columns decode to native `bigint` when true, to `Long` (from the `long`
   * package) when false. Default: false.
   */
  readonly useBigInt?: boolean;
  /**
   * `vector<float, n>`, `vector<double, n>` and `vector<int, n>` decode to `Float32Array`,
   * `Float64Array` and `Int32Array` when true, to plain `number[]` when false. Default: true.
   */
  readonly vectorTypedArrays?: boolean;
}

/** Decode options with every default filled in (what the hot path reads). */
export interface ResolvedDecodeOptions {
  readonly useBigInt: boolean;
  readonly vectorTypedArrays: boolean;
}

export const DEFAULT_DECODE_OPTIONS: ResolvedDecodeOptions = Object.freeze({
  useBigInt: false,
  vectorTypedArrays: true,
});

export function resolveDecodeOptions(options?: DecodeOptions): ResolvedDecodeOptions {
  if (options === undefined) return DEFAULT_DECODE_OPTIONS;
  return {
    useBigInt: options.useBigInt ?? DEFAULT_DECODE_OPTIONS.useBigInt,
    vectorTypedArrays: options.vectorTypedArrays ?? DEFAULT_DECODE_OPTIONS.vectorTypedArrays,
  };
}

/**
 * How JavaScript values are turned into bytes. Protocol v3+ only (4-byte collection lengths), so
 * there is nothing to choose yet; the interface is reserved so call sites need not change later.
 */
export interface EncodeOptions {
  /**
   * Reject `UNSET` when true (protocol v3 has no unset value). Default: false.
   */
  readonly rejectUnset?: boolean;
}
