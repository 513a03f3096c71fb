/**
 * The type registry without a server: custom codecs and user-type mappings turn the driver's
 * decoded values into the application's (nested in collections, tuples and UDTs) and back, through
 * the real encoder and decoder; registrations that cannot work are typed errors.
 */
import Long from 'long';
import type { UdtType } from '../../lib/types/data-type';
import { decodeValue } from '../../lib/types/decode';
import { encodeValue } from '../../lib/types/encode';
import { BigDecimal } from '../../lib/types/big-decimal';
import { Tuple } from '../../lib/types/tuple';
import { TypeRegistry } from '../../lib/types/type-registry';
import type { CustomCodec } from '../../lib/types/custom-codec';
import { InvalidValueError } from '../../lib/errors/codec-errors';
import { TypeRegistrationError, UserTypeMismatchError, ValueMappingError } from '../../lib/errors/mapping-errors';
import { t } from './helpers';

class Address {
  street = '';
  zipCode: number | null = null;
  label(): string {
    return `${this.street} ${this.zipCode ?? ''}`.trim();
  }
}

class Person {
  name = '';
  home: Address | null = null;
}

const ADDRESS: UdtType = { kind: 'udt', keyspace: 'app', name: 'address', fields: [{ name: 'street', type: { kind: 'text' } }, { name: 'zip_code', type: { kind: 'int' } }] };
const PERSON: UdtType = { kind: 'udt', keyspace: 'app', name: 'person', fields: [{ name: 'name', type: { kind: 'text' } }, { name: 'home', type: ADDRESS }] };

/** A decimal class of the application (stands for decimal.js & co.). */
class Money {
  constructor(readonly cents: bigint) {}
}

const moneyCodec: CustomCodec<Money, 'decimal'> = {
  cqlType: 'decimal',
  is: (v): v is Money => v instanceof Money,
  fromCql: (d) => new Money(d.unscaled * 10n ** BigInt(2 - d.scale)),
  toCql: (m) => new BigDecimal(m.cents, 2),
};

const bigintCodec: CustomCodec<bigint, 'bigint'> = {
  cqlType: 'bigint',
  is: (v): v is bigint => typeof v === 'bigint',
  fromCql: (v) => (typeof v === 'bigint' ? v : BigInt(v.toString())),
  toCql: (v) => v,
};

/** Encode as the driver does for a prepared marker of `type` (registered transform first), then decode and convert. */
function roundTrip(reg: TypeRegistry, type: ReturnType<typeof t>, value: unknown): unknown {
  const enc = reg.encoder(type);
  const bytes = encodeValue(type, enc ? enc(value, 'parameter 0') : value, 'parameter 0');
  const decoded = decodeValue(type, bytes as Buffer);
  const dec = reg.decoder(type);
  return dec && decoded !== null ? dec(decoded) : decoded;
}

