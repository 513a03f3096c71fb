/**
 * The mapper through a session (scripted node): operations are cold (nothing sent before
 * subscription), find$ follows pages, a conditional write that was not applied reports the existing
 * row as an object, bad input is a MappingError with no EXECUTE sent (no PREPARE either for what
 * the model alone refuses), mapped writes batch as one BATCH, and the mapper's default options reach
 * the wire.
 */
import { firstValueFrom, toArray } from 'rxjs';
import { Consistency, InvalidValueError, MappingError } from 'cassandra-rx';
import { col, defineModel, Mapper } from 'cassandra-rx/mapper';
import { Opcode } from '../../../lib/protocol/opcodes';
import type { ReceivedRequest } from '../../support/scripted-server/wire';
import { parseWire, startSession, stopSession, tapRequests, type Setup } from '../../session/scripted-session';

const int = { kind: 'int' } as const;
const text = { kind: 'text' } as const;
const boolean = { kind: 'boolean' } as const;

const items = defineModel({
  table: 'items',
  columns: { listId: col.int().partitionKey(), position: col.int().clustering(), label: col.text() },
});

const SELECT = /^SELECT "list_id", "position", "label" FROM "items" WHERE "list_id" = \?$/;
const INSERT = /^INSERT INTO "items" \("list_id", "position", "label"\) VALUES \(\?, \?, \?\)( IF NOT EXISTS)?$/;
const DELETE = /^DELETE FROM "items"/;
const COLUMNS = [{ name: 'list_id', type: int }, { name: 'position', type: int }, { name: 'label', type: text }];

const matches = (opcode: Opcode, re: RegExp) => (r: ReceivedRequest): boolean => r.opcode === opcode && re.test(r.query ?? '');

