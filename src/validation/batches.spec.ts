import { batches } from './reliability.service.js';

describe('batches', () => {
  it('splits in order, keeping each run within the budget, and never leaves an index out', () => {
    const sizes = [3, 3, 5, 1, 1, 1, 9, 2];
    expect([...batches(sizes.length, (i) => sizes[i], 6)]).toEqual([[0, 1], [2, 3], [4, 5], [6], [7]]);
  });

  it('gives one oversized item a run of its own, and nothing for nothing', () => {
    expect([...batches(1, () => 100, 10)]).toEqual([[0]]);
    expect([...batches(0, () => 1, 10)]).toEqual([]);
  });
});
