import { firstValueFrom } from 'rxjs';
import { NoHostAvailableError } from '../../lib/errors/client-errors';
import * as E from '../../lib/errors/server-errors';
import type { Writer } from '../../lib/protocol/writer';
import {
  FallthroughRetryPolicy, IGNORE, RETHROW, type RetryDecision, type RetryPolicy,
} from '../../lib/policies/retry';
import { error, onAll, startSession, stopSession, total, type Setup } from './scripted-session';

const ONE = 0x0001;
const readTimeout = (received: number, blockFor: number, dataPresent: boolean) => (w: Writer): void => {
  w.short(ONE).int(received).int(blockFor).byte(dataPresent ? 1 : 0);
};
const writeTimeout = (writeType: string) => (w: Writer): void => { w.short(ONE).int(0).int(1).string(writeType); };
const unavailable = (w: Writer): void => { w.short(ONE).int(1).int(0); };
const reasons = (w: Writer): void => { w.int(1).byte(4).byte(127).byte(0).byte(0).byte(9).short(0); };

/** Rejects with the execution's error (fails the test when it succeeds). */
async function failureOf(p: Promise<unknown>): Promise<Error> {
  return p.then(() => { throw new Error('expected the execution to fail'); }, (e: Error) => e);
}

describe('Retry decisions per server error (DefaultRetryPolicy, scripted 3-node cluster)', () => {
  let s: Setup;
  afterEach(() => stopSession(s));

  describe('default profile', () => {
    beforeEach(async () => { s = await startSession(); });

    it('read timeout with enough replicas but no data: the same host once, then the answer', async () => {
      onAll(s.sim, 'SELECT rt', error(0x1200, 'read timeout', readTimeout(1, 1, false)), { times: 1 });
      const rs = await firstValueFrom(s.session.execute('SELECT rt FROM t'));
      expect(rs.info.retries).toBe(1);
      expect(rs.info.hostsTried).toHaveLength(2);
      expect(rs.info.hostsTried[0]).toBe(rs.info.hostsTried[1]);
      expect(s.sim.node(rs.info.host.split(':')[0] as string).count('SELECT rt')).toBe(2);
    });

    it.each([
      ['data present', readTimeout(1, 1, true)],
      ['too few replicas', readTimeout(0, 1, false)],
    ])('read timeout with %s: rethrown with its fields and host', async (_label, fields) => {
      onAll(s.sim, 'SELECT rt', error(0x1200, 'read timeout', fields));
      const err = await failureOf(firstValueFrom(s.session.execute('SELECT rt FROM t')));
      expect(err).toBeInstanceOf(E.ReadTimeoutError);
      expect((err as E.ReadTimeoutError).blockFor).toBe(1);
      expect(s.sim.nodes.map((n) => n.endpoint)).toContain((err as E.ReadTimeoutError).host);
      expect(total(s.sim, 'SELECT rt')).toBe(1);
    });

    it('write timeout: BATCH_LOG is retried once on the same host; SIMPLE is rethrown', async () => {
      onAll(s.sim, 'INSERT bl', error(0x1100, 'write timeout', writeTimeout('BATCH_LOG')), { times: 1 });
      const rs = await firstValueFrom(s.session.execute('INSERT bl INTO t'));
      expect(rs.info.retries).toBe(1);
      expect(new Set(rs.info.hostsTried).size).toBe(1);
      onAll(s.sim, 'INSERT simple', error(0x1100, 'write timeout', writeTimeout('SIMPLE')));
      const err = await failureOf(firstValueFrom(s.session.execute('INSERT simple INTO t', undefined, { idempotent: true })));
      expect(err).toBeInstanceOf(E.WriteTimeoutError);
      expect((err as E.WriteTimeoutError).writeType).toBe('SIMPLE');
      expect(total(s.sim, 'INSERT simple')).toBe(1);
    });

    it('unavailable: the next host once, then rethrown', async () => {
      onAll(s.sim, 'SELECT un', error(0x1000, 'unavailable', unavailable), { times: 1 });
      const rs = await firstValueFrom(s.session.execute('SELECT un FROM t'));
      expect(rs.info.retries).toBe(1);
      expect(new Set(rs.info.hostsTried).size).toBe(2);
      onAll(s.sim, 'SELECT always', error(0x1000, 'unavailable', unavailable));
      const err = await failureOf(firstValueFrom(s.session.execute('SELECT always FROM t')));
      expect(err).toBeInstanceOf(E.UnavailableError);
      expect((err as E.UnavailableError).required).toBe(1);
      expect(total(s.sim, 'SELECT always')).toBe(2);
    });

    it.each([
      ['overloaded', 0x1001, E.OverloadedError],
      ['server error', 0x0000, E.ServerError],
    ])('%s: next host when idempotent, rethrown when not', async (_label, code, cls) => {
      onAll(s.sim, 'SELECT ov', error(code, 'busy'), { times: 1 });
      const rs = await firstValueFrom(s.session.execute('SELECT ov FROM t'));
      expect(new Set(rs.info.hostsTried).size).toBe(2);
      onAll(s.sim, 'UPDATE ov', error(code, 'busy'), { times: 1 });
      const err = await failureOf(firstValueFrom(s.session.execute('UPDATE ov SET a = 1')));
      expect(err).toBeInstanceOf(cls);
      expect(total(s.sim, 'UPDATE ov')).toBe(1);
    });

    it('bootstrapping: always the next host, even for non-idempotent statements', async () => {
      onAll(s.sim, 'UPDATE boot', error(0x1002, 'bootstrapping'), { times: 1 });
      const rs = await firstValueFrom(s.session.execute('UPDATE boot SET a = 1'));
      expect(new Set(rs.info.hostsTried).size).toBe(2);
      expect(rs.info.retries).toBe(1);
    });

    it('every host overloaded: NoHostAvailableError naming each host and its error', async () => {
      onAll(s.sim, 'SELECT all', error(0x1001, 'overloaded'));
      const err = await failureOf(firstValueFrom(s.session.execute('SELECT all FROM t')));
      expect(err).toBeInstanceOf(NoHostAvailableError);
      const errors = (err as NoHostAvailableError).errors;
      expect([...errors.keys()].sort()).toEqual(s.sim.nodes.map((n) => n.endpoint).sort());
      for (const e of errors.values()) expect(e).toBeInstanceOf(E.OverloadedError);
      for (const n of s.sim.nodes) expect(n.count('SELECT all')).toBe(1);
    });

    it.each([
      ['truncate', 0x1003, undefined, E.TruncateError],
      ['syntax error', 0x2000, undefined, E.CqlSyntaxError],
      ['invalid', 0x2200, undefined, E.InvalidQueryError],
      ['unauthorized', 0x2100, undefined, E.UnauthorizedError],
      ['config error', 0x2300, undefined, E.ConfigurationError],
      ['already exists', 0x2400, (w: Writer) => { w.string('ks').string('t'); }, E.AlreadyExistsError],
      ['function failure', 0x1400, (w: Writer) => { w.string('ks').string('f').stringList(['int']); }, E.FunctionFailureError],
      ['read failure', 0x1300, (w: Writer) => { w.short(ONE).int(0).int(1); reasons(w); w.byte(0); }, E.ReadFailureError],
      ['write failure', 0x1500, (w: Writer) => { w.short(ONE).int(0).int(1); reasons(w); w.string('SIMPLE'); }, E.WriteFailureError],
      ['CAS write unknown', 0x1700, (w: Writer) => { w.short(ONE).int(0).int(1); }, E.CasWriteUnknownError],
      ['CDC write failure', 0x1600, undefined, E.CdcWriteFailureError],
    ])('%s is rethrown as its typed class with the host, on one host only', async (_label, code, fields, cls) => {
      onAll(s.sim, 'SELECT typed', error(code, `code ${code}`, fields));
      const err = await failureOf(firstValueFrom(s.session.execute('SELECT typed FROM t')));
      expect(err).toBeInstanceOf(cls);
      expect(err.message).toBe(`code ${code}`);
      const host = (err as E.ResponseError).host;
      expect(host).toBeDefined();
      expect(s.sim.nodes.find((n) => n.endpoint === host)?.count('SELECT typed')).toBe(1);
      expect(total(s.sim, 'SELECT typed')).toBe(1);
    });
  });

  describe('policies from execution profiles', () => {
    class IgnoreReadTimeouts implements RetryPolicy {
      onReadTimeout(): RetryDecision { return IGNORE; }
      onWriteTimeout(): RetryDecision { return RETHROW; }
      onUnavailable(): RetryDecision { return RETHROW; }
      onRequestError(): RetryDecision { return RETHROW; }
    }

    beforeEach(async () => {
      s = await startSession({ profiles: { fallthrough: { retry: new FallthroughRetryPolicy() }, ignoring: { retry: new IgnoreReadTimeouts() } } });
    });

    it('FallthroughRetryPolicy rethrows what the default would retry', async () => {
      onAll(s.sim, 'SELECT un', error(0x1000, 'unavailable', unavailable));
      const err = await failureOf(firstValueFrom(s.session.execute('SELECT un FROM t', undefined, { profile: 'fallthrough' })));
      expect(err).toBeInstanceOf(E.UnavailableError);
      expect(total(s.sim, 'SELECT un')).toBe(1);
    });

    it('an IGNORE decision completes with an empty result', async () => {
      onAll(s.sim, 'SELECT ig', error(0x1200, 'read timeout', readTimeout(0, 1, false)));
      const rs = await firstValueFrom(s.session.execute('SELECT ig FROM t', undefined, { profile: 'ignoring' }));
      expect(rs.rows).toEqual([]);
      expect(rs.info.retries).toBe(0);
      expect(total(s.sim, 'SELECT ig')).toBe(1);
    });
  });
});
