/** Literals and number formatting of the export (identifier quoting: spec/types/cql-identifier.spec.ts). */
import { javaDouble, mapLiteral, optionLiteral, unfrozen } from '../../../lib/metadata/schema/cql-format';
import { normalizeArgumentType, signatureOf } from '../../../lib/metadata/schema/functions';
import { frozenRecord } from '../../../lib/metadata/schema/row-values';

describe('literals', () => {
  it('prints doubles as Java does', () => {
    expect(javaDouble(1)).toBe('1.0');
    expect(javaDouble(0.01)).toBe('0.01');
    expect(javaDouble(0.1)).toBe('0.1');
    expect(javaDouble(0)).toBe('0.0');
    expect(javaDouble(1e-4)).toBe('1.0E-4');
    expect(javaDouble(1.5e-5)).toBe('1.5E-5');
    expect(javaDouble(1e7)).toBe('1.0E7');
    expect(javaDouble(123.25)).toBe('123.25');
  });

  it('prints option values by kind', () => {
    expect(optionLiteral('comment', "it's")).toBe("'it''s'");
    expect(optionLiteral('crc_check_chance', 1)).toBe('1.0');
    expect(optionLiteral('gc_grace_seconds', 3600)).toBe('3600');
    expect(optionLiteral('cdc', false)).toBe('false');
    expect(optionLiteral('caching', frozenRecord([['keys', 'ALL'], ['rows_per_partition', 'NONE']]))).toBe("{'keys': 'ALL', 'rows_per_partition': 'NONE'}");
    expect(optionLiteral('extensions', frozenRecord([['ext', 'cafe']]))).toBe("{'ext': 0xcafe}");
    expect(mapLiteral(frozenRecord([]))).toBe('{}');
  });

  it('drops top-level frozen from function types only', () => {
    expect(unfrozen('frozen<tuple<int, bigint>>')).toBe('tuple<int, bigint>');
    expect(unfrozen('list<frozen<address>>')).toBe('list<frozen<address>>');
    expect(unfrozen('int')).toBe('int');
  });

  it('normalizes signatures so stored, event and user spellings agree', () => {
    expect(normalizeArgumentType('frozen<tuple<int, bigint>>')).toBe('tuple<int,bigint>');
    expect(signatureOf('f', ['frozen<tuple<int, bigint>>', 'int'])).toBe(signatureOf('f', ['tuple<int,bigint>', 'int']));
    expect(signatureOf('g', [])).toBe('g()');
  });
});
