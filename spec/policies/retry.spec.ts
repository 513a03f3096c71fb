import { DefaultRetryPolicy, FallthroughRetryPolicy, RetryContext, RetryPolicy } from '../../lib/policies/retry';

const p: RetryPolicy = new DefaultRetryPolicy();
const ctx = (over: Partial<RetryContext> = {}): RetryContext => ({ idempotent: false, retryCount: 0, consistency: 4, ...over });
const err = new Error('x');

describe('DefaultRetryPolicy', () => {
  it('read timeout: same host once when enough replicas answered without data', () => {
    expect(p.onReadTimeout(ctx(), { received: 2, blockFor: 2, dataPresent: false }).type).toBe('retry-same-host');
    expect(p.onReadTimeout(ctx(), { received: 2, blockFor: 2, dataPresent: true }).type).toBe('rethrow');
    expect(p.onReadTimeout(ctx(), { received: 1, blockFor: 2, dataPresent: false }).type).toBe('rethrow');
    expect(p.onReadTimeout(ctx({ retryCount: 1 }), { received: 2, blockFor: 2, dataPresent: false }).type).toBe('rethrow');
  });

  it('write timeout: same host once only for the batch log', () => {
    expect(p.onWriteTimeout(ctx(), { received: 0, blockFor: 1, writeType: 'BATCH_LOG' }).type).toBe('retry-same-host');
    for (const writeType of ['SIMPLE', 'BATCH', 'UNLOGGED_BATCH', 'COUNTER', 'CAS', 'VIEW', 'CDC']) {
      expect(p.onWriteTimeout(ctx({ idempotent: true }), { received: 0, blockFor: 1, writeType }).type).toBe('rethrow');
    }
    expect(p.onWriteTimeout(ctx({ retryCount: 1 }), { received: 0, blockFor: 1, writeType: 'BATCH_LOG' }).type).toBe('rethrow');
  });

  it('unavailable: next host once', () => {
    expect(p.onUnavailable(ctx(), { required: 2, alive: 1 }).type).toBe('retry-next-host');
    expect(p.onUnavailable(ctx({ retryCount: 1 }), { required: 2, alive: 1 }).type).toBe('rethrow');
  });

  it('request errors: next host only when idempotent or never written', () => {
    for (const kind of ['overloaded', 'server-error', 'connection', 'client-timeout'] as const) {
      expect(p.onRequestError(ctx(), kind, true, err).type).toBe('rethrow');
      expect(p.onRequestError(ctx({ idempotent: true }), kind, true, err).type).toBe('retry-next-host');
      expect(p.onRequestError(ctx(), kind, false, err).type).toBe('retry-next-host');
    }
    expect(p.onRequestError(ctx(), 'bootstrapping', true, err).type).toBe('retry-next-host');
    expect(p.onRequestError(ctx({ idempotent: true }), 'truncate', true, err).type).toBe('rethrow');
  });
});

describe('FallthroughRetryPolicy', () => {
  it('always rethrows', () => {
    const f: RetryPolicy = new FallthroughRetryPolicy();
    expect(f.onUnavailable(ctx(), { required: 2, alive: 1 }).type).toBe('rethrow');
    expect(f.onRequestError(ctx({ idempotent: true }), 'overloaded', false, err).type).toBe('rethrow');
    expect(f.onReadTimeout(ctx(), { received: 2, blockFor: 2, dataPresent: false }).type).toBe('rethrow');
  });
});
