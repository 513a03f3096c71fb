import { Heartbeat, HeartbeatTarget } from '../../lib/connection/heartbeat';
import { FakeClock } from '../support/fake-clock';

function setup(intervalMs = 1000, timeoutMs = 300) {
  const clock = new FakeClock();
  const calls: string[] = [];
  const target: HeartbeatTarget = {
    sendHeartbeat: () => calls.push(`ping@${clock.now()}`),
    heartbeatTimedOut: (ms) => calls.push(`defunct@${clock.now()}/${ms}`),
  };
  const hb = new Heartbeat(clock, { intervalMs, timeoutMs }, target);
  hb.start();
  return { clock, calls, hb };
}

describe('Heartbeat', () => {
  it('pings after the idle interval and declares the connection defunct when unanswered', () => {
    const { clock, calls } = setup();
    clock.advance(999);
    expect(calls).toEqual([]);
    clock.advance(1);
    expect(calls).toEqual(['ping@1000']);
    clock.advance(299);
    expect(calls).toHaveLength(1);
    clock.advance(1);
    expect(calls).toEqual(['ping@1000', 'defunct@1300/300']);
    clock.advance(10_000);
    expect(calls).toHaveLength(2);
    expect(clock.pending).toBe(0);
  });

  it('does not ping while traffic keeps arriving', () => {
    const { clock, calls, hb } = setup();
    for (let i = 0; i < 20; i++) {
      clock.advance(500);
      hb.activity();
    }
    expect(calls).toEqual([]);
    clock.advance(1000);
    expect(calls).toEqual(['ping@11000']);
  });

  it('keeps pinging each interval when answered', () => {
    const { clock, calls, hb } = setup();
    clock.advance(1000);
    clock.advance(50);
    hb.answered();
    expect(hb.awaitingAnswer).toBe(false);
    clock.advance(1000);
    expect(calls).toEqual(['ping@1000', 'ping@2050']);
  });

  it('stop() clears every timer', () => {
    const { clock, calls, hb } = setup();
    clock.advance(1000);
    hb.stop();
    expect(clock.pending).toBe(0);
    clock.advance(5000);
    expect(calls).toEqual(['ping@1000']);
  });

  it('is disabled by intervalMs 0', () => {
    const { clock, calls } = setup(0);
    clock.advance(100_000);
    expect(calls).toEqual([]);
    expect(clock.pending).toBe(0);
  });
});
