/**
 * The mapper's CQL and its refusals, without a server: names follow the convention (or `named()`),
 * identifiers are quoted, the text depends only on which properties are given (so each shape is
 * prepared once), and bad input is a MappingError naming model, property and column.
 */
import { MappingError } from 'cassandra-rx';
import { col, defineModel, snakeCase } from 'cassandra-rx/mapper';
import {
  getStatement, insertStatement, removeStatement, selectStatement, updateStatement,
} from '../../../lib/integrations/mapper/statements';

const users = defineModel({
  keyspace: 'app',
  table: 'users',
  columns: {
    tenantId: col.int().partitionKey(),
    userId: col.uuid().clustering('desc'),
    email: col.text(),
    displayName: col.text().named('name'),
    loginCount: col.int(),
  },
});

function mappingError(fn: () => unknown): MappingError {
  try {
    fn();
  } catch (e) {
    if (e instanceof MappingError) return e;
    throw e;
  }
  throw new Error('expected a MappingError');
}

describe('mapper statements', () => {
  it('maps camelCase properties to snake_case columns unless named', () => {
    expect(users.properties.map((p) => [p.property, p.column, p.role])).toEqual([
      ['tenantId', 'tenant_id', 'partition'], ['userId', 'user_id', 'clustering'], ['email', 'email', 'regular'],
      ['displayName', 'name', 'regular'], ['loginCount', 'login_count', 'regular'],
    ]);
    expect(['createdAt', 'HTTPServer', 'a1B', 'plain'].map(snakeCase)).toEqual(['created_at', 'http_server', 'a1_b', 'plain']);
    const exact = defineModel({ table: 'T', naming: 'exact', columns: { someId: col.int().partitionKey() } });
    expect(exact.properties[0]?.column).toBe('someId');
    expect(exact.qualifiedTable).toBe('"T"');
  });

  it('SELECT: criteria in the model\'s order, whatever the object\'s order; LIMIT, ORDER BY, ALLOW FILTERING', () => {
    const a = selectStatement(users, { email: 'e', tenantId: 1 }, {});
    const b = selectStatement(users, { tenantId: 1, email: 'e' }, {});
    expect(a.cql).toBe('SELECT "tenant_id", "user_id", "email", "name", "login_count" FROM "app"."users" WHERE "tenant_id" = ? AND "email" = ?');
    expect(b.cql).toBe(a.cql);
    expect(a.values).toEqual([1, 'e']);
    const s = selectStatement(users, { tenantId: 1 }, { limit: 10, orderBy: { userId: 'asc' }, allowFiltering: true });
    expect(s.cql).toMatch(/WHERE "tenant_id" = \? ORDER BY "user_id" ASC LIMIT \? ALLOW FILTERING$/);
    expect(s.values).toEqual([1, 10]);
    expect(s.markers.map((m) => m?.property ?? null)).toEqual(['tenantId', null]);
  });

  it('INSERT: the properties given (undefined left out, null written), IF NOT EXISTS, USING TTL and TIMESTAMP', () => {
    const s = insertStatement(users, { tenantId: 1, userId: 'u', email: undefined, displayName: null }, { ifNotExists: true, ttl: 60, usingTimestamp: 5n });
    expect(s.cql).toBe('INSERT INTO "app"."users" ("tenant_id", "user_id", "name") VALUES (?, ?, ?) IF NOT EXISTS USING TTL ? AND TIMESTAMP ?');
    expect(s.values).toEqual([1, 'u', null, 60, 5n]);
  });

  it('UPDATE: SET the non-key properties, WHERE the key, IF conditions or IF EXISTS', () => {
    const s = updateStatement(users, { tenantId: 1, userId: 'u', email: 'x', loginCount: 2 }, { if: { email: 'old' }, ttl: 9 });
    expect(s.cql).toBe('UPDATE "app"."users" USING TTL ? SET "email" = ?, "login_count" = ? WHERE "tenant_id" = ? AND "user_id" = ? IF "email" = ?');
    expect(s.values).toEqual([9, 'x', 2, 1, 'u', 'old']);
    expect(updateStatement(users, { tenantId: 1, userId: 'u', email: 'x' }, { ifExists: true }).cql).toMatch(/ IF EXISTS$/);
  });

  it('DELETE and get by the full primary key', () => {
    expect(removeStatement(users, { tenantId: 1, userId: 'u' }, { ifExists: true }).cql).toBe('DELETE FROM "app"."users" WHERE "tenant_id" = ? AND "user_id" = ? IF EXISTS');
    expect(getStatement(users, { userId: 'u', tenantId: 1 }).values).toEqual([1, 'u']);
  });

  it('refuses an unmapped property in criteria, values or conditions, naming model and property', () => {
    const e = mappingError(() => selectStatement(users, { nickname: 'x' }, {}));
    expect([e.model, e.property, e.column]).toEqual(['app.users', 'nickname', undefined]);
    expect(e.message).toContain('is not mapped');
    expect(mappingError(() => insertStatement(users, { tenantId: 1, userId: 'u', age: 3 }, {})).property).toBe('age');
    expect(mappingError(() => updateStatement(users, { tenantId: 1, userId: 'u', email: 'x' }, { if: { age: 1 } })).property).toBe('age');
    expect(mappingError(() => selectStatement(users, {}, { orderBy: { nope: 'asc' } })).property).toBe('nope');
  });

  it('refuses a missing primary-key column in insert, update, remove and get, naming property and column', () => {
    for (const fn of [
      () => insertStatement(users, { tenantId: 1, email: 'x' }, {}),
      () => updateStatement(users, { tenantId: 1, email: 'x' }, {}),
      () => removeStatement(users, { tenantId: 1 }, {}),
      () => getStatement(users, { tenantId: 1 }),
    ]) {
      const e = mappingError(fn);
      expect([e.model, e.property, e.column]).toEqual(['app.users', 'userId', 'user_id']);
      expect(e.message).toContain('primary key');
    }
  });

  it('refuses other misuse: nothing to update, key conditions, both ifExists and if, bad limit', () => {
    expect(mappingError(() => updateStatement(users, { tenantId: 1, userId: 'u' }, {})).message).toContain('no non-key property');
    expect(mappingError(() => updateStatement(users, { tenantId: 1, userId: 'u', email: 'x' }, { if: { tenantId: 1 } })).property).toBe('tenantId');
    expect(mappingError(() => removeStatement(users, { tenantId: 1, userId: 'u' }, { ifExists: true, if: { email: 'x' } })).message).toContain('either');
    expect(mappingError(() => selectStatement(users, {}, { limit: 0 })).message).toContain('limit');
    expect(mappingError(() => getStatement(users, { tenantId: 1, userId: 'u', email: 'x' })).property).toBe('email');
  });

  it('refuses models that cannot work', () => {
    expect(mappingError(() => defineModel({ table: 't', columns: { a: col.int() } })).message).toContain('partitionKey');
    expect(mappingError(() => defineModel({ table: 't', columns: { a: col.int().partitionKey(), b: col.text().named('a') } })).property).toBe('b');
    expect(mappingError(() => defineModel({ table: '', columns: { a: col.int().partitionKey() } })).message).toContain('table name');
  });
});
