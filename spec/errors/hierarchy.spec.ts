import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import * as core from '../../lib';
import * as errors from '../../lib/errors';
import * as nestjs from '../../lib/integrations/nestjs';
import * as opentelemetry from '../../lib/integrations/opentelemetry';
import * as prometheus from '../../lib/integrations/prometheus';

type ErrorClass = abstract new (...args: never[]) => Error;

/** Constructor arguments for the classes whose first argument is not a message. */
const SAMPLE_ARGS: Readonly<Record<string, readonly unknown[]>> = {
  ThrownValueError: ['oops', 'test'],
  InvalidValueError: ['parameter 0', 'int', 'string "x"', 'not a number'],
  CqlTypeParseError: ['map<int', 'unclosed <'],
  ConnectionError: ['10.0.0.1:9042', 'm'],
  ConnectTimeoutError: ['10.0.0.1:9042', 'm'],
  ConnectionClosedError: ['10.0.0.1:9042', 'm'],
  DefunctConnectionError: ['10.0.0.1:9042', 'm'],
  BusyConnectionError: ['10.0.0.1:9042', 'm'],
  HandshakeError: ['10.0.0.1:9042', 'm'],
  ProtocolVersionRefusedError: ['10.0.0.1:9042', 5, 'protocol error'],
  AuthenticationFailedError: ['10.0.0.1:9042', 'm'],
  RequestTimeoutError: ['10.0.0.1:9042', 100],
  NoConnectionYetError: ['10.0.0.1:9042', 'm'],
  PoolClosedError: ['10.0.0.1:9042'],
  ContactPointResolutionError: ['db.example', 'no address'],
  NoHostAvailableError: [new Map<string, Error>()],
  OperationTimedOutError: [100, []],
  ThrottleQueueFullError: [1, 2],
  KeyspaceNotFoundError: ['ks'],
  HostNotAvailableError: ['10.0.0.1:9042', 'down'],
  OptionError: ['o', 'r'],
  PrometheusOptionError: ['o', 'r'],
  UnboundedLabelError: ['o', 'r'],
  InstrumentationOptionError: ['o', 'r'],
  CassandraModuleError: ['default', 'contactPoints', 'r'],
  CassandraConnectError: ['default', ['127.0.0.1'], 1, new Error('down')],
  UnknownConnectionError: ['other', 'AppService'],
  UnavailableError: ['m', 6, 3, 1],
  ReplicaTimeoutError: ['m', 6, 1, 2],
  ReadTimeoutError: ['m', 6, 1, 2, false],
  WriteTimeoutError: ['m', 6, 1, 2, 'SIMPLE', null],
  ReplicaFailureError: ['m', 6, 1, 2, 1, null],
  ReadFailureError: ['m', 6, 1, 2, 1, null, false],
  WriteFailureError: ['m', 6, 1, 2, 1, null, 'SIMPLE'],
  CasWriteUnknownError: ['m', 6, 1, 2],
  RequestExecutionError: ['m', 6],
  FunctionFailureError: ['m', 'ks', 'f', ['int']],
  AlreadyExistsError: ['m', 'ks', 't'],
  UnpreparedError: ['m', Buffer.from('01', 'hex')],
  UnknownResponseError: ['m', 0x9999],
};

const isErrorClass = (v: unknown): v is ErrorClass =>
  typeof v === 'function' && (v === Error || v.prototype instanceof Error);

const classesOf = (module: object): Map<string, ErrorClass> =>
  new Map(Object.entries(module).filter((e): e is [string, ErrorClass] => isErrorClass(e[1])));

/** Abstract classes are abstract for TypeScript only: JavaScript constructs them like any other. */
const sample = (name: string, cls: ErrorClass): Error =>
  Reflect.construct(cls, [...(SAMPLE_ARGS[name] ?? ['message'])]) as Error;

const all = classesOf(errors);

