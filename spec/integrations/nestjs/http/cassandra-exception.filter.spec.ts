import { Controller, Get, NotFoundException, Param } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import {
  AuthenticationFailedError, ClusterStateError, HandshakeError, ConnectionClosedError, CqlSyntaxError, DriverError, InvalidQueryError,
  InvalidValueError, MappingError, NoHostAvailableError, OperationTimedOutError, OverloadedError, ReadFailureError, ReadTimeoutError,
  StatementError, ThrottleQueueFullError, UnauthorizedError, UnavailableError, WriteTimeoutError,
} from '../../../../lib';
import { CASSANDRA_HTTP_ERROR_OPTIONS, CassandraExceptionFilter, httpAnswerOf } from '../../../../lib/integrations/nestjs';
import { http, startApp } from '../scripted-app';

const secretHost = '10.1.2.3:9042';
const errors: Record<string, DriverError> = {
  unavailable: new UnavailableError('Cannot achieve consistency level QUORUM', 6, 2, 1),
  overloaded: new OverloadedError('Server is overloaded'),
  readTimeout: new ReadTimeoutError('Operation timed out - received only 0 responses', 6, 0, 2, false),
  writeTimeout: new WriteTimeoutError('Operation timed out', 6, 1, 2, 'SIMPLE', null),
  timedOut: new OperationTimedOutError(12000, [secretHost]),
  noHost: new NoHostAvailableError(new Map([[secretHost, new ConnectionClosedError(secretHost, 'socket closed')]])),
  throttle: new ThrottleQueueFullError(256, 1000),
  closed: new ClusterStateError('The cluster was shut down'),
  connection: new ConnectionClosedError(secretHost, 'reset by peer'),
  value: new InvalidValueError('parameter 1 ("price")', 'decimal', 'string "abc"', 'expected a number or BigDecimal'),
  syntax: new CqlSyntaxError("line 1:7 no viable alternative at input 'FORM'"),
  invalid: new InvalidQueryError('Undefined column name pwd_hash in table users'),
  unauthorized: new UnauthorizedError('User app has no SELECT permission on <table secrets.keys>'),
  failure: new ReadFailureError('Tombstones', 6, 0, 2, 1, null, false),
  auth: new AuthenticationFailedError(secretHost, 'Provided username admin and/or password are incorrect'),
  statement: new StatementError('Unknown named parameter "x"'),
  handshake: new HandshakeError(secretHost, 'no common protocol version'),
  mappedValue: new MappingError('shop.products', 'price', 'price', 'the value does not fit decimal',
    { cause: new InvalidValueError('parameter 3 ("price")', 'decimal', 'string "abc"', 'expected a number or BigDecimal') }),
  mappingBug: new MappingError('shop.products', 'colour', undefined, 'not a mapped property'),
};

@Controller('fail')
class FailingController {
  @Get(':kind')
  fail(@Param('kind') kind: string): never {
    if (kind === 'http') throw new NotFoundException('no such product');
    if (kind === 'plain') throw new Error('plain bug');
    throw errors[kind] as DriverError;
  }
}

describe('httpAnswerOf', () => {
  it.each([
    ['unavailable', 503], ['overloaded', 503], ['readTimeout', 503], ['writeTimeout', 503], ['timedOut', 503], ['noHost', 503],
    ['throttle', 503], ['closed', 503], ['connection', 503], ['value', 400], ['syntax', 500], ['invalid', 500],
    ['unauthorized', 500], ['failure', 500], ['auth', 500], ['handshake', 500], ['statement', 500], ['mappedValue', 400], ['mappingBug', 500],
  ])('%s → %i', (kind, status) => {
    const a = httpAnswerOf(errors[kind] as DriverError);
    expect(a.status).toBe(status);
    expect(a.body.statusCode).toBe(status);
    expect(a.retryAfterSeconds).toBe(status === 503 ? 5 : undefined);
    const text = JSON.stringify(a.body);
    expect(text).not.toContain(secretHost);
    expect(text).not.toMatch(/admin|password|secrets|pwd_hash|FORM/);
  });

  it('takes the Retry-After and the caller-error rule from its options', () => {
    const options = { retryAfterSeconds: (e: DriverError) => (e instanceof OverloadedError ? 30 : 1), isCallerError: (e: DriverError) => e instanceof StatementError };
    expect(httpAnswerOf(errors['overloaded'] as DriverError, options).retryAfterSeconds).toBe(30);
    expect(httpAnswerOf(errors['unavailable'] as DriverError, options).retryAfterSeconds).toBe(1);
    expect(httpAnswerOf(errors['statement'] as DriverError, options)).toMatchObject({ status: 400, body: { message: 'Unknown named parameter "x"' } });
    expect(httpAnswerOf(errors['value'] as DriverError, options).status).toBe(500);
  });
});

describe('CassandraExceptionFilter over HTTP', () => {
  for (const how of ['new (useGlobalFilters)', 'APP_FILTER provider'] as const) {
    it(`answers driver errors and leaves other errors to Nest: ${how}`, async () => {
      const providers = how === 'APP_FILTER provider'
        ? [{ provide: APP_FILTER, useClass: CassandraExceptionFilter }, { provide: CASSANDRA_HTTP_ERROR_OPTIONS, useValue: { retryAfterSeconds: 2 } }]
        : [];
      const { app, url: base } = await startApp({ controllers: [FailingController], providers }, true, (nest) => {
        if (how === 'new (useGlobalFilters)') nest.useGlobalFilters(new CassandraExceptionFilter({ retryAfterSeconds: 2 }));
      });
      try {
        const unavailable = await http(`${base}/fail/noHost`);
        expect(unavailable.status).toBe(503);
        expect(unavailable.headers['retry-after']).toBe('2');
        expect(JSON.parse(unavailable.body)).toEqual({
          statusCode: 503, error: 'Service Unavailable', message: 'The database is temporarily unavailable; retry later', code: 'NoHostAvailableError',
        });
        const bad = await http(`${base}/fail/value`);
        expect(bad.status).toBe(400);
        expect(JSON.parse(bad.body)).toMatchObject({ code: 'InvalidValueError', message: expect.stringContaining('parameter 1 ("price")') });
        const bug = await http(`${base}/fail/syntax`);
        expect(bug.status).toBe(500);
        expect(bug.body).not.toContain('FORM');
        expect(bug.body).not.toContain('at ');
        expect((await http(`${base}/fail/http`)).status).toBe(404);
        expect((await http(`${base}/fail/plain`)).status).toBe(500);
      } finally {
        await app.close();
      }
    });
  }
});
