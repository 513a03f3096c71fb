/**
 * An opt-in exception filter that answers driver errors over HTTP (see `httpAnswerOf` for the
 * mapping) and logs them on the server, 5xx with their stack. Register it globally:
 *
 *   app.useGlobalFilters(new CassandraExceptionFilter({ retryAfterSeconds: 2 }));
 *   // or as a provider: { provide: APP_FILTER, useClass: CassandraExceptionFilter }
 *
 * Only HTTP contexts are answered; in others (RPC, WebSocket) the error is rethrown unchanged.
 */
import { Catch, Inject, Logger, Optional, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { DriverError } from '../../../index';
import { httpAnswerOf, type CassandraHttpErrorOptions, type HttpAnswer } from './http-answer';

/** Token for the filter's options when Nest builds it (`{ provide: CASSANDRA_HTTP_ERROR_OPTIONS, useValue }`). */
export const CASSANDRA_HTTP_ERROR_OPTIONS = 'cassandra-rx:http-error-options';

/** The part of Node's `ServerResponse` the filter uses when no HTTP adapter is at hand. */
interface NodeResponse {
  headersSent: boolean;
  statusCode: number;
  setHeader(name: string, value: string): unknown;
  end(body: string): unknown;
}

function isNodeResponse(res: unknown): res is NodeResponse {
  const r = res as Partial<NodeResponse> | null;
  return typeof r === 'object' && r !== null && typeof r.setHeader === 'function' && typeof r.end === 'function';
}

@Catch(DriverError)
export class CassandraExceptionFilter implements ExceptionFilter<DriverError> {
  private readonly logger = new Logger('Cassandra');

  constructor(
    @Optional() @Inject(CASSANDRA_HTTP_ERROR_OPTIONS) private readonly options: CassandraHttpErrorOptions = {},
    @Optional() private readonly adapterHost?: HttpAdapterHost,
  ) {}

  catch(error: DriverError, host: ArgumentsHost): void {
    if (host.getType() !== 'http') throw error;
    const answer = httpAnswerOf(error, this.options ?? {});
    if (answer.status >= 500) this.logger.error(`${error.name}: ${error.message}`, error.stack);
    else this.logger.warn(`${error.name}: ${error.message}`);
    this.reply(host.switchToHttp().getResponse<unknown>(), answer);
  }

  private reply(res: unknown, answer: HttpAnswer): void {
    const adapter = this.adapterHost?.httpAdapter;
    if (adapter) {
      if (adapter.isHeadersSent(res)) return;
      if (answer.retryAfterSeconds !== undefined) adapter.setHeader(res, 'Retry-After', String(answer.retryAfterSeconds));
      adapter.reply(res, answer.body, answer.status);
      return;
    }
    // Express's response is Node's ServerResponse; Fastify's reply keeps it as `raw`.
    const node = isNodeResponse(res) ? res : isNodeResponse((res as { raw?: unknown }).raw) ? (res as { raw: NodeResponse }).raw : null;
    if (!node || node.headersSent) return;
    node.statusCode = answer.status;
    node.setHeader('Content-Type', 'application/json; charset=utf-8');
    if (answer.retryAfterSeconds !== undefined) node.setHeader('Retry-After', String(answer.retryAfterSeconds));
    node.end(JSON.stringify(answer.body));
  }
}
