import { firstValueFrom } from 'rxjs';
import { ConnectionClosedError, ConnectionError } from '../../lib/errors/connection-errors';
import { NoHostAvailableError } from '../../lib/errors/client-errors';
import { ProtocolError } from '../../lib/errors/codec-errors';
import { FallthroughRetryPolicy } from '../../lib/policies/retry';
import { onAll, startSession, stopSession, total, waitFor, type Setup } from './scripted-session';

const int = { kind: 'int' } as const;

describe('A connection lost mid-request (scripted 3-node cluster)', () => {
  let s: Setup;
  beforeEach(async () => { s = await startSession({ profiles: { fallthrough: { retry: new FallthroughRetryPolicy() } } }); });
  afterEach(() => stopSession(s));

  it('an idempotent request moves to the next host and succeeds', async () => {
    onAll(s.sim, 'SELECT lost', { rows: { columns: [{ name: 'v', type: int }], rows: [[7]] } });
    onAll(s.sim, 'SELECT lost', { closeConnection: true }, { times: 1 });
    const rs = await firstValueFrom(s.session.execute('SELECT lost FROM t'));
    expect(rs.first()?.['v']).toBe(7);
    expect(rs.info.hostsTried).toHaveLength(2);
    expect(new Set(rs.info.hostsTried).size).toBe(2);
    expect(rs.info.retries).toBe(1);
    expect(total(s.sim, 'SELECT lost')).toBe(2);
  });

  it('a non-idempotent request that reached the wire is not retried: ConnectionClosedError with the host', async () => {
    onAll(s.sim, 'INSERT lost', { closeConnection: true }, { times: 1 });
    const err = await firstValueFrom(s.session.execute('INSERT lost INTO t')).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(ConnectionClosedError);
    expect(s.sim.nodes.map((n) => n.endpoint)).toContain((err as ConnectionClosedError).address);
    expect(total(s.sim, 'INSERT lost')).toBe(1);
  });

  it('the same statement marked idempotent is retried on the next host', async () => {
    onAll(s.sim, 'INSERT lost', { closeConnection: true }, { times: 1 });
    const rs = await firstValueFrom(s.session.execute('INSERT lost INTO t', undefined, { idempotent: true }));
    expect(new Set(rs.info.hostsTried).size).toBe(2);
    expect(total(s.sim, 'INSERT lost')).toBe(2);
  });

  it('every host hangs up: NoHostAvailableError with each host\'s connection error', async () => {
    onAll(s.sim, 'SELECT gone', { closeConnection: true });
    const err = await firstValueFrom(s.session.execute('SELECT gone FROM t')).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(NoHostAvailableError);
    const errors = [...(err as NoHostAvailableError).errors.values()];
    expect(errors).toHaveLength(3);
    for (const e of errors) expect(e).toBeInstanceOf(ConnectionError);
  });

  it('the lost host\'s pool goes down and the host is reported down', async () => {
    const downs: string[] = [];
    s.cluster.hostEvents$.subscribe((e) => { if (e.kind === 'down') downs.push(e.host.endpoint); });
    onAll(s.sim, 'SELECT lost', { closeConnection: true }, { times: 1 });
    const rs = await firstValueFrom(s.session.execute('SELECT lost FROM t'));
    await waitFor(() => downs.length === 1);
    expect(downs[0]).toBe(rs.info.hostsTried[0]);
  });

  it('a malformed answer to an idempotent request is retried on the next host; the bad connection is replaced', async () => {
    onAll(s.sim, 'SELECT odd', { malformedBody: true }, { times: 1 });
    const rs = await firstValueFrom(s.session.execute('SELECT odd FROM t'));
    expect(rs.rows).toEqual([]);
    expect(rs.info.hostsTried).toHaveLength(2);
    expect(rs.info.retries).toBe(1);
    expect(new Set(rs.info.hostsTried).size).toBe(2);
    expect(total(s.sim, 'SELECT odd')).toBe(2);
    for (let i = 0; i < 4; i++) expect((await firstValueFrom(s.session.execute('SELECT odd FROM t'))).rows).toEqual([]);
  });

  it('a malformed answer is rethrown as ProtocolError when the retry policy says so', async () => {
    onAll(s.sim, 'SELECT strict', { malformedBody: true }, { times: 1 });
    const err = await firstValueFrom(s.session.execute('SELECT strict FROM t', undefined, { profile: 'fallthrough' })).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(total(s.sim, 'SELECT strict')).toBe(1);
  });

  it('a malformed answer to a non-idempotent request is rethrown as ProtocolError', async () => {
    onAll(s.sim, 'INSERT odd', { malformedBody: true }, { times: 1 });
    const err = await firstValueFrom(s.session.execute('INSERT odd INTO t')).then(() => null, (e: Error) => e);
    expect(err).toBeInstanceOf(ProtocolError);
    expect(total(s.sim, 'INSERT odd')).toBe(1);
  });
});
