/**
 * SASL authentication as the native protocol carries it (AUTHENTICATE → AUTH_RESPONSE ⇄
 * AUTH_CHALLENGE → AUTH_SUCCESS). Credentials live only inside the authenticator; they never
 * appear in logs, errors or events, and `toString`/`inspect` of a provider hide them.
 */
import { inspect } from 'node:util';

/** One authentication exchange on one connection. */
export interface Authenticator {
  /** The first token to send (AUTH_RESPONSE). */
  initialResponse(): Buffer;
  /** The answer to a server challenge (AUTH_CHALLENGE); null token means an empty challenge. */
  evaluateChallenge(challenge: Buffer | null): Buffer;
  /** The server accepted (AUTH_SUCCESS); `token` may carry final data. */
  onSuccess?(token: Buffer | null): void;
}

/** Makes an Authenticator per connection. `authenticatorClass` is what the server named in AUTHENTICATE. */
export interface AuthProvider {
  newAuthenticator(endpoint: string, authenticatorClass: string): Authenticator;
}

class PlainTextAuthenticator implements Authenticator {
  constructor(private readonly token: Buffer) {}
  initialResponse(): Buffer {
    return this.token;
  }
  evaluateChallenge(): Buffer {
    return this.token;
  }
}

/** Username and password for Cassandra's PasswordAuthenticator (SASL PLAIN: `\0user\0password`). */
export class PlainTextAuthProvider implements AuthProvider {
  readonly #username: string;
  readonly #password: string;

  constructor(username: string, password: string) {
    if (typeof username !== 'string' || username.length === 0) {
      throw new TypeError('PlainTextAuthProvider: username must be a non-empty string');
    }
    if (typeof password !== 'string') {
      throw new TypeError('PlainTextAuthProvider: password must be a string');
    }
    this.#username = username;
    this.#password = password;
  }

  newAuthenticator(): Authenticator {
    const user = Buffer.from(this.#username, 'utf8');
    const pass = Buffer.from(this.#password, 'utf8');
    const token = Buffer.alloc(user.length + pass.length + 2);
    user.copy(token, 1);
    pass.copy(token, user.length + 2);
    return new PlainTextAuthenticator(token);
  }

  toString(): string {
    return 'PlainTextAuthProvider(***)';
  }

  toJSON(): string {
    return this.toString();
  }

  [inspect.custom](): string {
    return this.toString();
  }
}
