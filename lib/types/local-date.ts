/**
 * `LocalDate`: a date without time zone (CQL `date`), kept as a signed day number relative to
 * 1970-01-01 over Cassandra's full range (-2^31 .. 2^31-1 days, about ±5.8 million years), far
 * beyond JavaScript `Date`. Year/month/day use proleptic Gregorian arithmetic (year 0 = 1 BC).
 */

/** Smallest day number: wire value 0, `-5877641-06-23`. */
export const MIN_EPOCH_DAY = -2147483648;
/** Largest day number: wire value 2^32-1, `5881580-07-11`. */
export const MAX_EPOCH_DAY = 2147483647;
const MS_PER_DAY = 86_400_000;
const DATE_TEXT = /^([+-]?\d{1,7})-(\d{1,2})-(\d{1,2})$/;

export class LocalDate {
  private constructor(
    /** Days since 1970-01-01 (negative before). */
    readonly epochDay: number,
    readonly year: number,
    /** 1..12 */
    readonly month: number,
    /** 1..31 */
    readonly day: number,
  ) {}

  /** The date `epochDay` days after 1970-01-01; a `RangeError` outside Cassandra's range. */
  static fromEpochDay(epochDay: number): LocalDate {
    if (!Number.isInteger(epochDay) || epochDay < MIN_EPOCH_DAY || epochDay > MAX_EPOCH_DAY) {
      throw new RangeError(`Day number out of the CQL date range: ${epochDay}`);
    }
    const { year, month, day } = civilFromDays(epochDay);
    return new LocalDate(epochDay, year, month, day);
  }

  /** A calendar date; `RangeError` when the date does not exist or is out of range. */
  static of(year: number, month: number, day: number): LocalDate {
    if (!Number.isInteger(year) || !Number.isInteger(month) || !Number.isInteger(day) || month < 1 || month > 12
      || day < 1 || day > daysInMonth(year, month)) {
      throw new RangeError(`Not a valid date: ${year}-${month}-${day}`);
    }
    return LocalDate.fromEpochDay(daysFromCivil(year, month, day));
  }

  /** Parse `yyyy-mm-dd` (year may be signed and up to 7 digits); `RangeError` otherwise. */
  static parse(text: string): LocalDate {
    const match = DATE_TEXT.exec(text.trim());
    if (!match) throw new RangeError(`Not a date (expected yyyy-mm-dd): "${text.slice(0, 40)}"`);
    return LocalDate.of(Number(match[1]), Number(match[2]), Number(match[3]));
  }

  /** The UTC calendar day of `date` (the time of day is dropped). */
  static fromDate(date: Date): LocalDate {
    const ms = date.getTime();
    if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
    return LocalDate.fromEpochDay(Math.floor(ms / MS_PER_DAY));
  }

  /** Today in UTC. */
  static now(): LocalDate {
    return LocalDate.fromDate(new Date());
  }

  /** Midnight UTC of this day; `RangeError` when beyond the ±100,000,000-day range of `Date`. */
  toDate(): Date {
    const date = new Date(this.epochDay * MS_PER_DAY);
    if (Number.isNaN(date.getTime())) throw new RangeError(`${this.toString()} is out of the JavaScript Date range`);
    return date;
  }

  equals(other: unknown): boolean {
    return other instanceof LocalDate && other.epochDay === this.epochDay;
  }

  compareTo(other: LocalDate): number {
    return Math.sign(this.epochDay - other.epochDay);
  }

  /** `yyyy-mm-dd`; years below 0 get a `-`, years are padded to 4 digits (as Cassandra prints them). */
  toString(): string {
    const sign = this.year < 0 ? '-' : '';
    const year = String(Math.abs(this.year)).padStart(4, '0');
    return `${sign}${year}-${pad2(this.month)}-${pad2(this.day)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (eras of 400 years, March-based years). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146097 + dayOfEra - 719468;
}

/** Inverse of `daysFromCivil`. */
export function civilFromDays(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const dayOfEra = z - era * 146097;
  const yearOfEra = Math.floor(
    (dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36524) - Math.floor(dayOfEra / 146096)) / 365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
}
