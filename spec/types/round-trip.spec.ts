import fc from 'fast-check';
import Long from 'long';
import type { DataType, UdtType } from '../../lib/types/data-type';
import { Uuid } from '../../lib/types/uuid';
import { TimeUuid } from '../../lib/types/time-uuid';
import { LocalDate, MAX_EPOCH_DAY, MIN_EPOCH_DAY } from '../../lib/types/local-date';
import { LocalTime, NANOS_PER_DAY } from '../../lib/types/local-time';
import { Duration } from '../../lib/types/duration';
import { InetAddress } from '../../lib/types/inet-address';
import { BigDecimal } from '../../lib/types/big-decimal';
import { Tuple, valueEquals } from '../../lib/types/tuple';
import { roundTrip, t } from './helpers';

/** decode(encode(v)) equals v for every generated v (values in their decoded form). */
function law(type: DataType | string, arb: fc.Arbitrary<unknown>, options?: { useBigInt?: boolean }): void {
  const dataType = typeof type === 'string' ? t(type) : type;
  fc.assert(fc.property(arb, (v) => valueEquals(roundTrip(dataType, v, options), v)), { numRuns: 200 });
}

const int = (bits: number) => fc.integer({ min: -(2 ** (bits - 1)), max: 2 ** (bits - 1) - 1 });
const int64 = fc.bigInt({ min: -(1n << 63n), max: (1n << 63n) - 1n });
const floats = fc.oneof(fc.float(), fc.constantFrom(NaN, -0, Infinity, -Infinity, 3.4028234663852886e38, 1.401298464324817e-45));
const doubles = fc.oneof(fc.double(), fc.constantFrom(NaN, -0, Infinity, -Infinity, Number.MAX_VALUE, Number.MIN_VALUE));
const uuid = fc.uint8Array({ minLength: 16, maxLength: 16 }).map((b) => new Uuid(b));
const timeuuid = fc.tuple(fc.integer({ min: -12219292800000, max: 100_000_000_000_000 }), fc.integer({ min: 0, max: 9999 }))
  .map(([ms, ticks]) => TimeUuid.fromTime(ms, ticks));
const localDate = fc.oneof(
  fc.integer({ min: MIN_EPOCH_DAY, max: MAX_EPOCH_DAY }),
  fc.constantFrom(MIN_EPOCH_DAY, MAX_EPOCH_DAY, 0, -1, 11016 /* 2000-02-29 */),
).map(LocalDate.fromEpochDay);
const localTime = fc.oneof(fc.bigInt({ min: 0n, max: NANOS_PER_DAY - 1n }), fc.constantFrom(0n, NANOS_PER_DAY - 1n))
  .map(LocalTime.fromNanoOfDay);
const duration = fc.tuple(fc.nat({ max: 2 ** 31 - 1 }), fc.nat({ max: 2 ** 31 - 1 }), fc.bigInt({ min: 0n, max: (1n << 63n) - 1n }), fc.boolean())
  .map(([m, d, n, neg]) => (neg ? new Duration(-m || 0, -d || 0, -n) : new Duration(m, d, n)));
const inet = fc.oneof(fc.uint8Array({ minLength: 4, maxLength: 4 }), fc.uint8Array({ minLength: 16, maxLength: 16 }))
  .map((b) => new InetAddress(b));
const decimal = fc.tuple(fc.bigInt({ min: -(1n << 140n), max: 1n << 140n }), int(32)).map(([u, s]) => new BigDecimal(u, s));
const text = fc.string({ unit: 'binary' });

