import * as consensus from './index.js';

describe('public API', () => {
  it('exposes the end-to-end flow: build votes, run EM, score a new vote, pick tasks', () => {
    const built = consensus.buildVoteTable([
      ...['a', 'b', 'c', 'd'].map((u, k) => ({ pairId: 'img1:dog', voterId: u, answer: 'yes' as const, time: k })),
      ...['a', 'b', 'c'].map((u, k) => ({ pairId: 'img2:dog', voterId: u, answer: 'no' as const, time: k })),
      { pairId: 'img3:dog', voterId: 'd', answer: 'unsure' as const, time: 9 },
    ]);
    const em = consensus.runDawidSkene(built.table);
    const i1 = built.pairs.indexOf('img1:dog');
    const i3 = built.pairs.indexOf('img3:dog');
    expect(em.pairs.probability[i1]).toBeGreaterThan(0.9);
    expect(em.pairs.verdict[i3]).toBe('unknown');
    let score = consensus.scorePairs(built.table, em.weights, em.classPrior[0]).scores[i3];
    score = consensus.applyVote(score, null, consensus.scoreVote(em.weights, built.voters.indexOf('a'), 'yes'));
    expect(consensus.pairProbability(score, em.classPrior[0])).toBeGreaterThan(em.classPrior[0]);
    const next = consensus.rankTasks(
      Array.from(em.pairs.probability, (probability, pair) => ({ pair, probability, votes: em.pairs.votes[pair] + em.pairs.unsure[pair] })),
      1,
    );
    expect(next[0].pair).toBe(i3);
  });
});
