/**
 * A keyspace per session (issue 11): each session's unqualified statements run in its own keyspace
 * whatever other sessions of the Cluster use. At v5 the keyspace travels in QUERY, BATCH and
 * PREPARE and nothing is USE'd; at v4 a session's statements arrive on connections USE'd in its
 * keyspace while the cluster's plain pools stay without one. `USE x` through a session changes
 * that session only, after checking that x exists; USE cannot be prepared.
 */
import { firstValueFrom } from 'rxjs';
import { KeyspaceNotFoundError, StatementError } from '../../lib/errors/client-errors';
import { Opcode } from '../../lib/protocol/opcodes';
import type { Session } from '../../lib/session/session';
import type { ReceivedRequest } from '../support/scripted-server';
import { parsePrepare, parseWire, startSession, stopSession, tapRequests, total, type Setup } from './scripted-session';

const SIMPLE = { class: 'org.apache.cassandra.locator.SimpleStrategy', replication_factor: '1' };
const TOPOLOGY = { nodesPerDc: [3], keyspaces: { ks1: SIMPLE, ks2: SIMPLE } };
const USE = /^\s*USE\b/i;

/** Every request carrying `query` (QUERY, PREPARE, EXECUTE of it, or a BATCH starting with it), on any node. */
const arrivals = (s: Setup, query: string): ReceivedRequest[] =>
  s.sim.nodes.flatMap((n) => n.received.filter((r) => r.query === query || r.batchFirstQuery === query));
/** The keyspaces of the connections `query` arrived on (null: a connection never USE'd). */
const connectionKeyspaces = (s: Setup, query: string): Set<string | null | undefined> =>
  new Set(arrivals(s, query).map((r) => r.connectionKeyspace));

/** One of each kind of unqualified statement: simple, batch, prepared (named after `tag`). */
async function runAll(session: Session, tag: string): Promise<void> {
  await firstValueFrom(session.execute(`SELECT ${tag} FROM t`));
  await firstValueFrom(session.batch([{ query: `INSERT INTO ${tag} (k) VALUES (1)` }]));
  const ps = await firstValueFrom(session.prepare(`SELECT p${tag} FROM t`));
  for (let i = 0; i < 4; i++) await firstValueFrom(session.execute(ps));
  await firstValueFrom(session.execute(`SELECT c${tag} FROM t`, [], { prepare: true }));
}

