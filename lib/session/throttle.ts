/**
 * Optional execution throttle: at most `maxInFlight` executions at once; more wait in a bounded
 * FIFO queue; beyond it the execution fails at once with ThrottleQueueFullError (nothing sent).
 */
import { ThrottleQueueFullError } from '../errors/client-errors';

export interface ThrottleOptions {
  /** Executions running at once. */
  maxInFlight: number;
  /** Executions waiting. Default 1000. */
  maxQueued?: number;
}

/** Something that can be started later (an execution waiting for a slot). */
export interface Startable {
  start(): void;
  failed(error: Error): void;
}

export class Throttle {
  private running = 0;
  private readonly queue: Startable[] = [];
  private readonly maxQueued: number;

  constructor(private readonly options: ThrottleOptions) {
    this.maxQueued = options.maxQueued ?? 1000;
  }

  get inFlight(): number { return this.running; }
  get queued(): number { return this.queue.length; }

  /** Starts now, queues, or fails it with ThrottleQueueFullError. */
  submit(s: Startable): void {
    if (this.running < this.options.maxInFlight) {
      this.running++;
      s.start();
    } else if (this.queue.length < this.maxQueued) {
      this.queue.push(s);
    } else {
      s.failed(new ThrottleQueueFullError(this.options.maxInFlight, this.maxQueued));
    }
  }

  /** A waiting execution was cancelled before it started. */
  withdraw(s: Startable): void {
    const i = this.queue.indexOf(s);
    if (i >= 0) this.queue.splice(i, 1);
  }

  /** A running execution ended: start the next waiting one. */
  release(): void {
    const next = this.queue.shift();
    if (next) next.start();
    else this.running--;
  }
}
