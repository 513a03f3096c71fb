import Long from 'long';
import { encodeInferred, inferType, resolveHint } from '../../lib/types/infer';
import { typeToCql } from '../../lib/types/cql-type-names';
import { UNSET } from '../../lib/types/unset';
import { TimeUuid } from '../../lib/types/time-uuid';
import { Uuid } from '../../lib/types/uuid';
import { LocalDate } from '../../lib/types/local-date';
import { Tuple } from '../../lib/types/tuple';
import { BigDecimal } from '../../lib/types/big-decimal';
import { invalid } from './helpers';

function inferred(value: unknown): string | undefined {
  const type = inferType(value);
  return type && typeToCql(type);
}

describe('inferType', () => {
  it('maps JavaScript values to CQL types', () => {
    const cases: [unknown, string][] = [
      ['a', 'text'], [1, 'double'], [1.5, 'double'], [true, 'boolean'], [1n, 'bigint'], [1n << 64n, 'varint'],
      [Long.ONE, 'bigint'], [Buffer.alloc(1), 'blob'], [new Date(), 'timestamp'], [TimeUuid.now(), 'timeuuid'],
      [Uuid.random(), 'uuid'], [LocalDate.fromEpochDay(0), 'date'], [BigDecimal.parse('1.5'), 'decimal'],
      [Tuple.of(1, 'a', null), 'tuple<double, text, blob>'], [[1, 2], 'list<double>'], [new Set(['a']), 'set<text>'],
      [new Map([['a', [1n]]]), 'map<text, list<bigint>>'], [{ a: 'x' }, 'map<text, text>'],
      [new Float32Array(3), 'vector<float, 3>'], [new Float64Array(2), 'vector<double, 2>'], [new Int32Array(1), 'vector<int, 1>'],
      [[], 'list<blob>'], [[null, 'a'], 'list<text>'], [new Map(), 'map<blob, blob>'],
    ];
    for (const [value, cql] of cases) expect(inferred(value)).toBe(cql);
    expect(inferred(null)).toBeUndefined();
    expect(inferred(UNSET)).toBeUndefined();
    expect(() => inferType(() => 1)).toThrow(TypeError);
    expect(() => inferType(new (class Foo {})())).toThrow(TypeError);
  });
});

describe('encodeInferred', () => {
  it('encodes by inference or by hint', () => {
    expect((encodeInferred(1, 'parameter 0') as Buffer).toString('hex')).toBe('3ff0000000000000');
    expect((encodeInferred(1, 'parameter 0', 'int') as Buffer).toString('hex')).toBe('00000001');
    expect((encodeInferred([1], 'parameter 0', 'list<smallint>') as Buffer).toString('hex')).toBe('00000001000000020001');
    expect((encodeInferred(1, 'parameter 0', { kind: 'bigint' }) as Buffer).toString('hex')).toBe('0000000000000001');
    expect((encodeInferred([], 'parameter 0') as Buffer).toString('hex')).toBe('00000000');
    expect(encodeInferred(null, 'parameter 0')).toBeNull();
    expect(encodeInferred(UNSET, 'parameter 0')).toBe(UNSET);
  });

  it('reports bad hints, unknown values and hint mismatches as InvalidValueError', () => {
    const badHint = invalid(() => encodeInferred(1, 'parameter 3', 'lisst<int>'));
    expect([badHint.target, badHint.cqlType, badHint.received]).toEqual(['parameter 3', 'lisst<int>', 'number 1']);
    expect(invalid(() => encodeInferred(Symbol('x'), 'parameter 0')).received).toBe('symbol');
    expect(invalid(() => encodeInferred(1.5, 'parameter 0', 'int')).cqlType).toBe('int');
    expect(invalid(() => encodeInferred([1, 'a'], 'parameter 0')).target).toBe('parameter 0 → element 1');
  });

  it('resolves hints', () => {
    expect(resolveHint('frozen<set<int>>')).toEqual({ kind: 'set', element: { kind: 'int' }, frozen: true });
  });
});
