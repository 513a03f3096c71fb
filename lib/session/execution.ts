/**
 * One execution: the ResponseFuture lifecycle as the body of a cold Observable. Query plan →
 * host → pooled connection → stream id; the execution timeout; speculative executions for
 * idempotent statements; the retry policy on each failure; UNPREPARED → re-prepare and resend;
 * exactly one outcome; unsubscribing cancels every attempt (their stream ids are orphaned).
 */
import type { Unsubscribable } from 'rxjs';
import type { TimerHandle } from '../connection/clock';
import type { Expirable } from '../connection/timeout-queue';
import type { RequestRecord } from '../cluster/cluster-events';
import type { Connection } from '../connection/connection';
import { BusyConnectionError, ConnectionError, NoConnectionYetError, RequestTimeoutError } from '../errors/connection-errors';
import type { Request, ResponseHandler } from '../connection/request';
import type { Host } from '../cluster/host';
import type { HostView } from '../metadata/host-view';
import type { HostPool, PoolWaiter } from '../cluster/host-pool';
import { NoHostAvailableError, OperationTimedOutError } from '../errors/client-errors';
import { toError } from '../errors/driver-error';
import { UnpreparedError } from '../errors/server-errors';
import { Opcode } from '../protocol/opcodes';
import type { Response } from '../protocol/response';
import type { RetryDecision } from '../policies/retry';
import { decideRetry } from './retry-decision';
import type { ObservedExecution } from './execution-observer';
import type { ExecutionRequest } from './request';
import type { SessionContext } from './session-context';

/**
 * One try on one host. The connection calls it back (a plain object, no closures); with a
 * per-attempt timeout it is also its own entry in the cluster's timeout queue.
 */
class Attempt implements ResponseHandler, Expirable {
  request: Request | null = null;
  /** Answered, failed or cancelled. */
  ended = false;
  deadline = 0;
  constructor(readonly execution: Execution, readonly host: Host, readonly connection: Connection) {}
  get resultColumns() { return this.execution.request.resultColumns; }
  get live(): boolean { return !this.ended; }
  onResponse(r: Response): void { this.execution.onResponse(this, r); }
  onError(e: Error): void { this.execution.onAttemptError(this, e); }
  expired(): void { this.execution.onAttemptExpired(this); }
}

/** An execution waiting for a host's pool to open a connection (no closures: a plain object). */
class PoolWait implements PoolWaiter {
  constructor(readonly execution: Execution, readonly host: Host, readonly pool: HostPool) {}
  connectionReady(): void { this.execution.onPoolReady(this); }
  connectionFailed(e: Error): void { this.execution.onPoolFailed(this, e); }
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

/** What a delivered execution keeps instead of its response. */
const RELEASED: Response = { stream: -1, tracingId: null, warnings: null, customPayload: null, message: { opcode: Opcode.Result, result: { kind: 'void' } } };

/** Receives the one outcome of an execution (synchronously: the outcome is released afterwards). */
export interface OutcomeSink {
  success(outcome: Outcome): void;
  failure(error: Error): void;
}

/** Once it succeeded, the execution is its own outcome (no extra object per request). */
export class Execution implements Unsubscribable, Expirable, Outcome, ObservedExecution {
  /** The answer (set on success). */
  response!: Response;
  /** Endpoint that answered (set on success). */
  host = '';
  latencyMs = 0;
  /** The policy's hosts (views: each attempt uses the host its pool belongs to). */
  private readonly plan: Iterator<HostView>;
  /** Attempts in flight: usually one (no collection allocated); more with speculative executions. */
  private running: Attempt | null = null;
  private runningMore: Attempt[] | null = null;
  /** Each failed host's error; created on the first failure. */
  private errors: Map<string, Error> | null = null;
  /** Endpoints tried, in order. */
  readonly hostsTried: string[] = [];
  private done = false;
  /** The execution timeout ended it: its attempts are expired, not merely cancelled (see Connection.expire). */
  private timedOut = false;
  /** When the execution times out (clock ms); see TimeoutQueue. */
  deadline = 0;
  retries = 0;
  speculativeExecutions = 0;
  /** Attempts sent so far. */
  attempts = 0;
  /** Subscription time: latency counts from here (incl. a wait in the throttle queue). */
  private readonly startedAt: number;
  private speculativeTimer: TimerHandle | null = null;
  private lastError: Error | null = null;
  /** Set while the execution waits for a pool's next connection (every usable host had none). */
  private waiting: PoolWait | null = null;
  /** The last failed re-PREPARE after UNPREPARED (reported instead of UNPREPARED when retries run out). */
  private prepareError: Error | null = null;
  /** First host of the plan whose pool was opening a connection when it had none to lend. */
  private openingHost: HostView | null = null;

