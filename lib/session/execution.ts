/**
 * One execution: the ResponseFuture lifecycle as the body of a cold Observable. Query plan →
 * host → pooled connection → stream id; the execution timeout; speculative executions for
 * idempotent statements; the retry policy on each failure; UNPREPARED → re-prepare and resend;
 * exactly one outcome; unsubscribing cancels every attempt (their stream ids are orphaned).
 */
import type { Unsubscribable } from 'rxjs';
import type { TimerHandle } from '../connection/clock';
import type { Connection } from '../connection/connection';
import { BusyConnectionError, ConnectionError } from '../connection/errors';
import type { Request, ResponseHandler } from '../connection/request';
import type { Host } from '../cluster/host';
import { NoHostAvailableError, OperationTimedOutError } from '../errors/client-errors';
import { DriverError } from '../errors/driver-error';
import { UnpreparedError } from '../errors/server-errors';
import { Opcode } from '../protocol/opcodes';
import type { Response } from '../protocol/response';
import type { RetryDecision } from '../policies/retry';
import { decideRetry } from './retry-decision';
import type { ExecutionRequest } from './request';
import type { SessionContext } from './session-context';

/** One try on one host. The connection calls it back (a plain object, no closures). */
class Attempt implements ResponseHandler {
  request: Request | null = null;
  constructor(readonly execution: Execution, readonly host: Host, readonly connection: Connection) {}
  get resultColumns() { return this.execution.request.resultColumns; }
  onResponse(r: Response): void { this.execution.onResponse(this, r); }
  onError(e: Error): void { this.execution.onAttemptError(this, e); }
}

export interface Outcome {
  readonly response: Response;
  readonly host: string;
  readonly hostsTried: readonly string[];
  readonly attempts: number;
  readonly retries: number;
  readonly speculativeExecutions: number;
  readonly latencyMs: number;
}

/** Receives the one outcome of an execution. */
export interface OutcomeSink {
  success(outcome: Outcome): void;
  failure(error: Error): void;
}

export class Execution implements Unsubscribable {
  private readonly plan: Iterator<Host>;
  private readonly attempts = new Set<Attempt>();
  private readonly errors = new Map<string, Error>();
  private readonly hostsTried: string[] = [];
  private done = false;
  private retries = 0;
  private speculative = 0;
  private attemptCount = 0;
  /** Subscription time: latency counts from here (incl. a wait in the throttle queue). */
  private readonly startedAt: number;
  private timer: TimerHandle | null = null;
  private speculativeTimer: TimerHandle | null = null;
  private lastError: Error | null = null;

  constructor(
    private readonly ctx: SessionContext,
    readonly request: ExecutionRequest,
    private readonly sink: OutcomeSink,
  ) {
    this.plan = request.profile.loadBalancing.newQueryPlan(request.routing)[Symbol.iterator]();
    this.startedAt = ctx.clock.now();
  }

  start(): void {
    this.timer = this.ctx.clock.setTimeout(this.onTimeout, this.request.timeoutMs);
    this.sendToNextHost();
    this.armSpeculative();
  }

  /** Unsubscribe: cancel everything, emit nothing. */
  unsubscribe(): void {
    if (this.done) return;
    this.finish();
    this.record(undefined, true);
  }

  /** @internal */
  onResponse(a: Attempt, r: Response): void {
    this.attempts.delete(a);
    if (this.done) return;
    const m = r.message;
    if (m.opcode !== Opcode.Error) {
      this.succeed(a, r);
      return;
    }
    const err = m.error;
    err.host = a.host.endpoint;
    if (err instanceof UnpreparedError) {
      this.reprepareAndResend(a, err);
      return;
    }
    this.onFailure(a, err, decideRetry(this.request, this.retries, err, true));
  }

  /** @internal */
  onAttemptError(a: Attempt, e: Error): void {
    this.attempts.delete(a);
    if (this.done) return;
    const written = a.request?.written ?? false;
    this.onFailure(a, e, decideRetry(this.request, this.retries, e, written));
  }

  private onFailure(a: Attempt, err: Error, decision: RetryDecision): void {
    this.errors.set(a.host.endpoint, err);
    this.lastError = err;
    if ((decision.type === 'retry-same-host' || decision.type === 'retry-next-host') && decision.consistency !== undefined) {
      this.request.setConsistency(decision.consistency);
    }
    switch (decision.type) {
      case 'retry-same-host':
        this.retries++;
        if (!this.sendTo(a.host)) this.sendToNextHost();
        return;
      case 'retry-next-host':
        this.retries++;
        this.sendToNextHost();
        return;
      case 'ignore':
        this.succeedEmpty(a);
        return;
      case 'rethrow':
        // A speculative attempt may still succeed.
        if (this.attempts.size === 0) this.fail(err);
    }
  }

