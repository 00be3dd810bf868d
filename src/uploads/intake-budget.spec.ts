import { IN_MEMORY_FILE_MAX, IntakeBudget } from './intake-budget.js';

describe('IntakeBudget', () => {
  it('holds bodies in memory while the total stays within the limit, then sends them to disk', () => {
    const budget = new IntakeBudget(3_000_000);
    expect(budget.reserve(1_200_000)).toBe(1_200_000);
    expect(budget.reserve(1_200_000)).toBe(1_200_000);
    expect(budget.reserve(1_200_000)).toBe(0);
    expect(budget.heldBytes).toBe(2_400_000);
    budget.release(1_200_000);
    expect(budget.reserve(1_200_000)).toBe(1_200_000);
  });

  it('sends large, undeclared and nonsense lengths to disk', () => {
    const budget = new IntakeBudget(100 * 1024 ** 2);
    for (const declared of [IN_MEMORY_FILE_MAX + 1, 0, -5, Number.NaN, 1.5, Number.POSITIVE_INFINITY]) expect(budget.reserve(declared)).toBe(0);
    expect(budget.reserve(IN_MEMORY_FILE_MAX)).toBe(IN_MEMORY_FILE_MAX);
    expect(budget.heldBytes).toBe(IN_MEMORY_FILE_MAX);
  });

  it('with a limit of 0, never holds a body in memory', () => {
    expect(new IntakeBudget(0).reserve(1)).toBe(0);
  });
});