describe('TypeRegistry', () => {
  it('starts empty and has no transform for any type', () => {
    const reg = new TypeRegistry();
    expect(reg.isEmpty).toBe(true);
    expect(reg.decoder(t('list<frozen<map<int, text>>>'))).toBeNull();
    expect(reg.encoder(ADDRESS)).toBeNull();
  });

  it('decodes a registered UDT into instances of its class, nested UDTs too, and encodes them back', () => {
    const reg = new TypeRegistry();
    reg.registerUserType('app', 'address', Address);
    reg.registerUserType('app', 'person', Person);
    expect(reg.isEmpty).toBe(false);
    const home = Object.assign(new Address(), { street: 'Main St', zipCode: 1234 });
    const out = roundTrip(reg, PERSON, Object.assign(new Person(), { name: 'Ada', home })) as Person;
    expect(out).toBeInstanceOf(Person);
    expect(out.home).toBeInstanceOf(Address);
    expect(out.home?.label()).toBe('Main St 1234');
    expect(out.name).toBe('Ada');
  });

  it('converts UDTs inside lists, sets, maps and tuples', () => {
    const reg = new TypeRegistry();
    reg.registerUserType('app', 'address', Address);
    const a = Object.assign(new Address(), { street: 'A', zipCode: 1 });
    const b = Object.assign(new Address(), { street: 'B', zipCode: null });
    const list = roundTrip(reg, { kind: 'list', element: ADDRESS }, [a, b]) as Address[];
    expect(list.map((x) => [x instanceof Address, x.street, x.zipCode])).toEqual([[true, 'A', 1], [true, 'B', null]]);
    const map = roundTrip(reg, { kind: 'map', key: { kind: 'text' }, value: ADDRESS }, new Map([['home', a]])) as Map<string, Address>;
    expect(map.get('home')).toBeInstanceOf(Address);
    const set = roundTrip(reg, { kind: 'set', element: ADDRESS }, new Set([b])) as Set<Address>;
    expect([...set][0]).toBeInstanceOf(Address);
    const tuple = roundTrip(reg, { kind: 'tuple', elements: [{ kind: 'int' }, ADDRESS] }, Tuple.of(7, a)) as Tuple;
    expect(tuple.get(0)).toBe(7);
    expect((tuple.get(1) as Address).label()).toBe('A 1');
  });

  it('still takes plain field objects for a registered UDT', () => {
    const reg = new TypeRegistry();
    reg.registerUserType('app', 'address', Address);
    const out = roundTrip(reg, ADDRESS, { street: 'Plain', zip_code: 9 }) as Address;
    expect(out).toBeInstanceOf(Address);
    expect(out.zipCode).toBe(9);
  });

  it('takes a { fromCql, toCql } mapping', () => {
    const reg = new TypeRegistry();
    reg.registerUserType('app', 'address', {
      fromCql: (f) => `${String(f['street'])}|${String(f['zip_code'])}`,
      toCql: (s) => {
        const [street, zip] = String(s).split('|');
        return { street, zip_code: Number(zip) };
      },
      is: (v): v is string => typeof v === 'string',
      fields: ['street', 'zip_code'],
    });
    expect(roundTrip(reg, ADDRESS, 'Elm|42')).toBe('Elm|42');
  });

  it('applies codecs to columns and to values nested anywhere', () => {
    const reg = new TypeRegistry();
    reg.registerCodec(moneyCodec);
    reg.registerCodec(bigintCodec);
    const m = roundTrip(reg, t('decimal'), new Money(12345n)) as Money;
    expect(m).toBeInstanceOf(Money);
    expect(m.cents).toBe(12345n);
    expect(roundTrip(reg, t('bigint'), 2n ** 62n)).toBe(2n ** 62n);
    const nested = roundTrip(reg, t('map<text, frozen<list<tuple<bigint, decimal>>>>'), new Map([['k', [Tuple.of(5n, new Money(100n))]]])) as Map<string, Tuple[]>;
    const tuple = nested.get('k')?.[0];
    expect(tuple?.get(0)).toBe(5n);
    expect((tuple?.get(1) as Money).cents).toBe(100n);
    // A value the codec does not claim goes to the built-in encoder (a Long is a bigint too).
    expect(roundTrip(reg, t('bigint'), Long.fromNumber(3))).toBe(3n);
  });

  it('converts codec types inside a UDT that has no registration', () => {
    const reg = new TypeRegistry();
    reg.registerCodec(moneyCodec);
    const type: UdtType = { kind: 'udt', keyspace: 'app', name: 'price', fields: [{ name: 'amount', type: { kind: 'decimal' } }] };
    const out = roundTrip(reg, type, { amount: new Money(250n) }) as { amount: Money };
    expect(out.amount).toBeInstanceOf(Money);
    expect(out.amount.cents).toBe(250n);
  });

  it('leaves a value the codec does not claim and the built-in encoder rejects as InvalidValueError', () => {
    const reg = new TypeRegistry();
    reg.registerCodec(moneyCodec);
    const type = t('decimal');
    const enc = reg.encoder(type);
    expect(() => encodeValue(type, enc?.(new Date(0), 'parameter 0'), 'parameter 0')).toThrow(InvalidValueError);
  });

  it('wraps a failing toCql in InvalidValueError naming the target, and a failing fromCql in ValueMappingError', () => {
    const reg = new TypeRegistry();
    reg.registerCodec<Money, 'decimal'>({ ...moneyCodec, toCql: () => { throw new Error('no cents'); }, fromCql: () => { throw new Error('bad money'); } });
    const enc = reg.encoder({ kind: 'list', element: { kind: 'decimal' } });
    const e = (() => { try { enc?.([new Money(1n)], 'parameter 2'); } catch (x) { return x; } return null; })();
    expect(e).toBeInstanceOf(InvalidValueError);
    expect((e as InvalidValueError).target).toBe('parameter 2 → element 0');
    expect((e as Error).message).toContain('no cents');
    const dec = reg.decoder({ kind: 'decimal' });
    expect(() => dec?.(new BigDecimal(1n, 0))).toThrow(ValueMappingError);
  });

  it('refuses registrations that cannot work with TypeRegistrationError', () => {
    const reg = new TypeRegistry();
    reg.registerCodec(moneyCodec);
    expect(() => reg.registerCodec(moneyCodec)).toThrow(/decimal already has a codec/);
    expect(() => reg.registerCodec({ ...moneyCodec, cqlType: 'list' as 'decimal' })).toThrow(TypeRegistrationError);
    expect(() => reg.registerCodec({ ...bigintCodec, is: undefined as unknown as CustomCodec<bigint, 'bigint'>['is'] })).toThrow(/"is" must be a function/);
    class Empty {}
    expect(() => reg.registerUserType('app', 'e', Empty)).toThrow(/no own properties/);
    class Throws { x = 1; constructor() { throw new Error('needs args'); } }
    expect(() => reg.registerUserType('app', 't', Throws)).toThrow(/threw: needs args/);
    expect(() => reg.registerUserType('', 't', Address)).toThrow(TypeRegistrationError);
    reg.registerUserType('app', 'address', Address);
    expect(() => reg.registerUserType('app', 'address', Address)).toThrow(/already registered/);
  });

  it('raises UserTypeMismatchError when the fields differ from the class, naming both sides', () => {
    const reg = new TypeRegistry();
    class Wrong { street = ''; city = ''; }
    reg.registerUserType('app', 'address', Wrong);
    const e = (() => { try { reg.decoder(ADDRESS); } catch (x) { return x; } return null; })() as UserTypeMismatchError;
    expect(e).toBeInstanceOf(UserTypeMismatchError);
    expect(e.reason).toBe('fields differ');
    expect(e.missing).toEqual(['zip_code']);
    expect(e.unexpected).toEqual(['city']);
    expect(e.message).toContain('app.address');
  });

  it('checks against the schema: unknown type and field mismatches are refused at registration', () => {
    const reg = new TypeRegistry();
    const schema = (ks: string, name: string): UdtType | undefined => (ks === 'app' && name === 'address' ? ADDRESS : undefined);
    expect(() => reg.registerUserType('app', 'nope', Address, schema)).toThrow(expect.objectContaining({ name: 'UserTypeMismatchError', reason: 'not found' }) as Error);
    class Wrong { street = ''; }
    expect(() => reg.registerUserType('app', 'address', Wrong, schema)).toThrow(/fields without a property: zip_code/);
    expect(reg.isEmpty).toBe(true);
    reg.registerUserType('app', 'address', Address, schema);
    expect(reg.userType('app', 'address')?.schemaType).toBe(ADDRESS);
  });

  it('marks a registration broken when the schema changes, and repaired when it matches again', () => {
    const reg = new TypeRegistry();
    let current: UdtType | undefined = ADDRESS;
    const lookup = (): UdtType | undefined => current;
    reg.registerUserType('app', 'address', Address, lookup);
    expect(reg.decoder(ADDRESS)).not.toBeNull();
    current = { ...ADDRESS, fields: [...ADDRESS.fields, { name: 'country', type: { kind: 'text' } }] };
    const broken = reg.verify(lookup);
    expect(broken.map((c) => c.error?.missing)).toEqual([['country']]);
    expect(() => reg.decoder(ADDRESS)).toThrow(UserTypeMismatchError);
    expect(() => reg.encoder({ kind: 'list', element: ADDRESS })).toThrow(UserTypeMismatchError);
    expect(reg.verify(lookup)).toEqual([]); // no change: nothing reported twice
    current = ADDRESS;
    expect(reg.verify(lookup).map((c) => c.error)).toEqual([null]);
    expect(reg.decoder(ADDRESS)).not.toBeNull();
  });

  it('resolves a type\'s transform once (cached per descriptor) until the next registration', () => {
    const reg = new TypeRegistry();
    reg.registerCodec(moneyCodec);
    const type = t('list<decimal>');
    const first = reg.decoder(type);
    expect(reg.decoder(type)).toBe(first);
    reg.registerCodec(bigintCodec);
    expect(reg.decoder(type)).not.toBe(first);
  });

  it('infers the CQL type of registered values for unprepared statements', () => {
    const reg = new TypeRegistry();
    reg.registerCodec(moneyCodec);
    const inferred = reg.inferable(new Money(5n), 'parameter 0');
    expect(inferred.type).toEqual({ kind: 'decimal' });
    expect(inferred.value).toBeInstanceOf(BigDecimal);
    expect(reg.inferable('plain', 'parameter 0')).toEqual({ value: 'plain', type: undefined });
    reg.registerUserType('app', 'address', Address);
    // Without the schema, the UDT's type is unknown: a typed error, not a guess.
    expect(() => reg.inferable(new Address(), 'parameter 1')).toThrow(InvalidValueError);
    reg.verify(() => ADDRESS);
    const udt = reg.inferable(Object.assign(new Address(), { street: 'S', zipCode: 2 }), 'parameter 1');
    expect(udt.type).toBe(ADDRESS);
    expect(udt.value).toEqual({ street: 'S', zip_code: 2 });
  });
});