  private sendToNextHost(): void {
    for (;;) {
      const next = this.plan.next();
      if (next.done) {
        if (this.attempts.size === 0) {
          this.fail(this.errors.size === 1 && this.lastError && !(this.lastError instanceof ConnectionError)
            ? this.lastError
            : new NoHostAvailableError(this.errors));
        }
        return;
      }
      if (this.sendTo(next.value)) return;
    }
  }

  /** Sends on one host; false (with the reason recorded) when the host cannot take it now. */
  private sendTo(host: Host): boolean {
    const pool = this.ctx.pool(host);
    const conn = pool?.borrow() ?? null;
    if (!conn) {
      this.errors.set(host.endpoint, new BusyConnectionError(host.endpoint, pool ? 'no connection available' : 'no connection pool (host ignored or down)'));
      return false;
    }
    const attempt = new Attempt(this, host, conn);
    try {
      attempt.request = conn.send(this.request.frame(conn, this.attemptCount > 0), attempt);
    } catch (e) {
      this.errors.set(host.endpoint, e instanceof Error ? e : new DriverError(String(e)));
      return false;
    }
    this.attemptCount++;
    this.hostsTried.push(host.endpoint);
    this.attempts.add(attempt);
    return true;
  }

  private armSpeculative(): void {
    if (!this.request.idempotent || this.done) return;
    const delay = this.request.profile.speculativeExecution.nextDelayMs(this.speculative + 1);
    if (delay < 0) return;
    this.speculativeTimer = this.ctx.clock.setTimeout(this.onSpeculative, delay);
  }

  private readonly onSpeculative = (): void => {
    this.speculativeTimer = null;
    if (this.done) return;
    this.speculative++;
    this.sendToNextHost();
    this.armSpeculative();
  };

  private readonly onTimeout = (): void => {
    this.timer = null;
    if (this.done) return;
    this.fail(new OperationTimedOutError(this.request.timeoutMs, this.hostsTried));
  };

  private reprepareAndResend(a: Attempt, err: UnpreparedError): void {
    const ps = this.request.prepared.find((p) => p.id.equals(err.id));
    if (!ps || this.retries > 3) {
      this.onFailure(a, err, { type: 'rethrow' });
      return;
    }
    this.retries++;
    this.ctx.prepareOn(a.connection, ps).then(
      () => {
        if (!this.done && !this.sendTo(a.host)) this.sendToNextHost();
      },
      (e: unknown) => {
        if (!this.done) this.onFailure(a, e instanceof Error ? e : new DriverError(String(e)), { type: 'retry-next-host' });
      },
    );
  }

  private succeed(a: Attempt, response: Response): void {
    this.finish();
    const outcome: Outcome = {
      response,
      host: a.host.endpoint,
      hostsTried: [...this.hostsTried],
      attempts: this.attemptCount,
      retries: this.retries,
      speculativeExecutions: this.speculative,
      latencyMs: this.ctx.clock.now() - this.startedAt,
    };
    this.record(undefined, false, a.host.endpoint);
    this.sink.success(outcome);
  }

  /** The retry policy chose IGNORE: an empty (void) result. */
  private succeedEmpty(a: Attempt): void {
    this.succeed(a, { stream: -1, tracingId: null, warnings: null, customPayload: null, message: { opcode: Opcode.Result, result: { kind: 'void' } } });
  }

  private fail(err: Error): void {
    this.finish();
    this.record(err);
    this.sink.failure(err);
  }

  /** Ends the execution: timers cleared, other attempts cancelled (ids orphaned). */
  private finish(): void {
    this.done = true;
    this.timer?.cancel();
    this.speculativeTimer?.cancel();
    this.timer = this.speculativeTimer = null;
    for (const other of this.attempts) if (other.request) other.connection.cancel(other.request);
    this.attempts.clear();
  }

  private record(err: Error | undefined, cancelled = false, host?: string): void {
    this.ctx.publish({
      type: 'request',
      query: this.request.cql.length > 200 ? `${this.request.cql.slice(0, 197)}...` : this.request.cql,
      hosts: [...this.hostsTried],
      host: host ?? this.hostsTried[this.hostsTried.length - 1],
      attempts: this.attemptCount,
      retries: this.retries,
      speculativeExecutions: this.speculative,
      latencyMs: this.ctx.clock.now() - this.startedAt,
      ...(err ? { error: err.name } : {}),
      ...(cancelled ? { cancelled: true } : {}),
      at: Date.now(),
    });
  }
}

