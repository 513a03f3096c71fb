/**
 * `Duration` (CQL `duration`): months, days and nanoseconds, kept apart because their lengths vary
 * (a month is not a fixed number of days, a day not always 24 hours). All three share one sign.
 * On the wire: three signed vints (spec section 6.8).
 */

import { INT64_MAX, isInt64 } from './int64';

const INT32_MIN = -2147483648;
const INT32_MAX = 2147483647;
const NS_PER: Readonly<Record<string, bigint>> = {
  h: 3_600_000_000_000n, m: 60_000_000_000n, s: 1_000_000_000n, ms: 1_000_000n, us: 1_000n, 'µs': 1_000n, ns: 1n,
};
const UNIT_TOKEN = /(\d+)(mo|ms|us|µs|ns|y|w|d|h|m|s)/giy;
const ISO = /^P(?:(\d+)Y)?(?:(\d+)M)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/i;
const ISO_WEEKS = /^P(\d+)W$/i;

export class Duration {
  /** Nanoseconds, always a `bigint`. */
  readonly nanoseconds: bigint;

  /**
   * `months` and `days` are 32-bit integers, `nanoseconds` a 64-bit integer (bigint or safe-integer
   * number); all ≥ 0 or all ≤ 0. `RangeError` otherwise.
   */
  constructor(readonly months: number, readonly days: number, nanoseconds: bigint | number) {
    for (const [name, v] of [['months', months], ['days', days]] as const) {
      if (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX) throw new RangeError(`${name} must be a 32-bit integer, got ${v}`);
    }
    if (typeof nanoseconds === 'number' && !Number.isSafeInteger(nanoseconds)) {
      throw new RangeError(`nanoseconds must be an integer, got ${nanoseconds}`);
    }
    const nanos = BigInt(nanoseconds);
    if (!isInt64(nanos)) throw new RangeError(`nanoseconds must be a 64-bit integer, got ${nanos}`);
    const anyNegative = months < 0 || days < 0 || nanos < 0n;
    const anyPositive = months > 0 || days > 0 || nanos > 0n;
    if (anyNegative && anyPositive) {
      throw new RangeError(`months, days and nanoseconds must share one sign, got ${months}, ${days}, ${nanos}`);
    }
    this.nanoseconds = nanos;
  }

  /**
   * Parse Cassandra's forms: `1y2mo3w4d5h6m7s8ms9us10ns` (units in any case, optional leading `-`),
   * ISO 8601 `P1Y2M3DT4H5M6S` and `P2W`. `RangeError` otherwise.
   */
  static parse(text: string): Duration {
    const trimmed = text.trim();
    const negative = trimmed.startsWith('-');
    const body = negative ? trimmed.slice(1) : trimmed;
    const parts = body.startsWith('P') || body.startsWith('p') ? parseIso(body) : parseUnits(body);
    if (parts === undefined) throw new RangeError(`Not a duration: "${text.slice(0, 60)}"`);
    const sign = negative ? -1 : 1;
    const [months, days, nanos] = parts;
    return new Duration(sign * Number(months) || 0, sign * Number(days) || 0, negative ? -nanos : nanos);
  }

  get isNegative(): boolean {
    return this.months < 0 || this.days < 0 || this.nanoseconds < 0n;
  }

  equals(other: unknown): boolean {
    return other instanceof Duration && other.months === this.months && other.days === this.days
      && other.nanoseconds === this.nanoseconds;
  }

  /** Cassandra's notation, e.g. `1y2mo3d4h5m6s7ms8us9ns`, `-3d`; zero is `0s`. */
  toString(): string {
    let out = this.isNegative ? '-' : '';
    const months = Math.abs(this.months);
    if (months >= 12) out += `${Math.floor(months / 12)}y`;
    if (months % 12 !== 0) out += `${months % 12}mo`;
    if (this.days !== 0) out += `${Math.abs(this.days)}d`;
    let nanos = this.nanoseconds < 0n ? -this.nanoseconds : this.nanoseconds;
    for (const unit of ['h', 'm', 's', 'ms', 'us', 'ns']) {
      const size = NS_PER[unit] ?? 1n;
      if (nanos >= size) {
        out += `${nanos / size}${unit}`;
        nanos %= size;
      }
    }
    return out === '' || out === '-' ? '0s' : out;
  }

  toJSON(): string {
    return this.toString();
  }
}

type Parts = [months: bigint, days: bigint, nanos: bigint];

function parseUnits(body: string): Parts | undefined {
  if (body === '') return undefined;
  let months = 0n;
  let days = 0n;
  let nanos = 0n;
  UNIT_TOKEN.lastIndex = 0;
  while (UNIT_TOKEN.lastIndex < body.length) {
    const match = UNIT_TOKEN.exec(body);
    if (!match) return undefined;
    const amount = BigInt(match[1] ?? '0');
    const unit = (match[2] ?? '').toLowerCase();
    if (unit === 'y') months += amount * 12n;
    else if (unit === 'mo') months += amount;
    else if (unit === 'w') days += amount * 7n;
    else if (unit === 'd') days += amount;
    else nanos += amount * (NS_PER[unit] ?? 1n);
  }
  return checked([months, days, nanos]);
}

function parseIso(body: string): Parts | undefined {
  const weeks = ISO_WEEKS.exec(body);
  if (weeks) return checked([0n, BigInt(weeks[1] ?? '0') * 7n, 0n]);
  const match = ISO.exec(body);
  if (!match || body.endsWith('T') || body.length === 1) return undefined;
  const n = (i: number) => BigInt(match[i] ?? '0');
  return checked([n(1) * 12n + n(2), n(3), n(4) * (NS_PER.h ?? 1n) + n(5) * (NS_PER.m ?? 1n) + n(6) * (NS_PER.s ?? 1n)]);
}

function checked(parts: Parts): Parts {
  if (parts[0] > BigInt(INT32_MAX) || parts[1] > BigInt(INT32_MAX) || parts[2] > INT64_MAX) {
    throw new RangeError('Duration component out of range');
  }
  return parts;
}