/** The group bases users catch, and every exported class each must catch (no more, no less). */
const GROUPS: ReadonlyArray<[ErrorClass, readonly string[]]> = [
  [errors.ConnectionError, ['ConnectTimeoutError', 'ConnectionClosedError', 'DefunctConnectionError', 'BusyConnectionError',
    'HandshakeError', 'ProtocolVersionRefusedError', 'AuthenticationFailedError', 'RequestTimeoutError', 'NoConnectionYetError', 'PoolClosedError']],
  [errors.RequestExecutionError, ['UnavailableError', 'ReplicaTimeoutError', 'ReadTimeoutError', 'WriteTimeoutError',
    'ReplicaFailureError', 'ReadFailureError', 'WriteFailureError', 'CasWriteUnknownError']],
  [errors.ReplicaTimeoutError, ['ReadTimeoutError', 'WriteTimeoutError']],
  [errors.ReplicaFailureError, ['ReadFailureError', 'WriteFailureError']],
  [errors.CoordinatorRefusedError, ['OverloadedError', 'BootstrappingError']],
  [errors.QueryValidationError, ['CqlSyntaxError', 'UnauthorizedError', 'InvalidQueryError', 'ConfigurationError', 'AlreadyExistsError']],
  [errors.ClientRequestError, ['NoHostAvailableError', 'OperationTimedOutError', 'ThrottleQueueFullError', 'StatementError',
    'KeyspaceNotFoundError', 'HostNotAvailableError']],
  [errors.OptionError, ['PrometheusOptionError', 'UnboundedLabelError', 'InstrumentationOptionError']],
  [errors.ClusterStateError, ['ClusterShutdownError']],
];

describe('the error hierarchy (lib/errors)', () => {
  it('exports the classes of every family', () => {
    expect(all.size).toBeGreaterThanOrEqual(50);
  });

  it.each([...all.keys()])('%s extends DriverError and is named after its class', (name) => {
    const cls = all.get(name) as ErrorClass;
    const e = sample(name, cls);
    expect(e).toBeInstanceOf(errors.DriverError);
    expect(e).toBeInstanceOf(Error);
    expect(e.name).toBe(name);
    expect(cls.name).toBe(name);
  });

  it.each(GROUPS.map(([base, members]) => [base.name, base, members] as const))('%s catches exactly its members', (_, base, members) => {
    const caught = [...all].filter(([name, cls]) => cls !== base && sample(name, cls) instanceof base).map(([name]) => name);
    expect(caught.sort()).toEqual([...members].sort());
  });

  it('server error codes are a plain object, one code per concrete server error', () => {
    const codes = Object.values(errors.ServerErrorCode);
    expect(new Set(codes).size).toBe(codes.length);
    const code: errors.ServerErrorCode = errors.ServerErrorCode.ReadTimeout;
    expect(sample('ReadTimeoutError', errors.ReadTimeoutError)).toMatchObject({ code, consistency: 6, received: 1, blockFor: 2, dataPresent: false });
  });

  it('the package entry points export the same classes (one home, re-exported)', () => {
    for (const [name, cls] of all) expect([name, core[name as keyof typeof core]]).toEqual([name, cls]);
    const fromIntegrations = [...classesOf(nestjs), ...classesOf(opentelemetry), ...classesOf(prometheus)]
      .filter(([, cls]) => cls.prototype instanceof errors.DriverError);
    for (const [name, cls] of fromIntegrations) expect(all.get(name)).toBe(cls);
  });

  it('no error class is declared outside lib/errors', () => {
    const root = join(__dirname, '..', '..', 'lib');
    const sources = (dir: string): string[] => readdirSync(dir).flatMap((f) => {
      const p = join(dir, f);
      return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
    });
    const declared = sources(root)
      .filter((f) => !relative(root, f).startsWith('errors'))
      .flatMap((f) => [...readFileSync(f, 'utf8').matchAll(/class (\w+) extends (\w+)/g)]
        .filter((m) => /(Error|Exception)$/.test(m[2] as string))
        .map((m) => `${relative(root, f)}: ${m[1] as string}`));
    // An HTTP 400 for NestJS: it must extend Nest's BadRequestException, not DriverError. The browser
    // client's errors live with it: cassandra-rx/web takes only types from the driver (its bundle
    // must not carry driver code), so they cannot extend DriverError.
    expect(declared).toEqual([
      'integrations/nestjs/streaming/cursor-page.ts: InvalidCursorError',
      ...['WebStreamError', 'StreamUnavailableError', 'ServerStreamError', 'StreamDataError', 'HttpStatusError', 'WebOptionError'].map((c) => `integrations/web/errors.ts: ${c}`),
    ]);
  });
});
