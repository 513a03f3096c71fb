/**
 * Every CQL type, as columns of one table, with five sample rows. Each sample is a CQL literal
 * (parsed by Cassandra, not by us) and the JavaScript value we expect it to decode to, stated by
 * hand (epoch days, nanoseconds, bytes and Date.UTC — not computed by our value classes' parsers).
 * Sets: A typical, B minimum / negative edges, C maximum / positive edges, D zero / empty / null,
 * E special values (NaN, negative scale, …). Decoding uses `useBigInt: true`.
 */
import { BigDecimal } from '../../../lib/types/big-decimal';
import { Duration } from '../../../lib/types/duration';
import { InetAddress } from '../../../lib/types/inet-address';
import { LocalDate } from '../../../lib/types/local-date';
import { LocalTime } from '../../../lib/types/local-time';
import { TimeUuid } from '../../../lib/types/time-uuid';
import { Tuple } from '../../../lib/types/tuple';
import { Uuid } from '../../../lib/types/uuid';

export type Sample = readonly [literal: string, value: unknown];
export interface Column {
  readonly name: string;
  readonly cql: string;
  /** Samples A..E. */
  readonly samples: readonly [Sample, Sample, Sample, Sample, Sample];
}

const hex = (h: string): Buffer => Buffer.from(h, 'hex');
const ip = (h: string): InetAddress => new InetAddress(hex(h));
const day = (epochDay: number): LocalDate => LocalDate.fromEpochDay(epochDay);
const nanos = (n: bigint): LocalTime => LocalTime.fromNanoOfDay(n);
const uuid = (h: string): Uuid => new Uuid(hex(h));
const S = (...entries: unknown[]): Set<unknown> => new Set(entries);
const M = (...entries: Array<readonly [unknown, unknown]>): Map<unknown, unknown> => new Map(entries);
const NULL: Sample = ['null', null];

/** 2024-02-29: 54 years (13 leap days) + 31 + 28 days after 1970-01-01. */
const LEAP_DAY = 54 * 365 + 13 + 31 + 28;
const TS_A = Date.UTC(2024, 1, 29, 12, 34, 56, 789);
/** 12:34:56.123456789 */
const TIME_A = (12n * 3600n + 34n * 60n + 56n) * 1_000_000_000n + 123_456_789n;
const TIME_MAX = 86_400_000_000_000n - 1n;
const I64_MAX = (1n << 63n) - 1n;
const I128_MIN = -(1n << 127n);

export const UDT_DDL = [
  'CREATE TYPE IF NOT EXISTS inner_udt (a int, b text)',
  'CREATE TYPE IF NOT EXISTS outer_udt (name text, inner frozen<inner_udt>, tags frozen<list<text>>)',
];

