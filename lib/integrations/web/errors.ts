/**
 * The browser client's errors: one small hierarchy of its own. They cannot extend the driver's
 * `DriverError`: this entry must not load the driver's code (sockets, Node built-ins) into a
 * browser bundle, so it imports only the driver's types. Catch `WebStreamError` for all of them.
 */

/** Root of every error `cassandra-rx/web` raises. */
export class WebStreamError extends Error {
  override readonly name: string = 'WebStreamError';

  constructor(message: string, readonly url: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}

/**
 * The stream could not be opened, or was lost, and no (further) reconnection is allowed: the API is
 * unreachable, answered an error status, or closed a stream that had not ended. `attempts` counts
 * the connections tried; `opened` tells whether the last one had opened before it was lost.
 */
export class StreamUnavailableError extends WebStreamError {
  override readonly name: string = 'StreamUnavailableError';

  constructor(url: string, readonly attempts: number, readonly opened: boolean) {
    super(opened
      ? `The stream ${url} was lost before its end (connection ${attempts})`
      : `The stream ${url} could not be opened (${attempts} attempt${attempts === 1 ? '' : 's'})`, url);
  }
}

/** The server ended the stream with an `error` event (its message: what the server chose to expose). */
export class ServerStreamError extends WebStreamError {
  override readonly name: string = 'ServerStreamError';

  constructor(url: string, readonly serverMessage: string) {
    super(`The server ended the stream ${url} with an error: ${serverMessage}`, url);
  }
}

/** An event's data is not the JSON its wire shape describes. */
export class StreamDataError extends WebStreamError {
  override readonly name: string = 'StreamDataError';

  constructor(url: string, readonly eventType: string, reason: string, options?: { cause?: unknown }) {
    super(`The stream ${url} sent a ${eventType} event that is not valid: ${reason}`, url, options);
  }
}

/** An HTTP request (a page of a cursor listing) was answered with an error status. */
export class HttpStatusError extends WebStreamError {
  override readonly name: string = 'HttpStatusError';

  /** `body`: the server's error body (`HttpErrorBody` from `CassandraExceptionFilter`), when it sent one. */
  constructor(url: string, readonly status: number, readonly body: { readonly message?: string; readonly code?: string } | null) {
    super(`${url} answered ${status}${body?.message ? `: ${body.message}` : ''}`, url);
  }

  /** A 503 (Cassandra unavailable, worth retrying later) or a network failure (status 0). */
  get transient(): boolean {
    return this.status === 503 || this.status === 0;
  }
}

/** An option given to the client is out of range (thrown when the Observable is created). */
export class WebOptionError extends WebStreamError {
  override readonly name: string = 'WebOptionError';

  constructor(readonly option: string, reason: string) {
    super(`Invalid option ${option}: ${reason}`, '');
  }
}
