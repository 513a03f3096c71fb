/**
 * Prepared statements across schema changes (issue 11): a SCHEMA_CHANGE for a table or a type a
 * prepared statement uses marks it stale once `schemaChanges$` has published it; its next use
 * (`execute(ps)` or `execute(cql, params, { prepare: true })`) sends a new PREPARE first and
 * takes the new bind markers and result columns. Concurrent uses share one re-PREPARE; changes to
 * other tables and types leave it alone.
 */
import { filter, firstValueFrom, lastValueFrom, toArray, merge } from 'rxjs';
import { Opcode } from '../../lib/protocol/opcodes';
import type { UdtType } from '../../lib/types/data-type';
import { encodeValue } from '../../lib/types/encode';
import type { ColumnDef, EventSpec } from '../support/scripted-server';
import { startSession, stopSession, total, type Setup } from './scripted-session';

const INSERT = 'INSERT INTO t (k, addr) VALUES (?, ?)';
const SELECT = 'SELECT * FROM t WHERE k = ?';
const int = { kind: 'int' } as const;
const text = { kind: 'text' } as const;
const address = (...fields: string[]): UdtType => ({ kind: 'udt', keyspace: 'ks', name: 'address', fields: fields.map((name) => ({ name, type: text })) });
const withZip = { street: 'Main St', zip: '12345' };

