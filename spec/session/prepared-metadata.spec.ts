/**
 * Result metadata of prepared statements (issue 11): EXECUTE asks the server to skip the result
 * metadata only at v5 (where the result metadata id tells a changed table); before v5 the rows
 * must come with their columns. A re-PREPARE after UNPREPARED takes the server's new bind markers
 * and result columns instead of keeping the ones of the first PREPARE.
 */
import { firstValueFrom } from 'rxjs';
import { Opcode, type ProtocolVersion } from '../../lib/protocol/opcodes';
import type { ColumnDef } from '../support/scripted-server';
import { parseWire, startSession, stopSession, tapRequests, type Setup } from './scripted-session';

const Q = 'SELECT * FROM t WHERE k = ?';
const int = { kind: 'int' } as const;
const text = { kind: 'text' } as const;
const SKIP_METADATA = 0x02;

const isRequestFor = (opcode: Opcode) => (r: { opcode: Opcode; query?: string }): boolean => r.opcode === opcode && r.query === Q;
const names = (cols: readonly { name: string }[]): string[] => cols.map((c) => c.name);

describe('Prepared statements: result metadata (scripted node)', () => {
  let s: Setup | undefined;
  let tap: ReturnType<typeof tapRequests> | undefined;
  afterEach(async () => {
    tap?.restore();
    tap = undefined;
    await stopSession(s);
    s = undefined;
  });

  async function start(version: ProtocolVersion): Promise<Setup> {
    s = await startSession({ maxProtocolVersion: version }, { nodesPerDc: [1] });
    return s;
  }

  function preparedAs(setup: Setup, variables: readonly ColumnDef[], result: readonly ColumnDef[]): void {
    setup.sim.first.when({ when: isRequestFor(Opcode.Prepare), then: { prepared: { variables, pkIndexes: [0], result } } });
  }

  for (const [version, skips] of [[3, false], [4, false], [5, true]] as const) {
    it(`v${version}: an EXECUTE of a prepared SELECT ${skips ? 'sets' : 'does not set'} skip_metadata`, async () => {
      const setup = await start(version);
      preparedAs(setup, [{ name: 'k', type: int }], [{ name: 'k', type: int }, { name: 'a', type: text }]);
      const ps = await firstValueFrom(setup.session.prepare(Q));
      expect(names(ps.resultColumns)).toEqual(['k', 'a']);
      tap = tapRequests();
      await firstValueFrom(setup.session.execute(ps, [1]));
      await firstValueFrom(setup.session.execute(ps.bind([2])));
      const executes = tap.requests.filter((r) => r.opcode === Opcode.Execute);
      expect(executes).toHaveLength(2);
      expect(executes.every((r) => r.version === version)).toBe(true);
      expect(executes.map((r) => (parseWire(r).flags & SKIP_METADATA) !== 0)).toEqual([skips, skips]);
    });
  }

  for (const version of [4, 5] as const) {
    it(`v${version}: the PREPARE that answers UNPREPARED refreshes variables and result columns; rows decode with the new columns`, async () => {
      const setup = await start(version);
      const node = setup.sim.first;
      preparedAs(setup, [{ name: 'k', type: int }], [{ name: 'k', type: int }, { name: 'a', type: text }]);
      const ps = await firstValueFrom(setup.session.prepare(Q));
      expect(names(ps.variables)).toEqual(['k']);

      // The table changed on the server, which forgot the statement: the next PREPARE answers differently.
      node.preparedQueries.clear();
      const newResult: ColumnDef[] = [{ name: 'k', type: int }, { name: 'b', type: int }, { name: 'z', type: text }];
      preparedAs(setup, [{ name: 'k', type: int }, { name: 'j', type: text }], newResult);
      // The rows carry no metadata where the driver asked to skip it (v5), as Cassandra does.
      node.when({ when: isRequestFor(Opcode.Execute), then: { rows: { columns: newResult, rows: [[1, 42, 'new']], noMetadata: version >= 5 } } });

      const rs = await firstValueFrom(setup.session.execute(ps, [1]));
      expect(rs.info.retries).toBe(1);
      expect(node.count(Q, Opcode.Prepare)).toBe(2);
      expect(names(ps.variables)).toEqual(['k', 'j']);
      expect(ps.variables[1]?.type).toEqual(text);
      expect(names(ps.resultColumns)).toEqual(['k', 'b', 'z']);
      const row = rs.first();
      expect(row?.get('b')).toBe(42);
      expect(row?.get('z')).toBe('new');
      expect(names(rs.columns)).toEqual(['k', 'b', 'z']);
    });
  }
});
