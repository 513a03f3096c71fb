/**
 * Spans as execution observers. `ExecutionSpan`: one CLIENT span for one execution, started at
 * subscription under the context active then, with an event per attempt. `StreamSpan`: an
 * INTERNAL span for a whole paged stream, with one CLIENT child span per page request (each
 * page's execution starts one and ends it). `PrepareSpan`: the PREPARE an execution sends first
 * (`prepare: true` on a cache miss, a statement whose table changed), a CLIENT child span of it.
 */
import { SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { ResponseError, type AttemptDecision, type ExecutionObserver, type Host, type ObservedExecution } from '../../index';
import { consistencyLevel, queryTextOf, spanName, splitEndpoint, type QueryTextPolicy, type StatementFacts } from './statement-facts';

/** What a span is created from: the statement's facts and the session's keyspace. */
export interface SpanSubject {
  readonly facts: StatementFacts;
  readonly keyspace: string | undefined;
}

export interface SpanConfig {
  readonly tracer: Tracer;
  readonly queryText: QueryTextPolicy;
  readonly attemptEvents: boolean;
}

function startAttributes(cfg: SpanConfig, s: SpanSubject): Attributes {
  const a: Attributes = { 'db.system.name': 'cassandra' };
  if (s.keyspace !== undefined) a['db.namespace'] = s.keyspace;
  if (s.facts.operation !== undefined) a['db.operation.name'] = s.facts.operation;
  if (s.facts.collection !== undefined) a['db.collection.name'] = s.facts.collection;
  const text = queryTextOf(s.facts, cfg.queryText);
  if (text !== undefined) a['db.query.text'] = text;
  return a;
}

/** Records an error on a span: exception event, `error.type`, status code, status ERROR. */
export function recordError(span: Span, error: Error): void {
  // Not the error itself: the SDK would take a server error's numeric `code` for exception.type.
  span.recordException(error.stack !== undefined ? { name: error.name, message: error.message, stack: error.stack } : { name: error.name, message: error.message });
  span.setAttribute('error.type', error.name);
  if (error instanceof ResponseError) span.setAttribute('db.response.status_code', String(error.code));
  span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
}

/** Records one execution's life on `span` (attributes at start, events per attempt, outcome). */
class ExecutionRecorder {
  private hosts: Host[] = [];
  constructor(private readonly attemptEvents: boolean) {}

  /** One `setAttributes` call (the SDK validates and copies per call). */
  started(span: Span, e: ObservedExecution): void {
    const r = e.request;
    const a: Attributes = { 'cassandra.query.idempotent': r.idempotent };
    if (r.keyspace !== undefined) a['db.namespace'] = r.keyspace;
    if (r.consistency !== undefined) a['cassandra.consistency.level'] = consistencyLevel(r.consistency);
    if (r.pageSize !== undefined) a['cassandra.page.size'] = r.pageSize;
    if (r.batchSize !== undefined) a['db.operation.batch.size'] = r.batchSize;
    span.setAttributes(a);
  }

  attemptSent(span: Span, e: ObservedExecution, host: Host, speculative: boolean): void {
    this.hosts.push(host);
    if (!this.attemptEvents) return;
    span.addEvent('cassandra_rx.attempt', {
      'server.address': host.address, 'server.port': host.port,
      'cassandra_rx.attempt.number': e.attempts, 'cassandra_rx.attempt.speculative': speculative,
    });
  }

  attemptFailed(span: Span, host: Host, error: Error, decision: AttemptDecision): void {
    if (!this.attemptEvents) return;
    span.addEvent('cassandra_rx.attempt_failed', {
      'server.address': host.address, 'server.port': host.port,
      'error.type': error.name, 'exception.message': error.message, 'cassandra_rx.retry.decision': decision,
    });
  }

  finished(span: Span, e: ObservedExecution, endpoint: string | undefined, error: Error | undefined, cancelled: boolean): void {
    const a: Attributes = {
      'cassandra.speculative_execution.count': e.speculativeExecutions,
      'cassandra_rx.attempts': e.attempts,
      'cassandra_rx.retries': e.retries,
    };
    const host = endpoint !== undefined ? this.hosts.find((h) => h.endpoint === endpoint) : undefined;
    if (host !== undefined) {
      a['server.address'] = host.address;
      a['server.port'] = host.port;
      if (host.hostId !== undefined) a['cassandra.coordinator.id'] = host.hostId;
      if (host.datacenter !== undefined) a['cassandra.coordinator.dc'] = host.datacenter;
    } else if (endpoint !== undefined) {
      const { address, port } = splitEndpoint(endpoint);
      a['server.address'] = address;
      if (!Number.isNaN(port)) a['server.port'] = port;
    }
    if (cancelled) a['cassandra_rx.cancelled'] = true;
    span.setAttributes(a);
    if (error !== undefined) recordError(span, error);
    this.hosts = [];
  }
}

/** The recorder of a span that is not recorded: never called (its execution runs without an observer). */
const IDLE_RECORDER = new ExecutionRecorder(false);

/** The PREPARE an execution sends before it can run: `PREPARE <table>`, ended when the PREPARE ends. */
export class PrepareSpan implements ExecutionObserver {
  private readonly span: Span;
  private readonly recorder: ExecutionRecorder;

  constructor(cfg: SpanConfig, parent: Context, subject: SpanSubject) {
    this.recorder = new ExecutionRecorder(cfg.attemptEvents);
    const prepare: SpanSubject = { facts: { ...subject.facts, operation: 'PREPARE' }, keyspace: subject.keyspace };
    this.span = cfg.tracer.startSpan(spanName(prepare.facts, prepare.keyspace), { kind: SpanKind.CLIENT, attributes: startAttributes(cfg, prepare) }, parent);
  }

  started(e: ObservedExecution): void { this.recorder.started(this.span, e); }
  attemptSent(e: ObservedExecution, host: Host, speculative: boolean): void { this.recorder.attemptSent(this.span, e, host, speculative); }
  attemptFailed(_e: ObservedExecution, host: Host, error: Error, decision: AttemptDecision): void { this.recorder.attemptFailed(this.span, host, error, decision); }
  finished(e: ObservedExecution, host: string | undefined, _latencyMs: number, error: Error | undefined, cancelled: boolean): void {
    this.recorder.finished(this.span, e, host, error, cancelled);
    this.span.end();
  }
}

/** The span of one execution (`execute`, `batch`): ended by the subscription's end. */
export class ExecutionSpan implements ExecutionObserver {
  private readonly span: Span;
  private readonly recorder: ExecutionRecorder;
  /** False when the tracer does not record this span (no SDK, or sampled out): nothing to observe. */
  readonly recording: boolean;
  private ended = false;
  /** The execution ended with its result: a later unsubscribe (e.g. `firstValueFrom`) is no cancellation. */
  private answered = false;

  constructor(private readonly cfg: SpanConfig, private readonly parent: Context, private readonly subject: SpanSubject) {
    this.span = cfg.tracer.startSpan(spanName(subject.facts, subject.keyspace), { kind: SpanKind.CLIENT, attributes: startAttributes(cfg, subject) }, parent);
    this.recording = this.span.isRecording();
    // Most spans are sampled out in production: they allocate nothing more.
    this.recorder = this.recording ? new ExecutionRecorder(cfg.attemptEvents) : IDLE_RECORDER;
  }

  preparing(): ExecutionObserver {
    return new PrepareSpan(this.cfg, trace.setSpan(this.parent, this.span), this.subject);
  }

  started(e: ObservedExecution): void { this.recorder.started(this.span, e); }
  attemptSent(e: ObservedExecution, host: Host, speculative: boolean): void { this.recorder.attemptSent(this.span, e, host, speculative); }
  attemptFailed(_e: ObservedExecution, host: Host, error: Error, decision: AttemptDecision): void { this.recorder.attemptFailed(this.span, host, error, decision); }
  finished(e: ObservedExecution, host: string | undefined, _latencyMs: number, error: Error | undefined, cancelled: boolean): void {
    // The error (if any) is recorded once, by end(): it also covers errors raised before any execution.
    this.recorder.finished(this.span, e, host, undefined, cancelled);
    if (error !== undefined) this.span.setAttribute('error.type', error.name);
    else if (!cancelled) this.answered = true;
  }

  /** The subscription ended: with an error, completed, or unsubscribed (`cancelled`). Idempotent. */
  end(error?: Error, cancelled = false): void {
    if (this.ended) return;
    this.ended = true;
    if (error !== undefined) recordError(this.span, error);
    else if (cancelled && !this.answered) this.span.setAttribute('cassandra_rx.cancelled', true);
    this.span.end();
  }
}

/** The span of a whole paged stream, with a child span per page request. */
export class StreamSpan implements ExecutionObserver {
  private readonly span: Span;
  private readonly parent: Context;
  private readonly recorder: ExecutionRecorder;
  private page: Span | null = null;
  private pages = 0;
  private ended = false;

  constructor(private readonly cfg: SpanConfig, parent: Context, private readonly subject: SpanSubject) {
    this.recorder = new ExecutionRecorder(cfg.attemptEvents);
    this.span = cfg.tracer.startSpan(`${spanName(subject.facts, subject.keyspace)} (pages)`, { kind: SpanKind.INTERNAL, attributes: startAttributes(cfg, subject) }, parent);
    this.parent = trace.setSpan(parent, this.span);
  }

  /** False when the tracer does not record the stream's span: nothing to observe. */
  get recording(): boolean { return this.span.isRecording(); }

  preparing(): ExecutionObserver {
    return new PrepareSpan(this.cfg, this.parent, this.subject);
  }

  started(e: ObservedExecution): void {
    this.page?.end();
    const attributes = startAttributes(this.cfg, this.subject);
    attributes['cassandra_rx.page.index'] = this.pages++;
    this.page = this.cfg.tracer.startSpan(spanName(this.subject.facts, this.subject.keyspace), { kind: SpanKind.CLIENT, attributes }, this.parent);
    this.recorder.started(this.page, e);
  }

  attemptSent(e: ObservedExecution, host: Host, speculative: boolean): void {
    if (this.page !== null) this.recorder.attemptSent(this.page, e, host, speculative);
  }

  attemptFailed(_e: ObservedExecution, host: Host, error: Error, decision: AttemptDecision): void {
    if (this.page !== null) this.recorder.attemptFailed(this.page, host, error, decision);
  }

  finished(e: ObservedExecution, host: string | undefined, _latencyMs: number, error: Error | undefined, cancelled: boolean): void {
    const page = this.page;
    if (page === null) return; // unsubscribed while queued in the throttle: no page span was started
    this.page = null;
    this.recorder.finished(page, e, host, error, cancelled);
    page.end();
  }

  /** The stream's subscription ended. Idempotent. */
  end(error?: Error, cancelled = false): void {
    if (this.ended) return;
    this.ended = true;
    this.page?.end();
    this.page = null;
    this.span.setAttribute('cassandra_rx.pages', this.pages);
    if (error !== undefined) recordError(this.span, error);
    else if (cancelled) this.span.setAttribute('cassandra_rx.cancelled', true);
    this.span.end();
  }
}
