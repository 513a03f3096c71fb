import fc from 'fast-check';
import { Uuid } from '../../lib/types/uuid';

describe('Uuid', () => {
  it('parses and prints the canonical form (lowercase)', () => {
    const u = Uuid.fromString('550E8400-E29B-41D4-A716-446655440000');
    expect(u.toString()).toBe('550e8400-e29b-41d4-a716-446655440000');
    expect(u.toBuffer().toString('hex')).toBe('550e8400e29b41d4a716446655440000');
    expect(u.version).toBe(4);
    expect(JSON.stringify({ u })).toBe('{"u":"550e8400-e29b-41d4-a716-446655440000"}');
  });

  it('rejects non-canonical strings', () => {
    for (const bad of ['', '550e8400e29b41d4a716446655440000', '550e8400-e29b-41d4-a716-44665544000g', '{550e8400-e29b-41d4-a716-446655440000}']) {
      expect(() => Uuid.fromString(bad)).toThrow(TypeError);
      expect(Uuid.isValidString(bad)).toBe(false);
    }
  });

  it('generates random version 4, RFC 4122 variant UUIDs', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const u = Uuid.random();
      expect(u.version).toBe(4);
      expect((u.toBuffer()[8] ?? 0) >> 6).toBe(0b10);
      seen.add(u.toString());
    }
    expect(seen.size).toBe(200);
  });

  it('is immutable: the bytes passed in and handed out are copies', () => {
    const bytes = Buffer.alloc(16, 1);
    const u = new Uuid(bytes);
    bytes[0] = 9;
    u.toBuffer()[1] = 9;
    expect(u.toString()).toBe('01010101-0101-0101-0101-010101010101');
  });

  it('round-trips string ⇄ bytes', () => {
    fc.assert(fc.property(fc.uint8Array({ minLength: 16, maxLength: 16 }), (bytes) => {
      const u = new Uuid(bytes);
      return Uuid.fromString(u.toString()).equals(u) && !u.equals(u.toString());
    }));
  });
});