  constructor(
    private readonly ctx: SessionContext,
    readonly request: ExecutionRequest,
    private readonly sink: OutcomeSink,
  ) {
    const target = request.targetHost;
    const plan = target !== null ? [target] : request.profile.loadBalancing.newQueryPlan(request.routing);
    // Walked one host at a time: a lazy plan (the default policy's) is never built past what is used.
    this.plan = plan[Symbol.iterator]();
    this.startedAt = ctx.clock.now();
  }

  /** Still waiting for its outcome (the timeout queue skips finished executions). */
  get live(): boolean {
    return !this.done;
  }

  /** Sends the first attempt. `justCreated`: no time passed since construction (no clock read). */
  start(justCreated = false): void {
    this.deadline = (justCreated ? this.startedAt : this.ctx.clock.now()) + this.request.timeoutMs;
    this.ctx.timeouts.add(this, this.request.timeoutMs);
    const obs = this.request.observer;
    if (obs !== null) obs.started(this);
    this.sendToNextHost();
    this.armSpeculative();
  }

  /** @internal The deadline passed (TimeoutQueue). */
  expired(): void {
    if (this.done) return;
    this.timedOut = true;
    this.fail(new OperationTimedOutError(this.request.timeoutMs, this.hostsTried));
  }

  /** @internal The cluster shuts down: end with its error (attempts cancelled). */
  abort(error: Error): void {
    if (this.done) return;
    this.fail(error);
  }

  /** Unsubscribe: cancel everything, emit nothing. */
  unsubscribe(): void {
    if (this.done) return;
    this.finish();
    this.record(undefined, true);
  }

  /** @internal */
  onResponse(a: Attempt, r: Response): void {
    this.settled(a);
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
    this.settled(a);
    if (this.done) return;
    const written = a.request?.written ?? false;
    this.onFailure(a, e, decideRetry(this.request, this.retries, e, written));
  }

  /** @internal The per-attempt timeout passed: abandon this attempt (id orphaned), let the retry policy move on. */
  onAttemptExpired(a: Attempt): void {
    if (a.ended || this.done) return;
    if (a.request) a.connection.expire(a.request);
    this.onAttemptError(a, new RequestTimeoutError(a.host.endpoint, this.request.attemptTimeoutMs));
  }

  /** The attempt got its answer or error: no longer running. */
  private settled(a: Attempt): void {
    a.ended = true;
    if (this.running === a) {
      this.running = this.runningMore?.pop() ?? null;
    } else if (this.runningMore) {
      const i = this.runningMore.indexOf(a);
      if (i >= 0) this.runningMore.splice(i, 1);
    }
  }

  private noteError(endpoint: string, err: Error): void {
    (this.errors ??= new Map()).set(endpoint, err);
  }

  private onFailure(a: Attempt, err: Error, decision: RetryDecision): void {
    this.noteError(a.host.endpoint, err);
    this.lastError = err;
    const obs = this.request.observer;
    if (obs !== null) obs.attemptFailed(this, a.host, err, decision.type);
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
        // A speculative attempt (or a wait for a connection) may still succeed.
        if (this.running === null && this.waiting === null) this.fail(err);
    }
  }

