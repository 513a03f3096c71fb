/**
 * Every CQL type against Cassandra 5.0. Rows written with CQL literals (Cassandra's own parser)
 * must decode to values stated by hand; the same values written by our encoder — prepared at v5
 * and v4, and as unprepared QUERY values — must be stored with exactly the bytes Cassandra
 * produced from the literals, and decode back to the same values. Plus unset vs null, counters,
 * and the vector element packing (which element types get a length).
 */
import { inspect } from 'node:util';
import { openConnection } from '../../../lib/connection/connect';
import type { Connection } from '../../../lib/connection/connection';
import { Consistency } from '../../../lib/protocol/consistency';
import { encodeQuery } from '../../../lib/protocol/requests';
import { valueEquals } from '../../../lib/types/tuple';
import { UNSET } from '../../../lib/types/unset';
import { contactPoint, ensurePlainCluster } from '../../support/cassandra/ensure-cluster';
import { cql, encodeAll, execute, prepare, rawCellsOf, rowsOf, send } from './cql-client';
import { COLUMNS, SAMPLE_SETS, UDT_DDL } from './samples';

jest.setTimeout(180_000);

const KS = 'rx_types';
const NAMES = COLUMNS.map((c) => c.name);
const SELECT = `SELECT id, ${NAMES.join(', ')} FROM ${KS}.all_types WHERE id IN `;
const show = (v: unknown): string => inspect(v, { depth: 6, breakLength: Infinity });

