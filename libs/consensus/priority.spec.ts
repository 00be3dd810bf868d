import { mulberry32 } from './sim.js';
import { entropyBits, goldRate, rankTasks, serveGold, taskPriority, voteInformationGain, type TaskCandidate } from './priority.js';

describe('voteInformationGain', () => {
  it('equals H(vote) − H(vote | truth), the other form of the mutual information', () => {
    for (const q of [0.05, 0.3, 0.5, 0.77]) {
      for (const [s, c] of [[0.9, 0.9], [0.95, 0.6], [0.7, 0.8]]) {
        const pYes = q * s + (1 - q) * (1 - c);
        const other = entropyBits(pYes) - (q * entropyBits(s) + (1 - q) * entropyBits(c));
        expect(voteInformationGain(q, { sensitivity: s, specificity: c })).toBeCloseTo(other, 12);
      }
    }
  });

  it('peaks at a coin flip, vanishes at certainty and for a chance-level voter', () => {
    expect(voteInformationGain(0.5)).toBeGreaterThan(voteInformationGain(0.8));
    expect(voteInformationGain(0.8)).toBeGreaterThan(voteInformationGain(0.99));
    expect(voteInformationGain(0.2)).toBeCloseTo(voteInformationGain(0.8), 12);
    expect(voteInformationGain(1)).toBe(0);
    expect(voteInformationGain(0.5, { sensitivity: 0.5, specificity: 0.5 })).toBe(0);
    expect(voteInformationGain(0.5, { sensitivity: 1, specificity: 0 })).toBe(0);
    expect(voteInformationGain(0.5, { sensitivity: 0.95, specificity: 0.95 })).toBeGreaterThan(voteInformationGain(0.5));
  });
});

describe('taskPriority and rankTasks', () => {
  it('prefers uncertain pairs and pairs with fewer votes; never gold or saturated pairs', () => {
    expect(taskPriority({ pair: 0, probability: 0.5, votes: 2 })).toBeGreaterThan(taskPriority({ pair: 1, probability: 0.9, votes: 2 }));
    expect(taskPriority({ pair: 0, probability: 0.6, votes: 0 })).toBeGreaterThan(taskPriority({ pair: 1, probability: 0.6, votes: 6 }));
    expect(taskPriority({ pair: 0, probability: 0.5, votes: 0, gold: true })).toBe(0);
    expect(taskPriority({ pair: 0, probability: 0.5, votes: 25 })).toBe(0);
    expect(taskPriority({ pair: 0, probability: 0.5, votes: 25 }, { maxVotes: 100 })).toBeGreaterThan(0);
  });

  it('ranks deterministically and skips what the voter has already seen', () => {
    const candidates: TaskCandidate[] = [
      { pair: 0, probability: 0.999, votes: 9 },
      { pair: 1, probability: 0.5, votes: 3 },
      { pair: 2, probability: 0.6, votes: 0 },
      { pair: 3, probability: 0.6, votes: 0 },
      { pair: 4, probability: 0.5, votes: 0, gold: true },
      { pair: 5, probability: 0.5, votes: 30 },
    ];
    expect(rankTasks(candidates, 3).map((c) => c.pair)).toEqual([2, 3, 1]);
    expect(rankTasks(candidates, 10, (p) => p === 2).map((c) => c.pair)).toEqual([3, 1, 0]);
  });
});

describe('gold mixing', () => {
  it('serves more gold in training and to suspects than to trusted voters', () => {
    expect(goldRate(undefined, 0)).toBe(0.3);
    expect(goldRate('trusted', 3)).toBe(0.3);
    expect(goldRate('trusted', 40)).toBe(0.05);
    expect(goldRate('suspected_spammer', 40)).toBe(0.5);
    expect(goldRate('adversarial', 40, { suspectRate: 0.8 })).toBe(0.8);
  });

  it('hits the configured rate on average', () => {
    const rand = mulberry32(5);
    for (const rate of [0.05, 0.3]) {
      let gold = 0;
      for (let t = 0; t < 20000; t++) if (serveGold(rate, rand())) gold++;
      expect(Math.abs(gold / 20000 - rate)).toBeLessThan(0.01);
    }
    expect(() => serveGold(1.5, 0.1)).toThrow(RangeError);
  });
});
