/**
 * Compile-time checks of models: this file is type-checked by ts-jest, so every `@ts-expect-error`
 * below must be an error (an unused one fails the compile, and with it this spec). A declared type
 * must be mapped exactly: a property without a column, a column for no property, or a column of
 * another value type does not compile; criteria, keys and conditions take mapped properties only.
 */
import type { Observable } from 'rxjs';
import type { Session, Uuid } from 'cassandra-rx';
import { col, defineModel, Mapper, type RowOf } from 'cassandra-rx/mapper';

interface User {
  id: Uuid;
  email: string;
  age: number | null;
}

const columns = { id: col.uuid().partitionKey(), email: col.text(), age: col.int() };

export const checked = defineModel<User>()({ table: 'users', columns });

// @ts-expect-error — `age` is a property of User without a column
export const missing = defineModel<User>()({ table: 'users', columns: { id: col.uuid().partitionKey(), email: col.text() } });

// @ts-expect-error — `nickname` is a column for no property of User
export const extra = defineModel<User>()({ table: 'users', columns: { ...columns, nickname: col.text() } });

// @ts-expect-error — `age` is a number, not text
export const wrongType = defineModel<User>()({ table: 'users', columns: { ...columns, age: col.text() } });

/** Inferred: key properties are never null, the others may be. */
export const inferred = defineModel({ table: 'users', columns });
export type Inferred = RowOf<typeof inferred>;
export const sample: Inferred = { id: null as unknown as Uuid, email: null, age: null };
// @ts-expect-error — the partition key cannot be null
export const nullKey: Inferred = { id: null, email: 'e', age: 1 };

export function uses(session: Session): Array<Observable<unknown>> {
  const users = new Mapper(session).forModel(checked);
  const id = null as unknown as Uuid;
  return [
    users.find$({ email: 'a@b' }),
    // @ts-expect-error — criteria name mapped properties only
    users.find$({ nickname: 'x' }),
    // @ts-expect-error — a criterion has its property's type
    users.find$({ age: 'old' }),
    users.get({ id }),
    // @ts-expect-error — get takes the primary key
    users.get({ email: 'a@b' }),
    users.insert({ id, email: 'a@b' }),
    // @ts-expect-error — an insert needs the key
    users.insert({ email: 'a@b' }),
    users.update({ id, age: 3 }, { if: { email: 'a@b' } }),
    // @ts-expect-error — conditions name mapped properties only
    users.update({ id, age: 3 }, { if: { nickname: 'x' } }),
    users.remove({ id }, { ifExists: true }),
  ];
}

describe('model typing (compile-time)', () => {
  it('compiles the valid uses and rejects each invalid one (see the @ts-expect-error lines)', () => {
    expect(checked.properties.map((p) => p.property)).toEqual(['id', 'email', 'age']);
    expect(inferred.partitionKey.map((p) => p.column)).toEqual(['id']);
    expect(typeof uses).toBe('function');
  });
});
