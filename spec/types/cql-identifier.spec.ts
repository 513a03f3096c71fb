/** The one identifier quoter: when a name needs quotes, how it is quoted, how it reads back. */
import fc from 'fast-check';
import { needsQuoting, parseIdentifier, qualifiedName, quoteIdentifier } from '../../lib/types/cql-identifier';

describe('quoteIdentifier', () => {
  it('leaves plain lowercase names alone, unreserved keywords and type names included', () => {
    for (const n of ['users', 'a1', 'x_y', 'text', 'date', 'key', 'ttl']) expect(quoteIdentifier(n)).toBe(n);
  });

  it('quotes mixed case, leading digits or underscores, punctuation and reserved words', () => {
    expect(quoteIdentifier('Person')).toBe('"Person"');
    expect(quoteIdentifier('1abc')).toBe('"1abc"');
    expect(quoteIdentifier('_x')).toBe('"_x"');
    expect(quoteIdentifier('a-b')).toBe('"a-b"');
    expect(quoteIdentifier('select')).toBe('"select"');
    expect(quoteIdentifier('table')).toBe('"table"');
    expect(quoteIdentifier('say "hi"')).toBe('"say ""hi"""');
    expect(qualifiedName('ks', 'Users')).toBe('ks."Users"');
  });

  it('quotes the words a context reserves besides the keywords (type names where a type is expected)', () => {
    const typeNames = new Set(['text', 'int']);
    expect(quoteIdentifier('text', typeNames)).toBe('"text"');
    expect(qualifiedName('ks', 'int', typeNames)).toBe('ks."int"');
    expect(needsQuoting('address', typeNames)).toBe(false);
  });

  it('round-trips: reading the quoted form gives the name back', () => {
    fc.assert(fc.property(fc.string({ minLength: 1, maxLength: 20 }), (name) => {
      const q = quoteIdentifier(name);
      expect(parseIdentifier(q)).toBe(name);
      if (!q.startsWith('"')) expect(q).toMatch(/^[a-z][a-z0-9_]*$/);
    }));
  });
});

describe('parseIdentifier', () => {
  it.each([
    ['ks', 'ks'],
    ['MyKs', 'myks'],
    ['"MyKs"', 'MyKs'],
    ['"a ""b"""', 'a "b"'],
    ['"select"', 'select'],
    ['1ks', undefined],
    ['a-b', undefined],
    ['""', undefined],
    ['"unclosed', undefined],
  ])('%s → %p', (text, name) => {
    expect(parseIdentifier(text)).toBe(name);
  });
});
