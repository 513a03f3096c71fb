/**
 * Waiting primitives: poll a node's log from a byte offset for a pattern,
 * probe a TCP port, poll a condition — each with a deadline and with an
 * early failure (plus the log tail) when the node's JVM dies meanwhile.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

export function fileSize(file: string): number {
  try {
    return fs.statSync(file).size;
  } catch {
    return 0;
  }
}

/** Text of `file` from byte `offset` on ('' when missing). */
export function readFrom(file: string, offset: number): string {
  let fd: number;
  try {
    fd = fs.openSync(file, 'r');
  } catch {
    return '';
  }
  try {
    const size = fs.fstatSync(fd).size;
    if (size <= offset) return '';
    const buffer = Buffer.alloc(size - offset);
    fs.readSync(fd, buffer, 0, buffer.length, offset);
    return buffer.toString('utf8');
  } finally {
    fs.closeSync(fd);
  }
}

/** Last `lines` lines of each existing file, labelled. */
export function tail(files: readonly string[], lines = 40): string {
  return files
    .filter((f) => fs.existsSync(f))
    .map((f) => {
      const all = fs.readFileSync(f, 'utf8').split('\n');
      return `--- ${f} (last ${lines} lines) ---\n${all.slice(-lines - 1).join('\n')}`;
    })
    .join('\n');
}

export interface WaitContext {
  /** Used in error messages, e.g. `node 2 (127.0.0.2)`. */
  readonly label: string;
  readonly timeoutMs: number;
  /** Returns false once the process died: the wait fails at once. */
  readonly alive: () => boolean;
  /** Logs whose tail goes into the error. */
  readonly logs: readonly string[];
}

export class NodeStartError extends Error {
  override readonly name = 'NodeStartError';
}

/**
 * Poll `check` every `intervalMs` until it returns true. The process counts as gone after two
 * polls in a row that found it gone: one reading of /proc can miss a process that is there
 * (a CI run once failed a 3-node start at its first poll, with no JVM output at all).
 */
export async function waitUntil(what: string, ctx: WaitContext, check: () => boolean | Promise<boolean>, intervalMs = 250): Promise<void> {
  const deadline = Date.now() + ctx.timeoutMs;
  let gone = 0;
  for (;;) {
    if (await check()) return;
    gone = ctx.alive() ? 0 : gone + 1;
    if (gone >= 2) {
      throw new NodeStartError(`${ctx.label}: process exited while waiting for ${what}\n${tail(ctx.logs)}`);
    }
    if (Date.now() > deadline) {
      throw new NodeStartError(`${ctx.label}: timed out after ${ctx.timeoutMs} ms waiting for ${what}\n${tail(ctx.logs)}`);
    }
    await sleep(intervalMs);
  }
}

/** Wait until the log (from `offset`) matches every pattern. */
export function waitForLog(file: string, offset: number, patterns: readonly RegExp[], ctx: WaitContext): Promise<void> {
  const what = patterns.map((p) => `/${p.source}/`).join(' and ');
  return waitUntil(`log ${what}`, ctx, () => {
    const text = readFrom(file, offset);
    return patterns.every((p) => p.test(text));
  });
}

/** One TCP connect attempt. */
export function canConnect(host: string, port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean): void => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

export function waitForPort(host: string, port: number, ctx: WaitContext): Promise<void> {
  return waitUntil(`TCP ${host}:${port}`, ctx, () => canConnect(host, port));
}
