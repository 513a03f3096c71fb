/**
 * Turns an execution's outcome into what the subscriber gets: a ResultSet for rows and void
 * (USE is the session's own business: see Session.use); for schema changes, the result
 * comes after schema agreement (bounded) and the metadata refresh. Also the throttle slot.
 */
import type { Subscriber, Unsubscribable } from 'rxjs';
import { ProtocolError } from '../errors/codec-errors';
import { Opcode } from '../protocol/opcodes';
import type { SchemaChange } from '../protocol/events';
import type { RowsResult } from '../protocol/result';
import type { ColumnSpec } from '../protocol/result-metadata';
import { Execution, type Outcome, type OutcomeSink } from './execution';
import type { ExecutionRequest } from './request';
import { ResultSet, rowFactory, type ExecutionInfo, type Row } from './result-set';
import type { SessionContext } from './session-context';
import type { Startable, Throttle } from './throttle';
import type { TypeRegistry } from '../types/type-registry';
import { convertRows } from './typed-rows';

/** What a result needs from the cluster beyond SessionContext. */
export interface ResultContext extends SessionContext {
  readonly throttle: Throttle | null;
  /** Registered codecs and user types (rows are converted by them unless it is empty). */
  readonly types: TypeRegistry;
  afterSchemaChange(change: SchemaChange): Promise<boolean>;
}

export class ResultSink<T extends object> implements OutcomeSink, Startable, Unsubscribable {
  private readonly execution: Execution;
  private started = false;
  private ended = false;

  constructor(private readonly ctx: ResultContext, private readonly request: ExecutionRequest, private readonly subscriber: Subscriber<ResultSet<T>>) {
    this.execution = new Execution(ctx, request, this);
  }

  /** Starts now or through the throttle. */
  begin(): void {
    if (this.ctx.throttle) this.ctx.throttle.submit(this);
    else this.start(true);
  }

  /** `justCreated`: started straight from `begin` (no wait in the throttle queue). */
  start(justCreated = false): void {
    if (this.ended) {
      this.ctx.throttle?.release();
      return;
    }
    this.started = true;
    this.execution.start(justCreated);
  }

  failed(error: Error): void {
    this.end();
    this.subscriber.error(error);
  }

  unsubscribe(): void {
    if (this.ended) return;
    this.execution.unsubscribe();
    this.end();
  }

  success(o: Outcome): void {
    const warnings = o.response.warnings;
    if (warnings !== null && warnings.length > 0) this.warn(warnings, o.host);
    const m = o.response.message;
    if (m.opcode !== Opcode.Result) {
      this.failure(new ProtocolError(`Unexpected answer (opcode ${m.opcode}) to ${this.request.cql.slice(0, 80)}`));
      return;
    }
    const result = m.result;
    switch (result.kind) {
      case 'rows': {
        let rs: ResultSet<T>;
        try {
          rs = this.rows(result, o);
        } catch (e) {
          this.failure(e as Error); // a registered conversion failed, or a registered type no longer matches
          return;
        }
        this.emit(rs);
        return;
      }
      case 'schemaChange': {
        const i = info(o, null);
        this.ctx.afterSchemaChange(result).then(
          (agreed) => this.emit(new ResultSet<T>([], [], { ...i, schemaInAgreement: agreed })),
          (e: unknown) => this.failure(e as Error),
        );
        return;
      }
      default:
        this.emit(new ResultSet<T>([], [], info(o, null)));
    }
  }

  /** Server warnings reach `log$` (level warn) with the statement that caused them. */
  private warn(warnings: readonly string[], host: string): void {
    const statement = this.request.shortCql;
    for (const w of warnings) this.ctx.publish({ type: 'log', level: 'warn', message: `server warning from ${host} for "${statement}": ${w}`, at: Date.now() });
  }

  failure(error: Error): void {
    if (this.ended) return;
    this.end();
    this.subscriber.error(error);
  }

  private rows(result: RowsResult, o: Outcome): ResultSet<T> {
    const md = result.metadata;
    const prepared = this.request.message.kind === 'execute' ? this.request.message.bound.prepared : null;
    if (prepared && md.newMetadataId) {
      // v5 Metadata_changed: the table changed; later executions must use the new metadata.
      prepared.resultMetadataId = md.newMetadataId;
      if (md.columns) prepared.resultColumns = md.columns;
      this.request.invalidate();
    }
    const columns: readonly ColumnSpec[] = md.columns ?? prepared?.resultColumns ?? [];
    const make = prepared !== null && columns === prepared.resultColumns ? prepared.rowMaker<T>() : rowFactory<T>(columns);
    const values = result.rows ?? [];
    if (!this.ctx.types.isEmpty && values.length > 0) convertRows(this.ctx.types, columns, values);
    const rows = new Array<Row<T>>(values.length);
    for (let i = 0; i < values.length; i++) rows[i] = make(values[i] as unknown[]);
    return new ResultSet<T>(rows, columns, info(o, md.pagingState));
  }

  private emit(rs: ResultSet<T>): void {
    if (this.ended) return;
    this.end();
    this.subscriber.next(rs);
    this.subscriber.complete();
  }

  private end(): void {
    this.ended = true;
    if (this.started) {
      this.started = false;
      this.ctx.throttle?.release();
    } else {
      this.ctx.throttle?.withdraw(this);
    }
  }
}

function info(o: Outcome, pagingState: Buffer | null): ExecutionInfo {
  const r = o.response;
  return {
    hostsTried: o.hostsTried,
    host: o.host,
    attempts: o.attempts,
    retries: o.retries,
    speculativeExecutions: o.speculativeExecutions,
    warnings: r.warnings ?? [],
    traceId: r.tracingId ? formatUuid(r.tracingId) : null,
    pagingState,
    customPayload: r.customPayload,
    latencyMs: o.latencyMs,
  };
}

function formatUuid(b: Buffer): string {
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}