describe('A keyspace per session (scripted 3-node cluster)', () => {
  let s: Setup;
  afterEach(() => stopSession(s));

  describe('v5', () => {
    let tap: ReturnType<typeof tapRequests>;
    beforeEach(async () => {
      s = await startSession({}, TOPOLOGY);
      tap = tapRequests([Opcode.Query, Opcode.Batch, Opcode.Prepare]);
    });
    afterEach(() => tap.restore());
    const queryKeyspace = (query: string) => tap.requests.filter((r) => r.opcode === Opcode.Query).map(parseWire).find((w) => w.query === query)?.keyspace;
    const batchKeyspaces = () => tap.requests.filter((r) => r.opcode === Opcode.Batch).map((r) => parseWire(r).keyspace);
    const prepareKeyspaces = (query: string) => tap.requests.filter((r) => r.opcode === Opcode.Prepare).map(parsePrepare).filter((p) => p.query === query).map((p) => p.keyspace);

    it('each session sends its keyspace in QUERY, BATCH and PREPARE; a session without one sends none; nothing is USE\'d', async () => {
      const one = await s.cluster.connect('ks1');
      const two = await s.cluster.connect('ks2');
      await firstValueFrom(one.execute('SELECT one FROM t'));
      await firstValueFrom(two.execute('SELECT two FROM t'));
      await firstValueFrom(s.session.execute('SELECT plain FROM t'));
      expect([queryKeyspace('SELECT one FROM t'), queryKeyspace('SELECT two FROM t'), queryKeyspace('SELECT plain FROM t')]).toEqual(['ks1', 'ks2', undefined]);
      await firstValueFrom(one.batch([{ query: 'INSERT INTO t (k) VALUES (1)' }]));
      await firstValueFrom(two.batch([{ query: 'INSERT INTO t (k) VALUES (2)' }]));
      await firstValueFrom(s.session.batch([{ query: 'INSERT INTO t (k) VALUES (3)' }]));
      expect(batchKeyspaces()).toEqual(['ks1', 'ks2', undefined]);
      await firstValueFrom(one.prepare('SELECT p1 FROM t'));
      await firstValueFrom(s.session.prepare('SELECT p0 FROM t'));
      expect(new Set(prepareKeyspaces('SELECT p1 FROM t'))).toEqual(new Set(['ks1']));
      expect(new Set(prepareKeyspaces('SELECT p0 FROM t'))).toEqual(new Set([undefined]));
      expect(total(s.sim, USE)).toBe(0);
    });

    it('USE through one session changes that session only (checked, and never sent)', async () => {
      const one = await s.cluster.connect('ks1');
      const other = await s.cluster.connect('ks1');
      await firstValueFrom(one.execute('USE ks2'));
      expect([one.keyspace, other.keyspace, s.session.keyspace]).toEqual(['ks2', 'ks1', undefined]);
      await firstValueFrom(one.execute('SELECT one FROM t'));
      await firstValueFrom(other.execute('SELECT other FROM t'));
      expect([queryKeyspace('SELECT one FROM t'), queryKeyspace('SELECT other FROM t')]).toEqual(['ks2', 'ks1']);
      expect(total(s.sim, USE)).toBe(0);
    });
  });

  describe('v4', () => {
    beforeEach(async () => {
      s = await startSession({ maxProtocolVersion: 4 }, TOPOLOGY);
    });

    it('two sessions on ks1 and ks2: their statements arrive on connections in their keyspace; the plain pools are never USE\'d', async () => {
      const one = await s.cluster.connect('ks1');
      const two = await s.cluster.connect('ks2');
      // One pool per keyspace per host, opened in its keyspace; nothing else is USE'd.
      expect(total(s.sim, USE)).toBe(6);
      for (let round = 0; round < 2; round++) {
        await Promise.all([runAll(one, 'one'), runAll(two, 'two'), runAll(s.session, 'plain')]);
      }
      for (const [tag, keyspace] of [['one', 'ks1'], ['two', 'ks2'], ['plain', null]] as const) {
        for (const q of [`SELECT ${tag} FROM t`, `INSERT INTO ${tag} (k) VALUES (1)`, `SELECT p${tag} FROM t`, `SELECT c${tag} FROM t`]) {
          expect(arrivals(s, q).length).toBeGreaterThan(0);
          expect([q, connectionKeyspaces(s, q)]).toEqual([q, new Set([keyspace])]);
        }
      }
      expect(total(s.sim, USE)).toBe(6);
    });

    it('USE through one session changes that session only; the others keep their connections', async () => {
      const one = await s.cluster.connect('ks1');
      const other = await s.cluster.connect('ks1');
      await firstValueFrom(one.execute('USE ks2'));
      expect([one.keyspace, other.keyspace, s.session.keyspace]).toEqual(['ks2', 'ks1', undefined]);
      await runAll(one, 'one');
      await runAll(other, 'other');
      await runAll(s.session, 'plain');
      expect(connectionKeyspaces(s, 'SELECT one FROM t')).toEqual(new Set(['ks2']));
      expect(connectionKeyspaces(s, 'SELECT other FROM t')).toEqual(new Set(['ks1']));
      expect(connectionKeyspaces(s, 'SELECT plain FROM t')).toEqual(new Set([null]));
      expect(connectionKeyspaces(s, 'SELECT pone FROM t')).toEqual(new Set(['ks2']));
    });
  });

  for (const version of [4, 5] as const) {
    it(`v${version}: USE of a keyspace that does not exist rejects with KeyspaceNotFoundError and sends no USE`, async () => {
      s = await startSession({ maxProtocolVersion: version }, TOPOLOGY);
      const one = await s.cluster.connect('ks1');
      const uses = total(s.sim, USE);
      const before = s.sim.nodes.map((n) => n.received.length);
      const err = await firstValueFrom(one.execute('USE nope')).then(() => null, (e: unknown) => e);
      expect(total(s.sim, USE)).toBe(uses);
      expect(total(s.sim, 'nope')).toBe(0);
      expect(err).toBeInstanceOf(KeyspaceNotFoundError);
      expect((err as KeyspaceNotFoundError).keyspace).toBe('nope');
      expect(one.keyspace).toBe('ks1');
      // Only the existence check went out: one read of system_schema.keyspaces.
      const sent = s.sim.nodes.flatMap((n, i) => n.received.slice(before[i]));
      expect(sent.map((r) => [r.opcode, r.query])).toEqual([[Opcode.Query, expect.stringMatching(/FROM system_schema\.keyspaces WHERE keyspace_name = \?/)]]);
    });
  }

  it('USE cannot be prepared: a StatementError, nothing sent', async () => {
    s = await startSession({}, TOPOLOGY);
    const err = await firstValueFrom(s.session.prepare('USE ks1')).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(StatementError);
    expect(total(s.sim, USE)).toBe(0);
  });
});
