/**
 * `BigDecimal` (CQL `decimal`): an arbitrary-precision decimal `unscaled × 10^-scale`, with a
 * `bigint` unscaled value and a 32-bit scale (spec section 6.6). Equality is by representation
 * (1.0 and 1.00 differ, as in Java); `compareTo` compares numerically.
 */

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?$/;
const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;

export class BigDecimal {
  /** `unscaled × 10^-scale`; `scale` must be a 32-bit integer. */
  constructor(readonly unscaled: bigint, readonly scale: number) {
    if (!Number.isInteger(scale) || scale < INT32_MIN || scale > INT32_MAX) {
      throw new RangeError(`scale must be a 32-bit integer, got ${scale}`);
    }
  }

  /** Parse `-12.345`, `1E+3`, `0.5e-10` …; `RangeError` otherwise. */
  static parse(text: string): BigDecimal {
    const match = DECIMAL_TEXT.exec(text.trim());
    const intPart = match?.[2] ?? '';
    const fraction = match?.[3] ?? '';
    if (!match || intPart + fraction === '') throw new RangeError(`Not a decimal number: "${text.slice(0, 60)}"`);
    const exponent = Number(match[4] ?? '0');
    const digits = BigInt(intPart + fraction);
    return new BigDecimal(match[1] === '-' ? -digits : digits, fraction.length - exponent);
  }

  /** The exact decimal of the shortest string that round-trips `value` (so 0.1 → 0.1). */
  static fromNumber(value: number): BigDecimal {
    if (!Number.isFinite(value)) throw new RangeError(`Not a finite number: ${value}`);
    return BigDecimal.parse(String(value));
  }

  /** Nearest double (may lose precision). */
  toNumber(): number {
    return Number(this.toString());
  }

  /** Numeric comparison: -1, 0 or 1. */
  compareTo(other: BigDecimal): number {
    const scale = Math.max(this.scale, other.scale);
    const a = this.unscaled * 10n ** BigInt(scale - this.scale);
    const b = other.unscaled * 10n ** BigInt(scale - other.scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Same unscaled value and same scale. */
  equals(other: unknown): boolean {
    return other instanceof BigDecimal && other.unscaled === this.unscaled && other.scale === this.scale;
  }

  /**
   * Java's `BigDecimal.toString` rule: plain notation when the scale is ≥ 0 and the adjusted
   * exponent is ≥ -6, otherwise scientific (`1.23E+5`, `1E-10`), so huge scales stay short.
   */
  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString();
    const sign = negative ? '-' : '';
    const adjusted = -this.scale + (digits.length - 1);
    if (this.scale >= 0 && adjusted >= -6) {
      if (this.scale === 0) return sign + digits;
      if (digits.length > this.scale) {
        return `${sign}${digits.slice(0, digits.length - this.scale)}.${digits.slice(digits.length - this.scale)}`;
      }
      return `${sign}0.${'0'.repeat(this.scale - digits.length)}${digits}`;
    }
    const mantissa = digits.length > 1 ? `${digits[0]}.${digits.slice(1)}` : digits;
    return `${sign}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
