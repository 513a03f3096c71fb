/**
 * Idle detection for one connection. When nothing has been received for `intervalMs`, the target
 * sends a heartbeat (OPTIONS); if no answer arrives within `timeoutMs` the connection is declared
 * defunct. Received traffic only stamps a time (no timer work per frame).
 */
import type { Clock, TimerHandle } from './clock';

export interface HeartbeatTarget {
  /** Send a heartbeat request; call `heartbeat.answered()` when its response arrives. */
  sendHeartbeat(): void;
  /** The heartbeat went unanswered. */
  heartbeatTimedOut(timeoutMs: number): void;
}

export interface HeartbeatOptions {
  /** Idle time before a heartbeat is sent, in ms. 0 disables heartbeats. Default 30000. */
  intervalMs: number;
  /** How long a heartbeat may go unanswered, in ms. Default 12000. */
  timeoutMs: number;
}

export const DEFAULT_HEARTBEAT: HeartbeatOptions = { intervalMs: 30_000, timeoutMs: 12_000 };

export class Heartbeat {
  private lastActivity: number;
  private idleTimer: TimerHandle | null = null;
  private answerTimer: TimerHandle | null = null;
  private stopped = false;

  constructor(
    private readonly clock: Clock,
    private readonly options: HeartbeatOptions,
    private readonly target: HeartbeatTarget,
  ) {
    this.lastActivity = clock.now();
  }

  start(): void {
    if (this.options.intervalMs > 0 && !this.stopped) this.armIdle(this.options.intervalMs);
  }

  /** Something was received (at `now`, clock ms): the connection is alive. */
  activity(now = this.clock.now()): void {
    this.lastActivity = now;
  }

  /** The heartbeat's response arrived. */
  answered(): void {
    this.activity();
    if (this.answerTimer) {
      this.answerTimer.cancel();
      this.answerTimer = null;
    }
    if (!this.stopped && this.idleTimer === null) this.armIdle(this.options.intervalMs);
  }

  get awaitingAnswer(): boolean {
    return this.answerTimer !== null;
  }

  stop(): void {
    this.stopped = true;
    this.idleTimer?.cancel();
    this.answerTimer?.cancel();
    this.idleTimer = this.answerTimer = null;
  }

  private armIdle(ms: number): void {
    this.idleTimer = this.clock.setTimeout(this.onIdleTimer, ms);
  }

  private readonly onIdleTimer = (): void => {
    this.idleTimer = null;
    if (this.stopped) return;
    const idle = this.clock.now() - this.lastActivity;
    if (idle < this.options.intervalMs) {
      this.armIdle(this.options.intervalMs - idle);
      return;
    }
    this.answerTimer = this.clock.setTimeout(this.onAnswerTimeout, this.options.timeoutMs);
    this.target.sendHeartbeat();
  };

  private readonly onAnswerTimeout = (): void => {
    this.answerTimer = null;
    if (this.stopped) return;
    this.stop();
    this.target.heartbeatTimedOut(this.options.timeoutMs);
  };
}