describe('Prepared statements marked stale by schema changes (scripted node)', () => {
  let s: Setup;
  beforeEach(async () => {
    s = await startSession({ refreshDebounceMs: 10 }, { nodesPerDc: [1] });
  });
  afterEach(() => stopSession(s));

  /** The node's PREPARE answer for `query` from now on (newest rule wins); `delayMs` slows it. */
  function preparedAs(query: string, variables: readonly ColumnDef[], result: readonly ColumnDef[] = [], delayMs = 0): void {
    s.sim.first.when({ when: (r) => r.opcode === Opcode.Prepare && r.query === query, then: { prepared: { variables, pkIndexes: [0], result } }, delayMs });
  }

  /** Pushes a SCHEMA_CHANGE and resolves once the cluster has published it on schemaChanges$. */
  async function schemaChange(e: Extract<EventSpec, { target: 'TABLE' | 'TYPE' }>): Promise<void> {
    const published = firstValueFrom(s.cluster.schemaChanges$.pipe(filter((c) => c.target === e.target.toLowerCase() && c.name === e.name)));
    s.sim.first.pushEvent(e);
    await published;
  }
  const typeUpdated = (name: string): Promise<void> => schemaChange({ type: 'SCHEMA_CHANGE', change: 'UPDATED', target: 'TYPE', keyspace: 'ks', name });
  const tableUpdated = (name: string): Promise<void> => schemaChange({ type: 'SCHEMA_CHANGE', change: 'UPDATED', target: 'TABLE', keyspace: 'ks', name });
  const opcodesOf = (query: string): Opcode[] => s.sim.first.received.filter((r) => r.query === query).map((r) => r.opcode);

  it('a TYPE change: execute(ps) sends a new PREPARE first, then the statement is fresh and accepts the new field', async () => {
    preparedAs(INSERT, [{ name: 'k', type: int }, { name: 'addr', type: address('street') }]);
    const ps = await firstValueFrom(s.session.prepare(INSERT));
    await expect(firstValueFrom(s.session.execute(ps, [1, withZip]))).rejects.toThrow(/unknown field "zip"/);
    expect(ps.stale).toBe(false);

    preparedAs(INSERT, [{ name: 'k', type: int }, { name: 'addr', type: address('street', 'zip') }]);
    await typeUpdated('address');
    expect(ps.stale).toBe(true);
    await firstValueFrom(s.session.execute(ps, [1, withZip]));
    expect(opcodesOf(INSERT)).toEqual([Opcode.Prepare, Opcode.Prepare, Opcode.Execute]);
    expect(ps.stale).toBe(false);
    expect(ps.variables[1]?.type).toEqual(address('street', 'zip'));
    const sent = s.sim.first.received.filter((r) => r.opcode === Opcode.Execute).at(-1);
    expect(sent?.values?.[1]).toEqual(encodeValue(address('street', 'zip'), withZip, 'addr'));
  });

  it('a TYPE change: the next execute(cql, params, { prepare: true }) re-prepares the cached statement', async () => {
    preparedAs(INSERT, [{ name: 'k', type: int }, { name: 'addr', type: address('street') }]);
    await expect(firstValueFrom(s.session.execute(INSERT, [1, withZip], { prepare: true }))).rejects.toThrow(/unknown field "zip"/);
    expect(total(s.sim, INSERT, Opcode.Prepare)).toBe(1);

    preparedAs(INSERT, [{ name: 'k', type: int }, { name: 'addr', type: address('street', 'zip') }]);
    await typeUpdated('address');
    await firstValueFrom(s.session.execute(INSERT, [1, withZip], { prepare: true }));
    expect(opcodesOf(INSERT)).toEqual([Opcode.Prepare, Opcode.Prepare, Opcode.Execute]);
    // The cache holds the refreshed statement: no further PREPARE.
    await firstValueFrom(s.session.execute(INSERT, [2, withZip], { prepare: true }));
    const cached = await firstValueFrom(s.session.prepare(INSERT));
    expect(cached.stale).toBe(false);
    expect(cached.variables[1]?.type).toEqual(address('street', 'zip'));
    expect(total(s.sim, INSERT, Opcode.Prepare)).toBe(2);
  });

  it('a TABLE change marks a SELECT stale; the re-PREPARE brings the new result columns', async () => {
    preparedAs(SELECT, [{ name: 'k', type: int }], [{ name: 'k', type: int }, { name: 'a', type: text }]);
    const ps = await firstValueFrom(s.session.prepare(SELECT));
    preparedAs(SELECT, [{ name: 'k', type: int }], [{ name: 'k', type: int }, { name: 'a', type: text }, { name: 'b', type: int }]);
    await tableUpdated('t');
    expect(ps.stale).toBe(true);
    await firstValueFrom(s.session.execute(ps, [1]));
    expect(opcodesOf(SELECT)).toEqual([Opcode.Prepare, Opcode.Prepare, Opcode.Execute]);
    expect(ps.stale).toBe(false);
    expect(ps.resultColumns.map((c) => c.name)).toEqual(['k', 'a', 'b']);
  });

  it('concurrent executions of a stale statement share one re-PREPARE', async () => {
    preparedAs(INSERT, [{ name: 'k', type: int }, { name: 'addr', type: address('street') }]);
    const ps = await firstValueFrom(s.session.prepare(INSERT));
    preparedAs(INSERT, [{ name: 'k', type: int }, { name: 'addr', type: address('street', 'zip') }], [], 50);
    await typeUpdated('address');
    const runs = [
      ...[1, 2, 3, 4, 5].map((k) => s.session.execute(ps, [k, withZip])),
      ...[6, 7, 8].map((k) => s.session.execute(INSERT, [k, withZip], { prepare: true })),
    ];
    const results = await lastValueFrom(merge(...runs).pipe(toArray()));
    expect(results).toHaveLength(8);
    expect(total(s.sim, INSERT, Opcode.Prepare)).toBe(2);
    expect(total(s.sim, INSERT, Opcode.Execute)).toBe(8);
    expect(ps.stale).toBe(false);
  });

  it('changes to another table or type leave the statement fresh: no PREPARE is sent', async () => {
    preparedAs(INSERT, [{ name: 'k', type: int }, { name: 'addr', type: address('street') }]);
    const ps = await firstValueFrom(s.session.prepare(INSERT));
    await tableUpdated('other_table');
    await typeUpdated('phone');
    expect(ps.stale).toBe(false);
    await firstValueFrom(s.session.execute(ps, [1, { street: 'Main St' }]));
    await firstValueFrom(s.session.execute(INSERT, [2, { street: 'Main St' }], { prepare: true }));
    expect(opcodesOf(INSERT)).toEqual([Opcode.Prepare, Opcode.Execute, Opcode.Execute]);
  });
});
