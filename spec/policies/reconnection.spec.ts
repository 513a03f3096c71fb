import { ConstantReconnectionPolicy, ExponentialReconnectionPolicy } from '../../lib/policies/reconnection';

describe('ExponentialReconnectionPolicy', () => {
  it('doubles from the base delay up to the maximum without jitter', () => {
    const p = new ExponentialReconnectionPolicy({ baseDelayMs: 100, maxDelayMs: 1000, jitter: 0 });
    const s = p.newSchedule();
    expect(Array.from({ length: 7 }, () => s.nextDelayMs())).toEqual([100, 200, 400, 800, 1000, 1000, 1000]);
    expect(p.newSchedule().nextDelayMs()).toBe(100);
  });

  it('applies jitter within ±jitter and never above the maximum', () => {
    const lo = new ExponentialReconnectionPolicy({ baseDelayMs: 1000, maxDelayMs: 4000, jitter: 0.2 }, () => 0).newSchedule();
    const hi = new ExponentialReconnectionPolicy({ baseDelayMs: 1000, maxDelayMs: 4000, jitter: 0.2 }, () => 0.999999).newSchedule();
    expect([lo.nextDelayMs(), lo.nextDelayMs(), lo.nextDelayMs(), lo.nextDelayMs()]).toEqual([800, 1600, 3200, 3200]);
    expect([hi.nextDelayMs(), hi.nextDelayMs(), hi.nextDelayMs()]).toEqual([1200, 2400, 4000]);
  });

  it('rejects nonsensical options, naming the option', () => {
    expect(() => new ExponentialReconnectionPolicy({ baseDelayMs: 0 })).toThrow(/baseDelayMs/);
    expect(() => new ExponentialReconnectionPolicy({ baseDelayMs: 10, maxDelayMs: 5 })).toThrow(/maxDelayMs/);
    expect(() => new ExponentialReconnectionPolicy({ jitter: 1 })).toThrow(/jitter/);
  });
});

describe('ConstantReconnectionPolicy', () => {
  it('always waits the same', () => {
    const s = new ConstantReconnectionPolicy(250).newSchedule();
    expect([s.nextDelayMs(), s.nextDelayMs()]).toEqual([250, 250]);
  });
});
