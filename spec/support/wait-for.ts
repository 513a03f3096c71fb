/**
 * Waiting for conditions, not for time. Unit specs never sleep: they wait until the state they
 * assert on exists (a request reached the scripted server, a pool opened, an event arrived), or
 * move a fake clock. `waitFor` polls once per event-loop turn (setImmediate, so socket I/O and
 * timers keep running between polls) and gives up after a number of turns, never after a
 * wall-clock duration: a loaded machine makes it slower, not flaky.
 */

/** Turns `waitFor` polls before giving up: generous (seconds of loopback I/O on a slow machine). */
export const DEFAULT_TURNS = 1_000_000;

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** Resolves once `cond()` holds; rejects naming `what` when it still does not after `maxTurns` turns. */
export async function waitFor(what: string, cond: () => boolean, maxTurns = DEFAULT_TURNS): Promise<void> {
  for (let turn = 0; !cond(); turn++) {
    if (turn >= maxTurns) throw new Error(`condition not met after ${maxTurns} event-loop turns: ${what}`);
    await nextTurn();
  }
}

/** Lets the event loop run `n` turns (pending I/O callbacks, immediates and promise jobs run). */
export async function turns(n: number): Promise<void> {
  for (let i = 0; i < n; i++) await nextTurn();
}

/**
 * Resolves with the first value `promise` settles to, or with `pending` when it is still
 * unsettled after `n` event-loop turns (to assert that something has NOT happened yet, after the
 * I/O that could have caused it was given the chance to run).
 */
export async function settledWithin<T, P>(promise: Promise<T>, n: number, pending: P): Promise<T | P> {
  let done = false;
  let value: T | undefined;
  let failure: { error: unknown } | null = null;
  promise.then((v) => { done = true; value = v; }, (e: unknown) => { done = true; failure = { error: e }; });
  for (let i = 0; i < n && !done; i++) await nextTurn();
  if (!done) return pending;
  if (failure !== null) throw (failure as { error: unknown }).error;
  return value as T;
}
