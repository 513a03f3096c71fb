/**
 * Timers behind a small interface so tests can pass a fake clock (heartbeats, request timeouts,
 * reconnection delays). The default uses Node's timers, unref'd so they never keep a process alive.
 */
export interface TimerHandle {
  cancel(): void;
}

export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
}

class NodeTimer implements TimerHandle {
  constructor(private readonly t: NodeJS.Timeout) {}
  cancel(): void {
    clearTimeout(this.t);
  }
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const t = setTimeout(fn, ms);
    t.unref();
    return new NodeTimer(t);
  },
};
