import { ConstantSpeculativeExecutionPolicy, NO_SPECULATIVE_EXECUTION } from '../../lib/policies/speculative-execution';

describe('speculative execution policies', () => {
  it('constant: the same delay for at most N extra attempts', () => {
    const p = new ConstantSpeculativeExecutionPolicy(50, 2);
    expect([1, 2, 3].map((n) => p.nextDelayMs(n))).toEqual([50, 50, -1]);
  });

  it('none: never', () => {
    expect(NO_SPECULATIVE_EXECUTION.nextDelayMs(1)).toBe(-1);
  });

  it('rejects bad options naming them', () => {
    expect(() => new ConstantSpeculativeExecutionPolicy(-1, 1)).toThrow(/delayMs/);
    expect(() => new ConstantSpeculativeExecutionPolicy(10, 0)).toThrow(/maxExecutions/);
  });
});
