/**
 * Scripted behaviours: what a node does with a matching QUERY / EXECUTE / PREPARE / BATCH.
 * Rules are tried newest first; a rule can be limited to a number of uses.
 */
import type { Writer } from '../../../lib/protocol/writer';
import type { ServerConnection } from './server-connection';
import type { ColumnDef, ReceivedRequest, RowsSpec } from './wire';

export type Behaviour =
  /** Answer with rows. A function receives the request (e.g. to page by its paging state). */
  | { readonly rows: RowsSpec | ((req: ReceivedRequest) => RowsSpec) }
  | { readonly void: true }
  /** A VOID result carrying server warnings (frame flag 0x08). */
  | { readonly voidWithWarnings: readonly string[] }
  /** An ERROR with a code, a message and the code-specific fields written by `fields`. */
  | { readonly error: { readonly code: number; readonly message: string; readonly fields?: (w: Writer) => void } }
  /** Read the request and never answer it. */
  | { readonly noResponse: true }
  /** Close the socket instead of answering. */
  | { readonly closeConnection: true }
  /** Write these raw bytes instead of an answer (breaks framing). */
  | { readonly garbage: Buffer }
  /** Write only the first `bytes` of the real answer, then close. */
  | { readonly truncate: { readonly bytes: number } }
  /** Answer with a correctly framed RESULT whose body cannot be decoded. */
  | { readonly malformedBody: true }
  /** Stop reading from the socket (the client's writes back up); resume with `node.resumeReading()`. */
  | { readonly pause: true }
  /** PREPARE answer with bind variables, partition-key indexes and result columns. */
  | { readonly prepared: { readonly variables?: readonly ColumnDef[]; readonly pkIndexes?: readonly number[]; readonly result?: readonly ColumnDef[] } }
  /**
   * The test answers (or not) itself: `conn.send(frame)` writes a frame with the connection's
   * framing, `conn.wrap(frame)` gives those bytes, `conn.socket.write` writes raw bytes; it may
   * answer now, later (keep `conn`, check `conn.closed`) or never.
   */
  | { readonly custom: (req: ReceivedRequest, conn: ServerConnection) => void };

export type Matcher = string | RegExp | ((req: ReceivedRequest) => boolean);

export interface Rule {
  readonly when: Matcher;
  readonly then: Behaviour;
  /** Delay before acting, ms. Default 0. */
  readonly delayMs?: number;
  /** Number of uses before the rule expires. Default unlimited. */
  times?: number;
}

export function matches(m: Matcher, req: ReceivedRequest): boolean {
  const q = req.query ?? '';
  if (typeof m === 'string') return q.includes(m);
  if (m instanceof RegExp) return m.test(q);
  return m(req);
}

export class Script {
  private readonly rules: Rule[] = [];

  add(rule: Rule): this {
    this.rules.unshift(rule);
    return this;
  }

  clear(): void {
    this.rules.length = 0;
  }

  /** The rule for a request (consuming one use), or undefined for the default behaviour. */
  take(req: ReceivedRequest): Rule | undefined {
    const i = this.rules.findIndex((r) => matches(r.when, req));
    if (i < 0) return undefined;
    const rule = this.rules[i] as Rule;
    if (rule.times !== undefined && --rule.times <= 0) this.rules.splice(i, 1);
    return rule;
  }
}
