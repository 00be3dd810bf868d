import { applyVote, priorWeight } from '../../libs/consensus/index.js';
import { finishScore, scoreVotes, stateOf } from './revision-score.js';

const settings = { priorProbability: 0.5, threshold: 0.95 };
const w = priorWeight(0.7);

describe('revision scores', () => {
  it('has no probability and an unknown verdict while no vote carries weight', () => {
    expect(scoreVotes([{ answer: 'yes', weight: 0 }, { answer: 'no', weight: 0 }], settings)).toEqual({
      yes: 1,
      no: 1,
      informative: 0,
      weightSum: 0,
      probability: null,
      verdict: 'unknown',
    });
  });

  it('validates a drawing once enough weighted yes votes agree, and rejects one on enough no votes', () => {
    const yes = (n: number) => Array.from({ length: n }, () => ({ answer: 'yes' as const, weight: w.yes }));
    expect(scoreVotes(yes(3), settings).verdict).toBe('uncertain');
    const four = scoreVotes(yes(4), settings);
    expect(four.verdict).toBe('likely_right');
    expect(four.probability).toBeGreaterThan(0.95);
    const no = Array.from({ length: 4 }, () => ({ answer: 'no' as const, weight: w.no }));
    expect(scoreVotes(no, settings).verdict).toBe('likely_wrong');
  });

  it('gives the same score incrementally as from scratch', () => {
    const votes = [
      { answer: 'yes' as const, weight: w.yes },
      { answer: 'no' as const, weight: w.no },
      { answer: 'yes' as const, weight: 2.1 },
    ];
    let score = scoreVotes([], settings);
    for (const vote of votes) {
      const state = applyVote(stateOf(score), null, vote);
      score = finishScore(state, { yes: score.yes + (vote.answer === 'yes' ? 1 : 0), no: score.no + (vote.answer === 'no' ? 1 : 0) }, settings);
    }
    const batch = scoreVotes(votes, settings);
    expect(score.probability).toBeCloseTo(batch.probability!, 12);
    expect({ ...score, probability: 0, weightSum: 0 }).toEqual({ ...batch, probability: 0, weightSum: 0 });
  });
});
