import { runDawidSkene } from './em.js';
import { answerFor, mulberry32, simulateCrowd, standardVoters, type SimVoter } from './sim.js';
import type { VoteTable } from './votes.js';

/**
 * An established crowd (1000 pairs × 8 votes) plus 60 newcomers, each answering `answers` tasks:
 * half on fresh pairs that have one other vote, half on honeypots nobody else answered much.
 * The votes are identical with and without gold; only whether EM knows the honeypot truth differs.
 */
function newcomerScenario(answers: number, seed: number) {
  const base = simulateCrowd({ seed, numPairs: 1000, voters: standardVoters(seed), votesPerPair: 8, baseRate: 0.6 });
  const rand = mulberry32(seed + 1);
  const newcomers: SimVoter[] = [];
  for (let j = 0; j < 20; j++) newcomers.push({ kind: 'honest', accuracy: 0.85 + 0.1 * rand() });
  for (let j = 0; j < 20; j++) newcomers.push({ kind: 'spammer' });
  for (let j = 0; j < 10; j++) newcomers.push({ kind: 'adversary' });
  for (let j = 0; j < 10; j++) newcomers.push({ kind: 'always_yes' });
  const FRESH = 600;
  const HONEYPOTS = 1000;
  const P = 1000 + FRESH + HONEYPOTS;
  const truth = new Uint8Array(P);
  truth.set(base.truth);
  for (let i = 1000; i < P; i++) truth[i] = rand() < 0.6 ? 1 : 0;
  const pair = Array.from(base.table.pair);
  const voter = Array.from(base.table.voter);
  const answer = Array.from(base.table.answer);
  for (let i = 1000; i < 1000 + FRESH; i++) {
    pair.push(i);
    voter.push(Math.floor(rand() * 60));
    answer.push(answerFor({ kind: 'honest', accuracy: 0.9 }, truth[i], rand));
  }
  newcomers.forEach((v, n) => {
    const seen = new Set<number>();
    for (let t = 0; t < answers; t++) {
      let i: number;
      do i = t % 2 === 0 ? 1000 + Math.floor(rand() * FRESH) : 1000 + FRESH + Math.floor(rand() * HONEYPOTS);
      while (seen.has(i));
      seen.add(i);
      pair.push(i);
      voter.push(100 + n);
      answer.push(answerFor(v, truth[i], rand));
    }
  });
  const table: VoteTable = {
    numPairs: P,
    numVoters: 100 + newcomers.length,
    pair: Int32Array.from(pair),
    voter: Int32Array.from(voter),
    answer: Uint8Array.from(answer),
  };
  const gold = new Int8Array(P).fill(-1);
  for (let i = 1000 + FRESH; i < P; i++) gold[i] = truth[i];
  return { table, gold, newcomers };
}

/** Newcomers put in the right bucket: honest → trusted, adversary → adversarial, other bad → flagged. */
function correctlyFlagged(newcomers: SimVoter[], flags: string[]): number {
  let ok = 0;
  newcomers.forEach((v, n) => {
    const f = flags[100 + n];
    if (v.kind === 'honest' ? f === 'trusted' : v.kind === 'adversary' ? f === 'adversarial' : f === 'suspected_spammer') ok++;
  });
  return ok;
}

describe('gold pairs (honeypots)', () => {
  it.each([5, 6])('seed %i: the same 40 answers sort far more newcomers when the honeypot truth is known', (seed) => {
    const s = newcomerScenario(40, seed);
    const without = runDawidSkene(s.table);
    const withGold = runDawidSkene(s.table, { gold: s.gold });
    const a = correctlyFlagged(s.newcomers, without.voters.flag);
    const b = correctlyFlagged(s.newcomers, withGold.voters.flag);
    expect(b).toBeGreaterThanOrEqual(a + 15);
    expect(b).toBeGreaterThanOrEqual(35);
    // Gold never turns an honest newcomer into a suspect.
    s.newcomers.forEach((v, n) => {
      if (v.kind === 'honest') expect(['trusted', 'training']).toContain(withGold.voters.flag[100 + n]);
    });
  });

  it('flags every adversarial newcomer after 20 answers with gold, none without', () => {
    const s = newcomerScenario(20, 5);
    const without = runDawidSkene(s.table);
    const withGold = runDawidSkene(s.table, { gold: s.gold });
    const adversaries = s.newcomers.flatMap((v, n) => (v.kind === 'adversary' ? [100 + n] : []));
    for (const j of adversaries) {
      expect(['adversarial', 'suspected_spammer']).toContain(withGold.voters.flag[j]);
      expect(without.voters.flag[j]).toBe('training');
      expect(withGold.voters.goldAnswered[j]).toBeGreaterThanOrEqual(9);
      expect(withGold.voters.goldCorrect[j]).toBe(0);
    }
  });

  it('clamps gold pairs to their truth and raises evidence per answer', () => {
    const s = newcomerScenario(30, 6);
    const withGold = runDawidSkene(s.table, { gold: s.gold });
    const without = runDawidSkene(s.table);
    for (let i = 1600; i < 2600; i++) expect(withGold.pairs.probability[i]).toBe(s.gold[i]);
    let more = 0;
    for (let n = 0; n < s.newcomers.length; n++) if (withGold.voters.evidence[100 + n] > without.voters.evidence[100 + n]) more++;
    expect(more).toBe(s.newcomers.length);
  });
});