describe('mapper through a session (scripted node)', () => {
  let s: Setup;
  let tap: ReturnType<typeof tapRequests> | undefined;
  beforeEach(async () => {
    s = await startSession({ metadata: { schema: false } }, { nodesPerDc: [1] });
    const node = s.sim.first;
    node.when({ when: matches(Opcode.Prepare, SELECT), then: { prepared: { variables: [COLUMNS[0] as (typeof COLUMNS)[0]], pkIndexes: [0], result: COLUMNS } } });
    node.when({ when: matches(Opcode.Prepare, INSERT), then: { prepared: { variables: COLUMNS, pkIndexes: [0], result: [{ name: '[applied]', type: boolean }, ...COLUMNS] } } });
    node.when({ when: matches(Opcode.Prepare, DELETE), then: { prepared: { variables: COLUMNS.slice(0, 2), pkIndexes: [0] } } });
  });
  afterEach(async () => {
    tap?.restore();
    tap = undefined;
    await stopSession(s);
  });

  const count = (opcode: Opcode, re: RegExp): number => s.sim.first.count(re, opcode);

  it('find$ is cold and streams objects across pages', async () => {
    s.sim.first.when({
      when: matches(Opcode.Execute, SELECT),
      then: { rows: (r) => (r.pagingState ? { columns: COLUMNS, rows: [[1, 3, 'c']] } : { columns: COLUMNS, rows: [[1, 1, 'a'], [1, 2, 'b']], pagingState: Buffer.from('p') }) },
    });
    const found$ = new Mapper(s.session).forModel(items).find$({ listId: 1 }, { fetchSize: 2 });
    expect(count(Opcode.Prepare, SELECT) + count(Opcode.Execute, SELECT)).toBe(0);
    const all = await firstValueFrom(found$.pipe(toArray()));
    expect(all).toEqual([{ listId: 1, position: 1, label: 'a' }, { listId: 1, position: 2, label: 'b' }, { listId: 1, position: 3, label: 'c' }]);
    expect(count(Opcode.Execute, SELECT)).toBe(2);
    expect(count(Opcode.Prepare, SELECT)).toBe(1);
    // Again: prepared once for the cluster, reused.
    await firstValueFrom(new Mapper(s.session).forModel(items).find$({ listId: 1 }).pipe(toArray()));
    expect(count(Opcode.Prepare, SELECT)).toBe(1);
  });

  it('get emits the object, or null when there is no row', async () => {
    const GET = /WHERE "list_id" = \? AND "position" = \?$/;
    s.sim.first.when({ when: matches(Opcode.Execute, GET), then: { rows: (r) => ({ columns: COLUMNS, rows: r.values?.[1]?.toString('hex') === '00000001' ? [[1, 1, 'a']] : [] }) } });
    s.sim.first.when({ when: matches(Opcode.Prepare, GET), then: { prepared: { variables: COLUMNS.slice(0, 2), pkIndexes: [0], result: COLUMNS } } });
    const repo = new Mapper(s.session).forModel(items);
    expect(await firstValueFrom(repo.get({ listId: 1, position: 1 }))).toEqual({ listId: 1, position: 1, label: 'a' });
    expect(await firstValueFrom(repo.get({ listId: 1, position: 2 }))).toBeNull();
    await expect(firstValueFrom(repo.get({ listId: 9 } as never))).rejects.toThrow(/"position".*primary key/);
  });

  it('insert with ifNotExists reports wasApplied and the existing row as an object', async () => {
    s.sim.first.when({ when: matches(Opcode.Execute, INSERT), then: { rows: { columns: [{ name: '[applied]', type: boolean }, ...COLUMNS], rows: [[false, 1, 1, 'old']] } } });
    const r = await firstValueFrom(new Mapper(s.session).forModel(items).insert({ listId: 1, position: 1, label: 'new' }, { ifNotExists: true }));
    expect(r.wasApplied).toBe(false);
    expect(r.existing).toEqual({ listId: 1, position: 1, label: 'old' });
  });

  it('a value of the wrong type is a MappingError naming model, property and column; no EXECUTE is sent', async () => {
    const e = await firstValueFrom(new Mapper(s.session).forModel(items).insert({ listId: 1, position: 'first' as unknown as number, label: 'x' }, { ifNotExists: true })).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MappingError);
    expect([(e as MappingError).model, (e as MappingError).property, (e as MappingError).column]).toEqual(['items', 'position', 'position']);
    expect((e as MappingError).cause).toBeInstanceOf(InvalidValueError);
    expect(count(Opcode.Execute, INSERT)).toBe(0);
  });

  it('criteria naming an unmapped property and a missing key are refused before anything is sent', async () => {
    const users = new Mapper(s.session).forModel(items);
    const unmapped = await firstValueFrom(users.find$({ nope: 1 } as never)).catch((x: unknown) => x);
    expect(unmapped).toBeInstanceOf(MappingError);
    expect((unmapped as MappingError).property).toBe('nope');
    const missingKey = await firstValueFrom(users.insert({ listId: 1, label: 'x' } as never)).catch((x: unknown) => x);
    expect((missingKey as MappingError).column).toBe('position');
    expect(s.sim.first.count(/items/, Opcode.Prepare)).toBe(0);
  });

  it('batches mapped writes as one BATCH with the mapper\'s default options', async () => {
    s.sim.first.when({ when: (r) => r.opcode === Opcode.Batch, then: { void: true } });
    tap = tapRequests([Opcode.Batch]);
    const mapper = new Mapper(s.session, { defaults: { consistency: Consistency.QUORUM } });
    const repo = mapper.forModel(items);
    const batch$ = mapper.batch([repo.ops.insert({ listId: 1, position: 5, label: 'e' }), repo.ops.remove({ listId: 1, position: 4 })]);
    expect(tap.requests).toHaveLength(0);
    const r = await firstValueFrom(batch$);
    expect(r.wasApplied).toBe(true);
    expect(tap.requests).toHaveLength(1);
    const wire = parseWire(tap.requests[0] as (typeof tap.requests)[0]);
    expect(wire.batchKinds).toEqual([1, 1]);
    expect(wire.consistency).toBe(Consistency.QUORUM);
  });
});
