import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { Cluster } from '../../lib/session/cluster';
import type { Session } from '../../lib/session/session';
import { ScriptedCluster } from '../support/scripted-server';
import { Opcode } from '../../lib/protocol/opcodes';
import { barrier, waitFor } from './scripted-session';

const text = { kind: 'text' } as const;
const int = { kind: 'int' } as const;

describe('Session basics (scripted server)', () => {
  let sim: ScriptedCluster;
  let cluster: Cluster;
  let session: Session;
  beforeEach(async () => {
    sim = await ScriptedCluster.start({ nodesPerDc: [3] });
    cluster = new Cluster({ contactPoints: [`${sim.first.address}:${sim.port}`], pooling: { heartbeatIntervalMs: 0 } });
    session = await cluster.connect();
  });
  afterEach(async () => {
    await cluster.shutdown();
    await sim.stop();
  });

  it('is cold: nothing is sent before subscription, and each subscription runs again', async () => {
    for (const n of sim.nodes) n.when({ when: 'SELECT word', then: { rows: { columns: [{ name: 'word', type: text }, { name: 'n', type: int }], rows: [['hi', 1]] } } });
    const total = () => sim.nodes.reduce((a, n) => a + n.count('SELECT word'), 0);
    const obs = session.execute('SELECT word FROM t');
    await barrier({ sim, cluster, session });
    expect(total()).toBe(0);
    const rs = await firstValueFrom(obs);
    expect(rs.rows).toHaveLength(1);
    expect(rs.first()?.['word']).toBe('hi');
    expect(rs.first()?.get(1)).toBe(1);
    expect(rs.first()?.get('n')).toBe(1);
    expect(rs.info.hostsTried).toHaveLength(1);
    await firstValueFrom(obs);
    expect(total()).toBe(2);
  });

  it('prepares once, executes the prepared form, and caches with prepare: true', async () => {
    for (const n of sim.nodes) {
      n.when({ when: (r) => r.opcode === Opcode.Prepare && (r.query ?? '').includes('FROM users'), then: { prepared: { variables: [{ name: 'id', type: int }], pkIndexes: [0], result: [{ name: 'name', type: text }] } } });
      n.when({ when: (r) => r.opcode === Opcode.Execute, then: { rows: { columns: [{ name: 'name', type: text }], rows: [['ann']], noMetadata: true } } });
    }
    const results = await lastValueFrom(
      session.execute('SELECT name FROM users WHERE id = ?', [1], { prepare: true }).pipe(take(1)),
    );
    expect(results.first()?.['name']).toBe('ann');
    await firstValueFrom(session.execute('SELECT name FROM users WHERE id = ?', [2], { prepare: true }));
    const preparesSent = (): number => sim.nodes.reduce((a, n) => a + n.count('FROM users', Opcode.Prepare), 0);
    await waitFor(() => preparesSent() >= 3); // the background prepares on the other hosts
    await barrier({ sim, cluster, session });
    const prepares = sim.nodes.reduce((a, n) => a + n.count('FROM users', Opcode.Prepare), 0);
    expect(prepares).toBe(3); // once, then on the two other hosts in the background; the second execute reused it
    const executes = sim.nodes.reduce((a, n) => a + n.received.filter((r) => r.opcode === Opcode.Execute).length, 0);
    expect(executes).toBe(2);
  });

  it('streams rows across pages and stops fetching when the subscriber leaves', async () => {
    const pages = 5;
    for (const n of sim.nodes) {
      n.when({
        when: 'SELECT v FROM big',
        then: {
          rows: (req) => {
            const page = req.pagingState ? req.pagingState.readUInt8(0) : 0;
            const rows = page === 2 ? [] : Array.from({ length: 4 }, (_, i) => [page * 4 + i]); // an empty page in the middle
            return { columns: [{ name: 'v', type: int }], rows, pagingState: page + 1 < pages ? Buffer.from([page + 1]) : null };
          },
        },
      });
    }
    const all = await lastValueFrom(session.stream('SELECT v FROM big').pipe(toArray()));
    expect(all.map((r) => r['v'])).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15, 16, 17, 18, 19]);
    const fetchesBefore = sim.nodes.reduce((a, n) => a + n.count('SELECT v FROM big'), 0);
    const few = await lastValueFrom(session.stream('SELECT v FROM big').pipe(take(3), toArray()));
    expect(few).toHaveLength(3);
    await barrier({ sim, cluster, session }); // a prefetch of the next page would have been sent before the probes
    expect(sim.nodes.reduce((a, n) => a + n.count('SELECT v FROM big'), 0) - fetchesBefore).toBe(1);
    const pulled: unknown[] = [];
    for await (const row of session.iterate('SELECT v FROM big')) pulled.push(row['v']);
    expect(pulled).toHaveLength(16);
  });
});