  private sendToNextHost(): void {
    for (;;) {
      const next = this.plan.next();
      if (next.done === true) {
        if (this.running === null && this.waiting === null) {
          if (this.openingHost) {
            this.waitFor(this.openingHost);
            return;
          }
          const errors = this.errors ?? new Map<string, Error>();
          this.fail(errors.size === 1 && this.lastError && !(this.lastError instanceof ConnectionError)
            ? this.lastError
            : new NoHostAvailableError(errors));
        }
        return;
      }
      if (this.sendTo(next.value)) return;
    }
  }

  /** Sends on one host; false (with the reason recorded) when the host cannot take it now. */
  private sendTo(host: HostView): boolean {
    const pool = this.ctx.pool(host, this.request.connectionKeyspace);
    const conn = pool?.borrow() ?? null;
    if (!conn || !pool) {
      if (pool?.isOpening && pool.healthy === 0) {
        this.openingHost ??= host;
        this.noteError(host.endpoint, new NoConnectionYetError(host.endpoint, 'no connection yet (the pool is opening one)'));
      } else if (pool && pool.healthy === 0) {
        this.noteError(host.endpoint, new NoConnectionYetError(host.endpoint, `no open connection (the pool could not open one${pool.keyspace !== undefined ? ` in keyspace "${pool.keyspace}"` : ''}; reconnecting)`));
      } else {
        this.noteError(host.endpoint, pool
          ? new BusyConnectionError(host.endpoint, 'every connection is busy (stream ids and queue full)')
          : new BusyConnectionError(host.endpoint, 'no connection pool (host ignored or down)'));
      }
      return false;
    }
    // The plan holds the policy's views; the attempt (and the observer) get the pool's Host.
    const attempt = new Attempt(this, pool.host, conn);
    try {
      attempt.request = conn.send(this.request.frame(conn, this.attempts > 0), attempt);
    } catch (e) {
      this.noteError(host.endpoint, toError(e, `sending to ${host.endpoint}`));
      return false;
    }
    this.attempts++;
    this.hostsTried.push(host.endpoint);
    const obs = this.request.observer;
    // Another attempt still running: this one is speculative (a retry starts after its failure settled).
    if (obs !== null) obs.attemptSent(this, attempt.host, this.running !== null);
    const attemptTimeout = this.request.attemptTimeoutMs;
    if (attemptTimeout > 0) {
      attempt.deadline = this.ctx.clock.now() + attemptTimeout;
      this.ctx.timeouts.add(attempt, attemptTimeout);
    }
    if (this.running === null) this.running = attempt;
    else (this.runningMore ??= []).push(attempt);
    return true;
  }

  /** Every host lacked a connection and one pool is opening one: wait for it (bounded by the timeout). */
  private waitFor(host: HostView): void {
    this.openingHost = null;
    const pool = this.ctx.pool(host, this.request.connectionKeyspace);
    if (!pool?.isOpening) {
      this.fail(new NoHostAvailableError(this.errors ?? new Map<string, Error>()));
      return;
    }
    this.waiting = new PoolWait(this, pool.host, pool);
    pool.wait(this.waiting);
  }

  /** @internal The pool we waited on opened a connection. */
  onPoolReady(w: PoolWait): void {
    if (this.waiting !== w) return;
    this.waiting = null;
    if (this.done) return;
    if (!this.sendTo(w.host)) this.sendToNextHost();
  }

  /** @internal The pool we waited on could not open a connection. */
  onPoolFailed(w: PoolWait, e: Error): void {
    if (this.waiting !== w) return;
    this.waiting = null;
    if (this.done) return;
    this.noteError(w.host.endpoint, new NoConnectionYetError(w.host.endpoint, `no connection could be opened: ${e.message}`, { cause: e }));
    this.sendToNextHost();
  }

