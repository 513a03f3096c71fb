/**
 * `LocalTime`: a time of day without time zone (CQL `time`), nanosecond precision:
 * 0 .. 86,399,999,999,999 ns since midnight, kept as a `bigint`.
 */

export const NANOS_PER_DAY = 86_400_000_000_000n;
const TIME_TEXT = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

export class LocalTime {
  private constructor(
    /** Nanoseconds since midnight. */
    readonly nanoOfDay: bigint,
  ) {}

  /** The time `nanos` ns after midnight (bigint or safe-integer number); `RangeError` outside a day. */
  static fromNanoOfDay(nanos: bigint | number): LocalTime {
    if (typeof nanos === 'number' && !Number.isSafeInteger(nanos)) throw new RangeError(`Not an integer: ${nanos}`);
    const value = BigInt(nanos);
    if (value < 0n || value >= NANOS_PER_DAY) throw new RangeError(`Time of day out of range 0..86399999999999 ns: ${value}`);
    return new LocalTime(value);
  }

  /** From milliseconds since midnight (0..86399999). */
  static fromMillisOfDay(ms: number): LocalTime {
    if (!Number.isInteger(ms)) throw new RangeError(`Not an integer: ${ms}`);
    return LocalTime.fromNanoOfDay(BigInt(ms) * 1_000_000n);
  }

  static of(hour: number, minute: number, second = 0, nanosecond = 0): LocalTime {
    const ok = (v: number, max: number) => Number.isInteger(v) && v >= 0 && v <= max;
    if (!ok(hour, 23) || !ok(minute, 59) || !ok(second, 59) || !ok(nanosecond, 999_999_999)) {
      throw new RangeError(`Not a valid time: ${hour}:${minute}:${second}.${nanosecond}`);
    }
    return new LocalTime(((BigInt(hour) * 60n + BigInt(minute)) * 60n + BigInt(second)) * 1_000_000_000n + BigInt(nanosecond));
  }

  /** Parse `hh:mm`, `hh:mm:ss` or `hh:mm:ss.fffffffff` (1–9 fraction digits); `RangeError` otherwise. */
  static parse(text: string): LocalTime {
    const match = TIME_TEXT.exec(text.trim());
    if (!match) throw new RangeError(`Not a time of day (expected hh:mm:ss[.fffffffff]): "${text.slice(0, 40)}"`);
    const fraction = (match[4] ?? '').padEnd(9, '0');
    return LocalTime.of(Number(match[1]), Number(match[2]), Number(match[3] ?? 0), Number(fraction));
  }

  /** The UTC time of day of `date`. */
  static fromDate(date: Date): LocalTime {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    return LocalTime.fromMillisOfDay(((ms % 86_400_000) + 86_400_000) % 86_400_000);
  }

  get hour(): number {
    return Number(this.nanoOfDay / 3_600_000_000_000n);
  }

  get minute(): number {
    return Number((this.nanoOfDay / 60_000_000_000n) % 60n);
  }

  get second(): number {
    return Number((this.nanoOfDay / 1_000_000_000n) % 60n);
  }

  get nanosecond(): number {
    return Number(this.nanoOfDay % 1_000_000_000n);
  }

  equals(other: unknown): boolean {
    return other instanceof LocalTime && other.nanoOfDay === this.nanoOfDay;
  }

  compareTo(other: LocalTime): number {
    return this.nanoOfDay < other.nanoOfDay ? -1 : this.nanoOfDay > other.nanoOfDay ? 1 : 0;
  }

  /** `hh:mm:ss.nnnnnnnnn` (always nine fraction digits, as Cassandra prints times). */
  toString(): string {
    const p2 = (n: number) => String(n).padStart(2, '0');
    return `${p2(this.hour)}:${p2(this.minute)}:${p2(this.second)}.${String(this.nanosecond).padStart(9, '0')}`;
  }

  toJSON(): string {
    return this.toString();
  }
}