export const COLUMNS: readonly Column[] = [
  { name: 'c_ascii', cql: 'ascii', samples: [["'hello'", 'hello'], ["'it''s ~'", "it's ~"], ["'ZZZ'", 'ZZZ'], ["''", ''], ["'\t'", '\t']] },
  { name: 'c_bigint', cql: 'bigint', samples: [['1234567890123', 1234567890123n], ['-9223372036854775808', -(1n << 63n)], ['9223372036854775807', I64_MAX], ['0', 0n], ['-1', -1n]] },
  { name: 'c_blob', cql: 'blob', samples: [['0x0102', hex('0102')], ['0x00', hex('00')], [`0x${'ff'.repeat(40)}`, hex('ff'.repeat(40))], ['0x', Buffer.alloc(0)], ['0xdeadbeef', hex('deadbeef')]] },
  { name: 'c_boolean', cql: 'boolean', samples: [['true', true], ['false', false], ['true', true], ['false', false], NULL] },
  { name: 'c_date', cql: 'date', samples: [["'2024-02-29'", day(LEAP_DAY)], ["'0'", day(-2147483648)], ["'4294967295'", day(2147483647)], ["'1970-01-01'", day(0)], ["'1969-12-31'", day(-1)]] },
  { name: 'c_decimal', cql: 'decimal', samples: [['1.5e300', new BigDecimal(15n, -299)], ['-0.000000001', new BigDecimal(-1n, 9)], ['123456789012345678901234567890.123456789', new BigDecimal(123456789012345678901234567890123456789n, 9)], ['0', new BigDecimal(0n, 0)], ['1E+3', new BigDecimal(1n, -3)]] },
  { name: 'c_double', cql: 'double', samples: [['1.5e300', 1.5e300], ['-Infinity', -Infinity], ['1.7976931348623157e308', Number.MAX_VALUE], ['-0.0', -0], ['NaN', NaN]] },
  { name: 'c_duration', cql: 'duration', samples: [['1mo2d3h4m5s6ms7us8ns', new Duration(1, 2, 11_045_006_007_008n)], ['-1y2d', new Duration(-12, -2, 0n)], ['P1Y2M3DT4H5M6S', new Duration(14, 3, 14_706_000_000_000n)], ['0s', new Duration(0, 0, 0n)], ['P4W', new Duration(0, 28, 0n)]] },
  { name: 'c_float', cql: 'float', samples: [['1.5', 1.5], ['-Infinity', -Infinity], ['3.4028234663852886e38', 3.4028234663852886e38], ['-0.0', -0], ['NaN', NaN]] },
  { name: 'c_inet4', cql: 'inet', samples: [["'127.0.0.1'", ip('7f000001')], ["'0.0.0.0'", ip('00000000')], ["'255.255.255.255'", ip('ffffffff')], NULL, ["'10.1.2.3'", ip('0a010203')]] },
  { name: 'c_inet6', cql: 'inet', samples: [["'2001:db8::8a2e:370:7334'", ip('20010db8000000000000' + '8a2e03707334')], ["'::'", ip('00'.repeat(16))], ["'ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff'", ip('ff'.repeat(16))], ["'::1'", ip('00'.repeat(15) + '01')], ["'fe80::1:0:0:1'", ip('fe80' + '0000'.repeat(3) + '0001' + '0000'.repeat(2) + '0001')]] },
  { name: 'c_int', cql: 'int', samples: [['123456', 123456], ['-2147483648', -2147483648], ['2147483647', 2147483647], ['0', 0], ['-1', -1]] },
  { name: 'c_smallint', cql: 'smallint', samples: [['1234', 1234], ['-32768', -32768], ['32767', 32767], ['0', 0], ['-1', -1]] },
  { name: 'c_text', cql: 'text', samples: [["'héllo 世界 🎉'", 'héllo 世界 🎉'], ["'it''s'", "it's"], [`'${'x'.repeat(1000)}'`, 'x'.repeat(1000)], ["''", ''], ["'\u0000nul'", '\u0000nul']] },
  { name: 'c_time', cql: 'time', samples: [["'12:34:56.123456789'", nanos(TIME_A)], ["'00:00:00'", nanos(0n)], ["'23:59:59.999999999'", nanos(TIME_MAX)], NULL, ["'00:00:00.000000001'", nanos(1n)]] },
  { name: 'c_timestamp', cql: 'timestamp', samples: [["'2024-02-29 12:34:56.789+0000'", new Date(TS_A)], ['-62135596800000', new Date(-62_135_596_800_000)] /* 0001-01-01T00:00:00Z */, ['253402300799999', new Date(Date.UTC(9999, 11, 31, 23, 59, 59, 999))], ['0', new Date(0)], ['-1', new Date(-1)]] },
  { name: 'c_timeuuid', cql: 'timeuuid', samples: [['50554d6e-29bb-11e5-b345-feff819cdc9f', TimeUuid.fromBytes(hex('50554d6e29bb11e5b345feff819cdc9f'))], ['00000000-0000-1000-8000-000000000000', TimeUuid.fromBytes(hex('00000000000010008000000000000000'))], ['ffffffff-ffff-1fff-bfff-ffffffffffff', TimeUuid.fromBytes(hex('ffffffffffff1fffbfffffffffffffff'))], NULL, ['e0e1e2e3-e4e5-11e6-87e8-e9eaebecedee', TimeUuid.fromBytes(hex('e0e1e2e3e4e511e687e8e9eaebecedee'))]] },
  { name: 'c_tinyint', cql: 'tinyint', samples: [['42', 42], ['-128', -128], ['127', 127], ['0', 0], ['-1', -1]] },
  { name: 'c_uuid', cql: 'uuid', samples: [['123e4567-e89b-42d3-a456-426614174000', uuid('123e4567e89b42d3a456426614174000')], ['00000000-0000-0000-0000-000000000000', uuid('00'.repeat(16))], ['ffffffff-ffff-ffff-ffff-ffffffffffff', uuid('ff'.repeat(16))], NULL, ['01234567-89ab-cdef-0123-456789abcdef', uuid('0123456789abcdef0123456789abcdef')]] },
  { name: 'c_varint', cql: 'varint', samples: [['12345678901234567890', 12345678901234567890n], ['-170141183460469231731687303715884105728', I128_MIN], ['170141183460469231731687303715884105727', -I128_MIN - 1n], ['0', 0n], ['-129', -129n]] },
  // Collections (a non-frozen empty collection is stored as nothing: it reads back as null).
  { name: 'c_list', cql: 'list<int>', samples: [['[1, 2, 3]', [1, 2, 3]], ['[-2147483648]', [-2147483648]], ['[2147483647, 0]', [2147483647, 0]], ['[]', null], ['[7, 7]', [7, 7]]] },
  { name: 'c_set', cql: 'set<text>', samples: [["{'b', 'a'}", S('a', 'b')], ["{''}", S('')], ["{'z'}", S('z')], ['{}', null], ["{'é'}", S('é')]] },
  { name: 'c_map', cql: 'map<text, bigint>', samples: [["{'a': 1, 'b': 2}", M(['a', 1n], ['b', 2n])], ["{'min': -9223372036854775808}", M(['min', -(1n << 63n)])], ["{'max': 9223372036854775807}", M(['max', I64_MAX])], ['{}', null], ["{'': 0}", M(['', 0n])]] },
  { name: 'c_nested', cql: 'frozen<map<int, frozen<list<frozen<set<text>>>>>>', samples: [["{1: [{'x', 'y'}, {}], 2: []}", M([1, [S('x', 'y'), S()]], [2, []])], ["{-1: [{''}]}", M([-1, [S('')]])], ["{2147483647: [{'a'}, {'b'}]}", M([2147483647, [S('a'), S('b')]])], ['{}', M()], NULL] },
  { name: 'c_list_tuple', cql: 'list<frozen<tuple<int, text>>>', samples: [["[(1, 'a'), (2, null)]", [Tuple.of(1, 'a'), Tuple.of(2, null)]], ["[(null, null)]", [Tuple.of(null, null)]], ["[(2147483647, 'zz')]", [Tuple.of(2147483647, 'zz')]], NULL, ["[(0, '')]", [Tuple.of(0, '')]]] },
  { name: 'c_tuple', cql: 'tuple<int, text, frozen<list<double>>>', samples: [["(1, 'x', [1.5])", Tuple.of(1, 'x', [1.5])], ['(null, null, null)', Tuple.of(null, null, null)], ["(2147483647, 'y', [-0.0, 1e308])", Tuple.of(2147483647, 'y', [-0, 1e308])], ["(0, '', [])", Tuple.of(0, '', [])], NULL] },
  { name: 'c_udt', cql: 'frozen<outer_udt>', samples: [["{name: 'n', inner: {a: 1, b: 'x'}, tags: ['t']}", { name: 'n', inner: { a: 1, b: 'x' }, tags: ['t'] }], ["{name: 'only'}", { name: 'only', inner: null, tags: null }], ["{name: '', inner: {a: 2147483647, b: null}, tags: []}", { name: '', inner: { a: 2147483647, b: null }, tags: [] }], NULL, ['{inner: {b: \'deep\'}}', { name: null, inner: { a: null, b: 'deep' }, tags: null }]] },
  // Vectors: which element types are packed with lengths is what these rows settle.
  { name: 'v_float', cql: 'vector<float, 3>', samples: [['[1.5, -2, 3.25]', Float32Array.of(1.5, -2, 3.25)], ['[-Infinity, 0, 1]', Float32Array.of(-Infinity, 0, 1)], ['[3.4028234663852886e38, 1, 2]', Float32Array.of(3.4028234663852886e38, 1, 2)], NULL, ['[NaN, -0.0, 0.5]', Float32Array.of(NaN, -0, 0.5)]] },
  { name: 'v_double', cql: 'vector<double, 2>', samples: [['[1.5e300, -1]', Float64Array.of(1.5e300, -1)], ['[-Infinity, 0]', Float64Array.of(-Infinity, 0)], ['[1.7976931348623157e308, 1]', Float64Array.of(Number.MAX_VALUE, 1)], NULL, ['[NaN, -0.0]', Float64Array.of(NaN, -0)]] },
  { name: 'v_int', cql: 'vector<int, 2>', samples: [['[1, -2]', Int32Array.of(1, -2)], ['[-2147483648, 0]', Int32Array.of(-2147483648, 0)], ['[2147483647, 1]', Int32Array.of(2147483647, 1)], NULL, ['[0, 0]', Int32Array.of(0, 0)]] },
  { name: 'v_bigint', cql: 'vector<bigint, 2>', samples: [['[1, -1]', [1n, -1n]], ['[-9223372036854775808, 0]', [-(1n << 63n), 0n]], ['[9223372036854775807, 1]', [I64_MAX, 1n]], NULL, ['[0, 0]', [0n, 0n]]] },
  { name: 'v_smallint', cql: 'vector<smallint, 2>', samples: [['[1, -2]', [1, -2]], ['[-32768, 0]', [-32768, 0]], ['[32767, 1]', [32767, 1]], NULL, ['[0, 0]', [0, 0]]] },
  { name: 'v_tinyint', cql: 'vector<tinyint, 2>', samples: [['[1, -2]', [1, -2]], ['[-128, 0]', [-128, 0]], ['[127, 1]', [127, 1]], NULL, ['[0, 0]', [0, 0]]] },
  { name: 'v_date', cql: 'vector<date, 2>', samples: [["['2024-02-29', '1970-01-01']", [day(LEAP_DAY), day(0)]], ["['0', '1969-12-31']", [day(-2147483648), day(-1)]], ["['4294967295', '1970-01-02']", [day(2147483647), day(1)]], NULL, ["['1970-01-01', '1970-01-01']", [day(0), day(0)]]] },
  { name: 'v_time', cql: 'vector<time, 2>', samples: [["['12:34:56.123456789', '00:00:00']", [nanos(TIME_A), nanos(0n)]], ["['00:00:00', '00:00:00.000000001']", [nanos(0n), nanos(1n)]], ["['23:59:59.999999999', '00:00:01']", [nanos(TIME_MAX), nanos(1_000_000_000n)]], NULL, ["['00:00:00', '00:00:00']", [nanos(0n), nanos(0n)]]] },
  { name: 'v_text', cql: 'vector<text, 2>', samples: [["['a', 'héllo']", ['a', 'héllo']], ["['', '']", ['', '']], [`['${'y'.repeat(300)}', 'z']`, ['y'.repeat(300), 'z']], NULL, ["['🎉', 'x']", ['🎉', 'x']]] },
  { name: 'v_boolean', cql: 'vector<boolean, 2>', samples: [['[true, false]', [true, false]], ['[false, false]', [false, false]], ['[true, true]', [true, true]], NULL, ['[false, true]', [false, true]]] },
  { name: 'v_timestamp', cql: 'vector<timestamp, 2>', samples: [["['2024-02-29 12:34:56.789+0000', 0]", [new Date(TS_A), new Date(0)]], ['[-1, 0]', [new Date(-1), new Date(0)]], ['[253402300799999, 1]', [new Date(253402300799999), new Date(1)]], NULL, ['[0, 0]', [new Date(0), new Date(0)]]] },
  { name: 'v_uuid', cql: 'vector<uuid, 2>', samples: [['[123e4567-e89b-42d3-a456-426614174000, 00000000-0000-0000-0000-000000000000]', [uuid('123e4567e89b42d3a456426614174000'), uuid('00'.repeat(16))]], NULL, NULL, NULL, NULL] },
  { name: 'v_varint', cql: 'vector<varint, 2>', samples: [['[12345678901234567890, -1]', [12345678901234567890n, -1n]], ['[-170141183460469231731687303715884105728, 0]', [I128_MIN, 0n]], NULL, NULL, ['[0, 128]', [0n, 128n]]] },
  { name: 'v_decimal', cql: 'vector<decimal, 2>', samples: [['[1.5e300, 0.1]', [new BigDecimal(15n, -299), new BigDecimal(1n, 1)]], NULL, NULL, NULL, NULL] },
  { name: 'v_vector', cql: 'vector<vector<float, 2>, 2>', samples: [['[[1, 2], [3, 4]]', [Float32Array.of(1, 2), Float32Array.of(3, 4)]], NULL, NULL, NULL, NULL] },
  { name: 'v_list', cql: 'vector<frozen<list<int>>, 2>', samples: [['[[1], []]', [[1], []]], NULL, NULL, NULL, NULL] },
];

export const SAMPLE_SETS = ['A', 'B', 'C', 'D', 'E'] as const;
