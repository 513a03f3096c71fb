/**
 * Errors of the NestJS integration (`cassandra-rx/nestjs`). Each names the connection and, for
 * wrong configuration, the option; they fail the application's bootstrap (`NestFactory.create`
 * rejects), so a service never starts listening with a broken or unreachable database.
 */
import { DriverError } from './driver-error';

/** Wrong or missing module configuration. `option` names it (e.g. `contactPoints`, `useFactory`). */
export class CassandraModuleError extends DriverError {
  override readonly name: string = 'CassandraModuleError';

  constructor(
    /** The connection name ('default' unless configured). */
    readonly connection: string,
    /** The option at fault, as written in the module options. */
    readonly option: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`Cassandra connection "${connection}": invalid option ${option}: ${reason}`, options);
  }
}

/**
 * The connection could not be established at start-up (every attempt failed). `cause` is the
 * driver's last error (usually a `NoHostAvailableError` listing each contact point's failure).
 */
export class CassandraConnectError extends DriverError {
  override readonly name: string = 'CassandraConnectError';

  constructor(
    readonly connection: string,
    readonly contactPoints: readonly string[],
    readonly attempts: number,
    cause: unknown,
  ) {
    const why = cause instanceof Error ? `${cause.name}: ${cause.message}` : String(cause);
    super(
      `Cassandra connection "${connection}" could not connect to ${contactPoints.join(', ')} ` +
        `(${attempts} attempt${attempts === 1 ? '' : 's'}): ${why}`,
      { cause },
    );
  }
}

/** A session or cluster was injected for a connection name that no `CassandraModule` configures. */
export class UnknownConnectionError extends DriverError {
  override readonly name: string = 'UnknownConnectionError';

  constructor(readonly connection: string, readonly requestedBy: string, readonly keyspace?: string) {
    super(
      `${requestedBy} injects ${keyspace === undefined ? '' : `the "${keyspace}" session of `}Cassandra connection ` +
        `"${connection}", which no CassandraModule.forRoot/forRootAsync configures in this application ` +
        `(option name: "${connection}")`,
    );
  }
}
