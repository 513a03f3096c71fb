/**
 * Speculative executions: for idempotent statements, start another attempt on the next host of
 * the plan when the current ones are slow. The first response wins; the others are cancelled.
 */

export interface SpeculativeExecutionPolicy {
  /**
   * Delay in ms before speculative execution number `n` (1 for the first extra attempt) is
   * started, or -1 for no more speculative executions.
   */
  nextDelayMs(n: number): number;
}

/** Never speculates (the default). */
export const NO_SPECULATIVE_EXECUTION: SpeculativeExecutionPolicy = Object.freeze({ nextDelayMs: () => -1 });

/** A constant delay between speculative executions, at most `maxExecutions` extra attempts. */
export class ConstantSpeculativeExecutionPolicy implements SpeculativeExecutionPolicy {
  constructor(readonly delayMs: number, readonly maxExecutions: number) {
    if (!(delayMs >= 0)) throw new RangeError(`delayMs must be >= 0, got ${delayMs}`);
    if (!Number.isInteger(maxExecutions) || maxExecutions < 1) {
      throw new RangeError(`maxExecutions must be a positive integer, got ${maxExecutions}`);
    }
  }

  nextDelayMs(n: number): number {
    return n <= this.maxExecutions ? this.delayMs : -1;
  }
}