describe('round trips of every type', () => {
  it('integers at and between their limits', () => {
    law('int', fc.oneof(int(32), fc.constantFrom(-(2 ** 31), 2 ** 31 - 1)));
    law('smallint', fc.oneof(int(16), fc.constantFrom(-32768, 32767)));
    law('tinyint', fc.oneof(int(8), fc.constantFrom(-128, 127)));
    law('bigint', fc.oneof(int64, fc.constantFrom(-(1n << 63n), (1n << 63n) - 1n)), { useBigInt: true });
    law('counter', int64, { useBigInt: true });
    law('bigint', int64.map((v) => Long.fromString(v.toString())));
    law('varint', fc.oneof(fc.bigInt({ min: -(1n << 300n), max: 1n << 300n }), fc.constantFrom(0n, -1n, 1n << 128n, -(1n << 128n))));
  });

  it('floating point, NaN, -0 and infinities included', () => {
    law('float', floats);
    law('double', doubles);
  });

  it('text, ascii, blobs (empty included) and booleans', () => {
    law('text', text);
    law('ascii', fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)) }));
    law('blob', fc.uint8Array().map((b) => Buffer.from(b)));
    law({ kind: 'custom', className: 'com.example.X' }, fc.uint8Array().map((b) => Buffer.from(b)));
    law('boolean', fc.boolean());
  });

  it('value classes', () => {
    law('uuid', uuid);
    law('timeuuid', timeuuid);
    law('date', localDate);
    law('time', localTime);
    law('duration', duration);
    law('inet', inet);
    law('decimal', decimal);
    law('timestamp', fc.integer({ min: -8.64e15, max: 8.64e15 }).map((ms) => new Date(ms)));
  });

  it('collections, empty and nested', () => {
    law('list<int>', fc.array(int(32)));
    law('set<text>', fc.uniqueArray(text).map((a) => new Set(a)));
    law('map<text, frozen<list<double>>>', fc.array(fc.tuple(text, fc.array(doubles)), { maxLength: 5 }).map((e) => new Map(e)));
    law('list<frozen<set<uuid>>>', fc.array(fc.uniqueArray(uuid, { maxLength: 3 }).map((a) => new Set(a)), { maxLength: 4 }));
    law('map<date, duration>', fc.array(fc.tuple(localDate, duration), { maxLength: 4 }).map((e) => new Map(e)));
  });

  it('tuples and UDTs with nulls', () => {
    law('tuple<int, text, frozen<list<inet>>>', fc.tuple(fc.option(int(32)), fc.option(text), fc.option(fc.array(inet, { maxLength: 3 })))
      .map((e) => new Tuple(e)));
    const udt: UdtType = {
      kind: 'udt', keyspace: 'ks', name: 'u',
      fields: [{ name: 'a', type: t('varint') }, { name: 'b', type: t('frozen<map<int, text>>') }, { name: 'c', type: t('time') }],
    };
    law(udt, fc.record({
      a: fc.option(fc.bigInt()), b: fc.option(fc.array(fc.tuple(int(32), text)).map((e) => new Map(e))), c: fc.option(localTime),
    }));
  });

  it('vectors of fixed and variable-size elements', () => {
    law('vector<float, 3>', fc.array(floats, { minLength: 3, maxLength: 3 }).map((a) => new Float32Array(a)));
    law('vector<double, 2>', fc.array(doubles, { minLength: 2, maxLength: 2 }).map((a) => new Float64Array(a)));
    law('vector<int, 4>', fc.array(int(32), { minLength: 4, maxLength: 4 }).map((a) => new Int32Array(a)));
    law('vector<text, 2>', fc.array(text, { minLength: 2, maxLength: 2 }));
    law('vector<uuid, 2>', fc.array(uuid, { minLength: 2, maxLength: 2 }));
    law('vector<frozen<list<int>>, 2>', fc.array(fc.array(int(32), { maxLength: 40 }), { minLength: 2, maxLength: 2 }));
    law('vector<varint, 3>', fc.array(fc.bigInt({ min: -(1n << 1100n), max: 1n << 1100n }), { minLength: 3, maxLength: 3 }));
    law('vector<vector<float, 2>, 2>', fc.array(fc.array(fc.float({ noNaN: true }), { minLength: 2, maxLength: 2 })
      .map((a) => new Float32Array(a)), { minLength: 2, maxLength: 2 }));
  });
});