  private armSpeculative(): void {
    if (!this.request.idempotent || this.done) return;
    const delay = this.request.profile.speculativeExecution.nextDelayMs(this.speculativeExecutions + 1);
    if (delay < 0) return;
    this.speculativeTimer = this.ctx.clock.setTimeout(this.onSpeculative, delay);
  }

  private readonly onSpeculative = (): void => {
    this.speculativeTimer = null;
    if (this.done) return;
    this.speculativeExecutions++;
    this.sendToNextHost();
    this.armSpeculative();
  };

  private reprepareAndResend(a: Attempt, err: UnpreparedError): void {
    const ps = this.request.prepared.find((p) => p.id.equals(err.id));
    if (!ps || this.retries > 3) {
      // When preparing again failed (e.g. the keyspace is gone), that error says more than UNPREPARED.
      this.onFailure(a, this.prepareError ?? err, { type: 'rethrow' });
      return;
    }
    this.retries++;
    const obs = this.request.observer;
    if (obs !== null) obs.attemptFailed(this, a.host, err, 'reprepare');
    this.ctx.prepareOn(a.connection, ps).then(
      () => {
        // The new PREPARE answer may carry another result metadata id: encode the frame again.
        this.request.invalidate();
        if (!this.done && !this.sendTo(a.host)) this.sendToNextHost();
      },
      (e: unknown) => {
        const error = toError(e, `re-preparing on ${a.host.endpoint}`);
        this.prepareError = error;
        if (!this.done) this.onFailure(a, error, { type: 'retry-next-host' });
      },
    );
  }

  private succeed(a: Attempt, response: Response): void {
    this.finish();
    this.response = response;
    this.host = a.host.endpoint;
    this.latencyMs = this.ctx.clock.now() - this.startedAt;
    this.record(undefined, false, this.host);
    this.sink.success(this);
    // The timeout queue may hold this execution a while longer: let the page go now.
    this.response = RELEASED;
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
    if (this.speculativeTimer) {
      this.speculativeTimer.cancel();
      this.speculativeTimer = null;
    }
    if (this.waiting) {
      this.waiting.pool.unwait(this.waiting);
      this.waiting = null;
    }
    const first = this.running;
    const more = this.runningMore;
    this.running = null;
    this.runningMore = null;
    if (first) this.abandon(first);
    if (more) for (const other of more) this.abandon(other);
  }

  /** Ends a running attempt; one abandoned by the timeout may reveal a connection whose framing is lost (`expire`). */
  private abandon(a: Attempt): void {
    a.ended = true;
    if (!a.request) return;
    if (this.timedOut) a.connection.expire(a.request);
    else a.connection.cancel(a.request);
  }

  private record(err: Error | undefined, cancelled = false, host?: string): void {
    // A success measured its latency already; other endings read the clock now.
    const latency = host !== undefined ? this.latencyMs : this.ctx.clock.now() - this.startedAt;
    const obs = this.request.observer;
    if (obs !== null) obs.finished(this, host ?? this.hostsTried[this.hostsTried.length - 1], latency, err, cancelled);
    if (!this.ctx.busObserved) {
      if (!cancelled) this.ctx.countRequest(host ?? this.hostsTried[this.hostsTried.length - 1], this.request.routing.keyspace, this.request.shortCql, latency, this.retries, this.speculativeExecutions, err?.name);
      return;
    }
    const record: { -readonly [K in keyof RequestRecord]: RequestRecord[K] } = {
      type: 'request',
      query: this.request.shortCql,
      hosts: this.hostsTried,
      host: host ?? this.hostsTried[this.hostsTried.length - 1],
      attempts: this.attempts,
      retries: this.retries,
      speculativeExecutions: this.speculativeExecutions,
      latencyMs: latency,
      at: Date.now(),
    };
    const keyspace = this.request.routing.keyspace;
    if (keyspace !== undefined) record.keyspace = keyspace;
    if (err) record.error = err.name;
    if (cancelled) record.cancelled = true;
    this.ctx.publish(record);
  }
}
