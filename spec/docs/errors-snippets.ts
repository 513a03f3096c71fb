/**
 * The code of docs/errors.md, compiled here: errors-docs.spec.ts imports this file (ts-jest
 * type-checks it) and checks that every TypeScript block of the page appears in it verbatim
 * (whitespace aside). Each block is the body of a function, so nothing runs on import.
 */
import { catchError, firstValueFrom, of, throwError } from 'rxjs';
import {
  ClientRequestError, Cluster, ConnectionError, consistencyName, DriverError, NoHostAvailableError, OptionError,
  QueryValidationError, ReplicaTimeoutError, RequestExecutionError, ResponseError, ServerErrorCode, type Session,
} from 'cassandra-rx';

export function catchingGroups(session: Session, id: number): void {
  // --- catching groups
  session.execute('SELECT * FROM orders WHERE id = ?', [id]).pipe(
    catchError((e: unknown) => {
      if (e instanceof ReplicaTimeoutError) return of(`slow replicas: ${e.received}/${e.blockFor} answered at ${consistencyName(e.consistency)}`);
      if (e instanceof RequestExecutionError) return of(`not enough replicas (${e.name}) at ${consistencyName(e.consistency)}`);
      if (e instanceof QueryValidationError) return throwError(() => e); // a bug in the statement: never retry
      if (e instanceof ConnectionError) return of(`connection to ${e.address} failed: ${e.message}`);
      if (e instanceof ClientRequestError) return of(`gave up: ${e.message}`);
      return throwError(() => e);
    }),
  ).subscribe((outcome) => console.log(outcome));
  // --- end
}

export async function noHostAvailable(session: Session): Promise<void> {
  // --- no host available
  try {
    await firstValueFrom(session.execute('SELECT release_version FROM system.local'));
  } catch (e) {
    if (e instanceof NoHostAvailableError) {
      for (const [host, error] of e.errors) console.warn(`${host}: ${error.name} (${error.message})`);
    } else if (e instanceof DriverError) {
      console.warn(`${e.name} on ${e.host ?? 'no particular host'}: ${e.message}`);
    }
  }
  // --- end
}

export function serverCodes(): [(e: unknown) => boolean, Map<ServerErrorCode, string>] {
  // --- server codes
  function isOverload(e: unknown): boolean {
    return e instanceof ResponseError && e.code === ServerErrorCode.Overloaded;
  }
  const codeNames = new Map<ServerErrorCode, string>(Object.entries(ServerErrorCode).map(([name, code]) => [code, name]));
  // --- end
  return [isOverload, codeNames];
}

export function optionErrors(): void {
  // --- option errors
  try {
    new Cluster({ contactPoints: ['127.0.0.1'], localDatacenter: 'dc1', pooling: { localConnections: 0 } });
  } catch (e) {
    if (e instanceof OptionError) console.error(`fix option ${e.option}: ${e.message}`);
  }
  // --- end
}
