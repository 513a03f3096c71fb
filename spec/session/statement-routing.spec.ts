import { firstValueFrom } from 'rxjs';
import { RecordingPolicy, startSession, stopSession, type Setup } from './scripted-session';

// Simple and prepared statements are classified by one reader (lib/session/statement-kind.ts):
// the same CQL is an LWT (replica-ordered routing) and idempotent or not, however it is sent.
describe('statement kind: simple and prepared statements route alike (scripted cluster)', () => {
  let s: Setup;
  let policy: RecordingPolicy;
  beforeEach(async () => {
    policy = new RecordingPolicy();
    s = await startSession({ profiles: { default: { loadBalancing: policy } } });
  });
  afterEach(() => stopSession(s));

  it.each([
    ['UPDATE t SET v = 2 WHERE k = 1 IF v = 1', true],
    ['UPDATE t SET v = 2 WHERE k = 1 IF EXISTS', true],
    ['INSERT INTO t (k, v) VALUES (1, 2) IF NOT EXISTS', true],
    ["INSERT INTO t (k, v) VALUES (1, 'IF NOT EXISTS')", false],
    ['DELETE FROM t WHERE k = 1', false],
  ])('%s: lwt %p as a simple and as a prepared statement', async (cql, lwt) => {
    await firstValueFrom(s.session.execute(cql));
    const ps = await firstValueFrom(s.session.prepare(cql));
    expect(ps.isLwt).toBe(lwt);
    policy.requests.length = 0;
    await firstValueFrom(s.session.execute(ps, []));
    await firstValueFrom(s.session.execute(cql));
    expect(policy.requests.map((r) => r.isLwt === true)).toEqual([lwt, lwt]);
  });

  it('a batch with one conditional statement routes as an LWT', async () => {
    policy.requests.length = 0;
    await firstValueFrom(s.session.batch([
      { query: 'INSERT INTO t (k, v) VALUES (1, 1)' },
      { query: 'UPDATE t SET v = 2 WHERE k = 2 IF v = 1' },
    ]));
    await firstValueFrom(s.session.batch([{ query: 'INSERT INTO t (k, v) VALUES (1, 1)' }]));
    expect(policy.requests.map((r) => r.isLwt === true)).toEqual([true, false]);
  });
});