describe('all CQL types against Cassandra 5.0', () => {
  let v5: Connection;
  let v4: Connection;
  /** Raw cells of the literal rows, by sample set index. */
  const literalCells = new Map<number, Array<Buffer | null>>();

  beforeAll(async () => {
    await ensurePlainCluster();
    const { host, port } = contactPoint();
    const base = { host, port, useBigInt: true, heartbeat: { intervalMs: 0 } };
    v5 = await openConnection(base);
    v4 = await openConnection({ ...base, maxProtocolVersion: 4 });
    expect([v5.version, v4.version]).toEqual([5, 4]);
    await cql(v5, `DROP KEYSPACE IF EXISTS ${KS}`);
    await cql(v5, `CREATE KEYSPACE ${KS} WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}`);
    for (const ddl of UDT_DDL) await cql(v5, ddl.replace('EXISTS ', `EXISTS ${KS}.`).replace('frozen<inner_udt>', `frozen<${KS}.inner_udt>`));
    const columns = COLUMNS.map((c) => `${c.name} ${c.cql.replace('outer_udt', `${KS}.outer_udt`)}`).join(', ');
    await cql(v5, `CREATE TABLE ${KS}.all_types (id int PRIMARY KEY, ${columns})`);
    await cql(v5, `CREATE TABLE ${KS}.counters (id int PRIMARY KEY, c counter)`);
  });

  afterAll(async () => {
    await cql(v5, `DROP KEYSPACE IF EXISTS ${KS}`).catch(() => undefined);
    await Promise.all([v5?.close(), v4?.close()]);
  });

  /** Reads rows `ids` (in id order) at v5: decoded values and raw cells, without the id column. */
  async function read(ids: readonly number[]): Promise<{ values: unknown[][]; cells: Array<Array<Buffer | null>> }> {
    const r = await cql(v5, `${SELECT}(${ids.join(', ')})`);
    const byId = (rows: unknown[][]): unknown[][] => [...rows].sort((a, b) => Number(a[0]) - Number(b[0])).map((row) => row.slice(1));
    const values = byId(rowsOf(r));
    const raw = rawCellsOf(r);
    const cells = raw.map((row, i) => ({ id: rowsOf(r)[i]?.[0], row })).sort((a, b) => Number(a.id) - Number(b.id)).map((x) => x.row.slice(1));
    expect(values).toHaveLength(ids.length);
    return { values, cells };
  }

  function compareValues(label: string, values: unknown[][], problems: string[]): void {
    values.forEach((row, s) => COLUMNS.forEach((col, j) => {
      const expected = col.samples[s]?.[1];
      if (!valueEquals(row[j], expected)) problems.push(`${label} ${SAMPLE_SETS[s]} ${col.name}: got ${show(row[j])}, expected ${show(expected)}`);
    }));
  }

  it('decodes rows written with CQL literals to the values stated by hand', async () => {
    const ids = SAMPLE_SETS.map((_, s) => 10 + s);
    for (const [s, id] of ids.entries()) {
      const literals = COLUMNS.map((c) => c.samples[s]?.[0]);
      await cql(v5, `INSERT INTO ${KS}.all_types (id, ${NAMES.join(', ')}) VALUES (${id}, ${literals.join(', ')})`);
    }
    const { values, cells } = await read(ids);
    cells.forEach((row, s) => literalCells.set(s, row));
    const problems: string[] = [];
    compareValues('literal', values, problems);
    expect(problems).toEqual([]);
  });

  const modes = [
    { name: 'prepared v5', base: 20, conn: (): Connection => v5, prepared: true },
    { name: 'prepared v4', base: 30, conn: (): Connection => v4, prepared: true },
    { name: 'QUERY values v5', base: 40, conn: (): Connection => v5, prepared: false },
    { name: 'QUERY values v4', base: 50, conn: (): Connection => v4, prepared: false },
  ];
  it.each(modes)('$name: our encoder stores the bytes Cassandra made from the literals', async (mode) => {
    expect(literalCells.size).toBe(SAMPLE_SETS.length);
    const c = mode.conn();
    const insert = `INSERT INTO ${KS}.all_types (id, ${NAMES.join(', ')}) VALUES (?, ${NAMES.map(() => '?').join(', ')})`;
    const p = await prepare(c, insert);
    const ids = SAMPLE_SETS.map((_, s) => mode.base + s);
    for (const [s, id] of ids.entries()) {
      const values = [id, ...COLUMNS.map((col) => col.samples[s]?.[1])];
      if (mode.prepared) {
        await execute(c, p, values);
      } else {
        const bound = encodeAll(p.variables.map((v) => v.type), values, c.version);
        await send(c, encodeQuery({ version: c.version, stream: 0, compressor: c.bodyCompressor }, insert, { consistency: Consistency.ONE, values: bound }));
      }
    }
    const { values, cells } = await read(ids);
    const problems: string[] = [];
    cells.forEach((row, s) => COLUMNS.forEach((col, j) => {
      const want = literalCells.get(s)?.[j] ?? null;
      const got = row[j] ?? null;
      if (!(want === null ? got === null : got !== null && want.equals(got))) {
        problems.push(`${mode.name} ${SAMPLE_SETS[s]} ${col.name}: stored ${got?.toString('hex') ?? 'null'}, literal gave ${want?.toString('hex') ?? 'null'}`);
      }
    }));
    compareValues(mode.name, values, problems);
    expect(problems).toEqual([]);
  });

  it('unset leaves a column alone, null deletes it (v5 and v4)', async () => {
    for (const c of [v5, v4]) {
      await cql(c, `INSERT INTO ${KS}.all_types (id, c_int, c_text, c_list) VALUES (90, 7, 'keep?', [1])`);
      const p = await prepare(c, `INSERT INTO ${KS}.all_types (id, c_int, c_text, c_list) VALUES (?, ?, ?, ?)`);
      await execute(c, p, [90, UNSET, null, UNSET]);
      const row = rowsOf(await cql(c, `SELECT c_int, c_text, c_list FROM ${KS}.all_types WHERE id = 90`))[0];
      expect(row).toEqual([7, null, [1]]);
    }
  });

  it('counters: prepared bigint deltas and a literal one add up', async () => {
    const p = await prepare(v5, `UPDATE ${KS}.counters SET c = c + ? WHERE id = ?`);
    await execute(v5, p, [5n, 1]);
    await cql(v4, `UPDATE ${KS}.counters SET c = c + 10 WHERE id = 1`);
    const p4 = await prepare(v4, `UPDATE ${KS}.counters SET c = c + ? WHERE id = ?`);
    await execute(v4, p4, [-(2n ** 40n), 1]);
    for (const c of [v5, v4]) {
      expect(rowsOf(await cql(c, `SELECT c FROM ${KS}.counters WHERE id = 1`))).toEqual([[15n - 2n ** 40n]]);
    }
  });

  it('vector packing: which element types Cassandra 5.0 prefixes with a length', () => {
    const a = literalCells.get(0) ?? [];
    const hexOf = (name: string): string => a[NAMES.indexOf(name)]?.toString('hex') ?? 'null';
    const report = ['v_float', 'v_int', 'v_bigint', 'v_boolean', 'v_timestamp', 'v_uuid', 'v_smallint', 'v_tinyint', 'v_date', 'v_time', 'v_text', 'v_varint']
      .map((n) => `${n}: ${hexOf(n)}`);
    process.stdout.write(`vector cells written from literals (set A):\n  ${report.join('\n  ')}\n`);
    // Stated by hand from the CQL literals of set A.
    expect(hexOf('v_float')).toBe('3fc00000' + 'c0000000' + '40500000'); // [1.5, -2, 3.25], no lengths
    expect(hexOf('v_bigint')).toBe('0000000000000001' + 'ffffffffffffffff'); // [1, -1], no lengths
    expect(hexOf('v_boolean')).toBe('01' + '00'); // [true, false], no lengths
    expect(hexOf('v_text')).toBe('01' + '61' + '06' + '68c3a96c6c6f'); // ['a', 'héllo'], vint lengths
    expect(hexOf('v_smallint')).toBe('02' + '0001' + '02' + 'fffe'); // [1, -2]: with vint lengths
    expect(hexOf('v_tinyint')).toBe('01' + '01' + '01' + 'fe'); // [1, -2]: with vint lengths
    expect(hexOf('v_date')).toBe('04' + '80004d46' + '04' + '80000000'); // with lengths
    expect(hexOf('v_time')).toBe('08' + '0000293253592d15' + '08' + '0000000000000000'); // with lengths
  });
});
