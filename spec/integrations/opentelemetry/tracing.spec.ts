import { context, SpanKind, SpanStatusCode, trace } from '@opentelemetry/api';
import { AlwaysOffSampler, BasicTracerProvider, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { firstValueFrom, lastValueFrom, take, toArray } from 'rxjs';
import { instrument, InstrumentationOptionError, type TracedSession } from '../../../lib/integrations/opentelemetry';
import { OptionError } from '../../../lib';
import { Opcode } from '../../../lib/protocol/opcodes';
import type { Writer } from '../../../lib/protocol/writer';
import { error, onAll, startSession, stopSession, waitFor, type Setup } from '../../session/scripted-session';
import { parentOf, startTracing, type TraceKit } from './otel-kit';

const text = { kind: 'text' } as const;
const answer = (v: string) => ({ rows: { columns: [{ name: 'v', type: text }], rows: [[v]] } });
const unavailable = (w: Writer): void => { w.short(1).int(1).int(0); };

describe('cassandra-rx/opentelemetry tracing (scripted 3-node cluster, in-memory exporter)', () => {
  let s: Setup;
  let kit: TraceKit;
  let traced: TracedSession;
  beforeEach(async () => {
    s = await startSession();
    kit = startTracing();
    traced = instrument(s.session, { tracer: kit.provider.getTracer('test') });
  });
  afterEach(async () => {
    await kit.close();
    await stopSession(s);
  });

  it('one CLIENT span per execution with the database conventions, an event per attempt and the retry decision', async () => {
    onAll(s.sim, 'SELECT v FROM shop.items', answer('ok'));
    onAll(s.sim, 'SELECT v FROM shop.items', error(0x1000, 'unavailable', unavailable), { times: 1 });
    const rs = await firstValueFrom(traced.execute('SELECT v FROM shop.items WHERE id = 7', undefined, { keyspace: 'shop', consistency: 6 }));
    const [span] = kit.spans();
    expect(kit.spans()).toHaveLength(1);
    expect(span?.name).toBe('SELECT shop.items');
    expect(span?.kind).toBe(SpanKind.CLIENT);
    const [coordAddress, coordPort] = rs.info.host.split(':');
    expect(span?.attributes).toMatchObject({
      'db.system.name': 'cassandra', 'db.namespace': 'shop', 'db.operation.name': 'SELECT', 'db.collection.name': 'shop.items',
      'server.address': coordAddress, 'server.port': Number(coordPort), 'cassandra.consistency.level': 'local_quorum',
      'cassandra.query.idempotent': true, 'cassandra.page.size': 5000, 'cassandra_rx.attempts': 2, 'cassandra_rx.retries': 1,
      'cassandra.speculative_execution.count': 0,
    });
    expect(span?.attributes['db.query.text']).toBeUndefined();
    expect(span?.attributes['cassandra_rx.cancelled']).toBeUndefined(); // firstValueFrom unsubscribes after the answer
    expect(typeof span?.attributes['cassandra.coordinator.id']).toBe('string');
    expect(span?.events.map((e) => [e.name, e.attributes?.['cassandra_rx.retry.decision'] ?? e.attributes?.['cassandra_rx.attempt.number']])).toEqual([
      ['cassandra_rx.attempt', 1], ['cassandra_rx.attempt_failed', 'retry-next-host'], ['cassandra_rx.attempt', 2],
    ]);
    expect(span?.events[1]?.attributes?.['error.type']).toBe('UnavailableError');
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('the parent is the context active at SUBSCRIPTION: one cold Observable, two subscriptions, two parents', async () => {
    onAll(s.sim, 'SELECT cold', answer('ok'));
    const tracer = kit.provider.getTracer('app');
    const cold$ = traced.execute('SELECT cold FROM t'); // created outside any span
    const parentA = tracer.startSpan('request A');
    const parentB = tracer.startSpan('request B');
    await context.with(trace.setSpan(context.active(), parentA), () => firstValueFrom(cold$));
    await context.with(trace.setSpan(context.active(), parentB), async () => {
      await new Promise<void>((r) => setImmediate(r)); // an await across a macrotask: the async context manager carries it
      return firstValueFrom(cold$);
    });
    parentA.end();
    parentB.end();
    const spans = kit.named('SELECT t');
    expect(spans).toHaveLength(2);
    expect(spans.map(parentOf)).toEqual([parentA.spanContext().spanId, parentB.spanContext().spanId]);
    expect(spans.map((x) => x.spanContext().traceId)).toEqual([parentA.spanContext().traceId, parentB.spanContext().traceId]);
    await firstValueFrom(cold$); // no active span: a root span
    expect(parentOf(kit.named('SELECT t')[2] as (typeof spans)[0])).toBeUndefined();
  });

  it('an error: status ERROR, error.type, db.response.status_code, the exception recorded', async () => {
    onAll(s.sim, 'INSERT bad', error(0x2200, 'no such table'));
    await expect(firstValueFrom(traced.execute('INSERT bad INTO t (k) VALUES (1)'))).rejects.toThrow('no such table');
    const [span] = kit.spans();
    expect(span?.status).toEqual({ code: SpanStatusCode.ERROR, message: 'no such table' });
    expect(span?.attributes).toMatchObject({ 'error.type': 'InvalidQueryError', 'db.response.status_code': String(0x2200), 'db.operation.name': 'INSERT' });
    expect(span?.events.map((e) => [e.name, e.attributes?.['exception.type']])).toContainEqual(['exception', 'InvalidQueryError']);
    // A statement error raised before anything is sent is recorded too.
    await expect(firstValueFrom(traced.execute('SELECT x FROM t', [], { profile: 'nope' }))).rejects.toThrow('nope');
    expect(kit.spans()[1]?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('paging: a span for the stream, one CLIENT child span per page request; take() ends it as cancelled', async () => {
    onAll(s.sim, 'SELECT v FROM paged', {
      rows: (r) => {
        const p = r.pagingState ? r.pagingState.readUInt8(0) : 0;
        return { columns: [{ name: 'v', type: text }], rows: [[`p${p}`]], pagingState: p < 2 ? Buffer.from([p + 1]) : null };
      },
    });
    const rows = await lastValueFrom(traced.stream('SELECT v FROM paged', undefined, { fetchSize: 1 }).pipe(toArray()));
    expect(rows.map((r) => r['v'])).toEqual(['p0', 'p1', 'p2']);
    const [stream] = kit.named('SELECT paged (pages)');
    const pages = kit.named('SELECT paged');
    expect(stream?.kind).toBe(SpanKind.INTERNAL);
    expect(stream?.attributes['cassandra_rx.pages']).toBe(3);
    expect(pages.map((p) => p.attributes['cassandra_rx.page.index'])).toEqual([0, 1, 2]);
    expect(pages.every((p) => parentOf(p) === stream?.spanContext().spanId && p.kind === SpanKind.CLIENT)).toBe(true);
    expect(pages.every((p) => p.attributes['cassandra.page.size'] === 1 && p.events.length === 1)).toBe(true);

    kit.exporter.reset();
    await lastValueFrom(traced.pages('SELECT v FROM paged', undefined, { fetchSize: 1 }).pipe(take(1), toArray()));
    await waitFor(() => kit.named('SELECT paged (pages)').length > 0); // the cancelled stream span ended
    expect(kit.named('SELECT paged (pages)')[0]?.attributes['cassandra_rx.cancelled']).toBe(true);
    expect(kit.named('SELECT paged').length).toBeGreaterThanOrEqual(1);
  });

  it('iterate and batch are traced too', async () => {
    onAll(s.sim, 'SELECT it', answer('x'));
    const seen: unknown[] = [];
    for await (const row of traced.iterate('SELECT it FROM t')) seen.push(row['v']);
    expect(seen).toEqual(['x']);
    expect(kit.named('SELECT t (pages)')).toHaveLength(1);
    await firstValueFrom(traced.batch([{ query: 'INSERT INTO t (k) VALUES (1)' }, { query: 'INSERT INTO t (k) VALUES (2)' }]));
    const [batch] = kit.named('BATCH');
    expect(batch?.attributes).toMatchObject({ 'db.operation.name': 'BATCH', 'db.operation.batch.size': 2 });
  });

  it('prepare: true on a cache miss: a PREPARE child span under the execution; a cache hit has none; a failed PREPARE is an ERROR on both', async () => {
    const int = { kind: 'int' } as const;
    const isPrepare = (q: string) => (r: { opcode: number; query?: string }) => r.opcode === Opcode.Prepare && (r.query ?? '').includes(q);
    onAll(s.sim, isPrepare('FROM shop.prep'), { prepared: { variables: [{ name: 'k', type: int }], pkIndexes: [0], result: [{ name: 'v', type: int }] } });
    onAll(s.sim, (r) => r.opcode === Opcode.Execute, { rows: { columns: [{ name: 'v', type: int }], rows: [[7]], noMetadata: true } });
    const q = 'SELECT v FROM shop.prep WHERE k = ?';
    await firstValueFrom(traced.execute(q, [1], { prepare: true }));
    await firstValueFrom(traced.execute(q, [2], { prepare: true }));
    const spans = kit.spans();
    const executions = spans.filter((x) => x.name === 'SELECT shop.prep');
    const prepares = spans.filter((x) => x.name === 'PREPARE shop.prep');
    expect(executions).toHaveLength(2);
    expect(prepares).toHaveLength(1);
    const prepare = prepares[0] as (typeof spans)[0];
    // The parent is the first execution (the miss); the second (a hit) has no child.
    expect(parentOf(prepare)).toBe(executions[0]?.spanContext().spanId);
    expect(prepare.kind).toBe(SpanKind.CLIENT);
    expect(prepare.attributes).toMatchObject({ 'db.operation.name': 'PREPARE', 'db.collection.name': 'shop.prep', 'cassandra_rx.attempts': 1 });
    expect(prepare.events.map((e) => e.name)).toEqual(['cassandra_rx.attempt']);

    onAll(s.sim, isPrepare('FROM shop.broken'), error(0x2200, 'unconfigured table broken'));
    await expect(firstValueFrom(traced.execute('SELECT v FROM shop.broken WHERE k = ?', [1], { prepare: true }))).rejects.toThrow('unconfigured');
    const failed = kit.spans().find((x) => x.name === 'PREPARE shop.broken');
    const failedExecution = kit.spans().find((x) => x.name === 'SELECT shop.broken');
    expect(failed?.status.code).toBe(SpanStatusCode.ERROR);
    expect(failed?.attributes['error.type']).toBe('InvalidQueryError');
    expect(failed !== undefined && parentOf(failed)).toBe(failedExecution?.spanContext().spanId);
    expect(failedExecution?.status.code).toBe(SpanStatusCode.ERROR);
  });

  it('a span the tracer does not record (sampled out) observes nothing: the execution runs as untraced', async () => {
    onAll(s.sim, 'SELECT v', answer('ok'));
    const provider = new BasicTracerProvider({ sampler: new AlwaysOffSampler(), spanProcessors: [new SimpleSpanProcessor(kit.exporter)] });
    const sampledOut = instrument(s.session, { tracer: provider.getTracer('off') });
    const calls = jest.spyOn(s.session, 'execute');
    const streams = jest.spyOn(s.session, 'pages');
    try {
      await firstValueFrom(sampledOut.execute('SELECT v FROM t'));
      await lastValueFrom(sampledOut.pages('SELECT v FROM t'));
      await firstValueFrom(traced.execute('SELECT v FROM t')); // the recorded one passes its observer
      // pages() runs its page executions through execute() too: every one untraced but the last call.
      const observed = calls.mock.calls.map((c) => c[2]?.observer !== undefined);
      expect(observed.slice(0, -1).every((o) => !o)).toBe(true);
      expect(observed[observed.length - 1]).toBe(true);
      expect(streams.mock.calls[0]?.[2]?.observer).toBeUndefined();
      expect(kit.spans().map((x) => x.name)).toEqual(['SELECT t']);
    } finally {
      calls.mockRestore();
      streams.mockRestore();
      await provider.shutdown();
    }
  });

  it('db.query.text only with an option: sanitized (literals replaced) or full', async () => {
    onAll(s.sim, 'SELECT q', answer('x'));
    const cql = "SELECT q FROM t WHERE name = 'alice' AND id = 42 AND u = 0x0fab AND k = ?";
    await firstValueFrom(instrument(s.session, { tracer: kit.provider.getTracer('t'), queryText: 'sanitized' }).execute(cql, ['k']));
    await firstValueFrom(instrument(s.session, { tracer: kit.provider.getTracer('t'), queryText: 'full' }).execute(cql, ['k']));
    expect(kit.spans().map((x) => x.attributes['db.query.text'])).toEqual([
      'SELECT q FROM t WHERE name = ? AND id = ? AND u = ? AND k = ?', cql,
    ]);
  });

  it('bad options are an InstrumentationOptionError at setup, naming the option', () => {
    const bad = (o: object): unknown => { try { instrument(s.session, o); return null; } catch (e) { return e; } };
    const e1 = bad({ queryText: 'raw' });
    expect(e1).toBeInstanceOf(InstrumentationOptionError);
    expect(e1).toBeInstanceOf(OptionError);
    expect((e1 as InstrumentationOptionError).option).toBe('tracing.queryText');
    expect((bad({ attributePolicy: 'all' }) as InstrumentationOptionError).option).toBe('tracing.attributePolicy');
    expect((bad({ tracer: {} }) as InstrumentationOptionError).option).toBe('tracing.tracer');
  });
});
