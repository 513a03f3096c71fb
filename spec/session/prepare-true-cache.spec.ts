import { firstValueFrom, lastValueFrom } from 'rxjs';
import { InvalidQueryError } from '../../lib';
import { Opcode } from '../../lib/protocol/opcodes';
import { error, onAll, RecordingPolicy, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const int = { kind: 'int' } as const;
const Q = 'SELECT v FROM cache_t WHERE k = ?';

// `execute(cql, params, { prepare: true })`: what users write. The cache hit must cost no more
// than a held PreparedStatement; concurrent misses share one PREPARE; a failed one is not kept.
describe('prepare: true (scripted 3-node cluster)', () => {
  let s: Setup;
  let policy: RecordingPolicy;
  beforeEach(async () => {
    policy = new RecordingPolicy();
    s = await startSession({ profiles: { default: { loadBalancing: policy } } });
  });
  afterEach(() => stopSession(s));

  const preparedAnswer = { prepared: { variables: [{ name: 'k', type: int }], pkIndexes: [0], result: [{ name: 'v', type: int }] } };
  const rowsAnswer = { rows: { columns: [{ name: 'v', type: int }], rows: [[7]], noMetadata: true } };
  const prepares = (): number => total(s.sim, 'cache_t', Opcode.Prepare);

  it('a cache hit starts the execution synchronously, inside subscribe (no promise hop)', async () => {
    onAll(s.sim, (r) => r.opcode === Opcode.Prepare && (r.query ?? '').includes('cache_t'), preparedAnswer);
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, rowsAnswer);
    const miss = session().execute(Q, [1], { prepare: true });
    const before = policy.requests.length;
    const first = lastValueFrom(miss);
    // A miss plans the PREPARE execution; the EXECUTE's plan comes only after the answer.
    const afterMissSubscribe = policy.requests.length;
    expect((await first).first()?.['v']).toBe(7);
    expect(afterMissSubscribe - before).toBe(1);
    const planned = policy.requests.length;
    const sub = session().execute(Q, [2], { prepare: true }).subscribe();
    // The hit: the EXECUTE was planned (and written) before subscribe() returned.
    expect(policy.requests.length - planned).toBe(1);
    await waitFor(() => sub.closed);
  });

  it('concurrent executions of an unprepared query share one PREPARE (the others prepare it in the background)', async () => {
    onAll(s.sim, (r) => r.opcode === Opcode.Prepare && (r.query ?? '').includes('cache_t'), preparedAnswer, { delayMs: 50 });
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, rowsAnswer);
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => firstValueFrom(session().execute(Q, [i], { prepare: true }))));
    expect(results.every((r) => r.first()?.['v'] === 7)).toBe(true);
    await waitFor(() => prepares() >= 3);
    // One PREPARE for the 50 executions, plus one on each of the two other hosts in the background.
    expect(prepares()).toBe(3);
    expect(total(s.sim, /./, Opcode.Execute)).toBe(50);
  });

  it('a failed PREPARE is not cached: the next execution prepares again', async () => {
    // Newest rules win: the one-time failure is added last.
    onAll(s.sim, (r) => r.opcode === Opcode.Prepare && (r.query ?? '').includes('cache_t'), preparedAnswer);
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, rowsAnswer);
    onAll(s.sim, (r) => r.opcode === Opcode.Prepare && (r.query ?? '').includes('cache_t'), error(0x2200, 'unconfigured table cache_t'), { times: 1 });
    const failed = await firstValueFrom(session().execute(Q, [1], { prepare: true })).then(() => null, (e: unknown) => e);
    expect(failed).toBeInstanceOf(InvalidQueryError);
    expect(prepares()).toBe(1);
    const ok = await firstValueFrom(session().execute(Q, [1], { prepare: true }));
    expect(ok.first()?.['v']).toBe(7);
    expect(prepares()).toBeGreaterThanOrEqual(2);
  });

  function session(): Setup['session'] {
    return s.session;
  }
});
