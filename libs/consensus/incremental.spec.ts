import { runDawidSkene } from './em.js';
import {
  EMPTY_PAIR_SCORE,
  applyVote,
  pairProbability,
  pairVerdict,
  scorePairs,
  scoreVote,
  type PairScore,
  type ScoredVote,
} from './incremental.js';
import { mulberry32, simulateCrowd, standardVoters } from './sim.js';
import { ANSWER, type Answer, type VoteTable } from './votes.js';
import { priorWeight } from './weights.js';

const ANSWERS: Answer[] = ['no', 'yes', 'unsure'];

describe('incremental pair scoring', () => {
  const crowd = simulateCrowd({ seed: 21, numPairs: 400, voters: standardVoters(21), votesPerPair: 6, baseRate: 0.6 });
  const em = runDawidSkene(crowd.table);
  const prior = em.classPrior[0];

  it('reproduces the EM pair probabilities from the EM weights in one batch pass', () => {
    const { probability, scores } = scorePairs(crowd.table, em.weights, prior);
    for (let i = 0; i < 400; i++) {
      expect(Math.abs(probability[i] - em.pairs.probability[i])).toBeLessThan(1e-12);
      expect(scores[i].informative).toBe(em.pairs.informative[i]);
    }
  });

  it('equals the batch result after a random stream of new, replaced and withdrawn votes', () => {
    const rand = mulberry32(77);
    const P = 60;
    const V = 100;
    const newcomer = priorWeight(0.7);
    // The app's vote table: one row per (pair, voter) holding the answer and the weight it was counted with.
    const rows = new Map<number, ScoredVote & { pair: number; voter: number }>();
    const state: PairScore[] = Array.from({ length: P }, () => EMPTY_PAIR_SCORE);
    for (let step = 0; step < 5000; step++) {
      const pair = Math.floor(rand() * P);
      const voter = Math.floor(rand() * (V + 5)); // some voters joined after the EM run
      const key = pair * 1000 + voter;
      const previous = rows.get(key) ?? null;
      const withdraw = previous !== null && rand() < 0.2;
      const next = withdraw ? null : scoreVote(em.weights, voter, ANSWERS[Math.floor(rand() * 3)], newcomer);
      state[pair] = applyVote(state[pair], previous, next);
      if (next) rows.set(key, { ...next, pair, voter });
      else rows.delete(key);
    }
    const current = [...rows.values()];
    const table: VoteTable = {
      numPairs: P,
      numVoters: V + 5,
      pair: Int32Array.from(current, (r) => r.pair),
      voter: Int32Array.from(current, (r) => r.voter),
      answer: Uint8Array.from(current, (r) => ANSWER[r.answer]),
    };
    const batch = scorePairs(table, em.weights, prior, newcomer);
    for (let i = 0; i < P; i++) {
      expect(state[i].answered).toBe(batch.scores[i].answered);
      expect(state[i].informative).toBe(batch.scores[i].informative);
      expect(state[i].unsure).toBe(batch.scores[i].unsure);
      expect(Math.abs(state[i].weightSum - batch.scores[i].weightSum)).toBeLessThan(1e-9);
      expect(Math.abs(pairProbability(state[i], prior) - batch.probability[i])).toBeLessThan(1e-10);
    }
  });

  it('does not double-count a replaced vote', () => {
    const yes: ScoredVote = { answer: 'yes', weight: 2.1 };
    const no: ScoredVote = { answer: 'no', weight: -1.7 };
    const other: ScoredVote = { answer: 'yes', weight: 0.9 };
    const base = applyVote(EMPTY_PAIR_SCORE, null, other);
    const replaced = applyVote(applyVote(base, null, yes), yes, no);
    const direct = applyVote(base, null, no);
    expect(replaced.answered).toBe(2);
    expect(replaced.weightSum).toBeCloseTo(direct.weightSum, 14);
    expect(pairProbability(replaced, 0.5)).toBeCloseTo(pairProbability(direct, 0.5), 14);
  });

  it("withdraws with the stored weight and returns to 'unknown' with an exact zero", () => {
    const a: ScoredVote = { answer: 'yes', weight: 0.1 + 0.2 };
    const b: ScoredVote = { answer: 'no', weight: -0.3 };
    let s = applyVote(applyVote(EMPTY_PAIR_SCORE, null, a), null, b);
    expect(pairVerdict(s, 0.6)).toBe('uncertain');
    s = applyVote(applyVote(s, a, null), b, null);
    expect(s).toEqual(EMPTY_PAIR_SCORE);
    expect(pairVerdict(s, 0.6)).toBe('unknown');
    expect(pairProbability(s, 0.6)).toBeCloseTo(0.6, 14);
  });

  it('counts unsure votes without moving the probability', () => {
    const s = applyVote(applyVote(EMPTY_PAIR_SCORE, null, { answer: 'unsure', weight: 0 }), null, { answer: 'unsure', weight: 0 });
    expect(s.unsure).toBe(2);
    expect(pairVerdict(s, 0.3)).toBe('unknown');
    expect(() => applyVote(EMPTY_PAIR_SCORE, null, { answer: 'unsure', weight: 1 })).toThrow(RangeError);
  });

  it('rejects removing a vote the pair never had and voters without weight or fallback', () => {
    expect(() => applyVote(EMPTY_PAIR_SCORE, { answer: 'yes', weight: 1 }, null)).toThrow(RangeError);
    expect(() => scoreVote(em.weights, 10_000, 'yes')).toThrow(RangeError);
    expect(scoreVote(em.weights, 10_000, 'no', priorWeight(0.8)).weight).toBeCloseTo(-Math.log(4), 12);
  });

  it('reaches a confident verdict with enough trusted agreement', () => {
    let s = EMPTY_PAIR_SCORE as PairScore;
    const honest = em.voters.flag.flatMap((f, j) => (f === 'trusted' ? [j] : [])).slice(0, 4);
    for (const j of honest) s = applyVote(s, null, scoreVote(em.weights, j, 'no'));
    expect(pairVerdict(s, prior)).toBe('likely_wrong');
  });
});
