import { runDawidSkene } from './em.js';
import { simulateCrowd, standardVoters, type Crowd, type SimVoter } from './sim.js';
import { ANSWER, type VoteTable } from './votes.js';

function rawCounts(t: VoteTable): { yes: Int32Array; answered: Int32Array } {
  const yes = new Int32Array(t.numPairs);
  const answered = new Int32Array(t.numPairs);
  for (let k = 0; k < t.pair.length; k++) {
    if (t.answer[k] === ANSWER.unsure) continue;
    answered[t.pair[k]]++;
    if (t.answer[k] === ANSWER.yes) yes[t.pair[k]]++;
  }
  return { yes, answered };
}

/** Share of pairs where `decide(i)` equals the truth. */
function accuracy(crowd: Crowd, decide: (i: number) => boolean): number {
  let ok = 0;
  for (let i = 0; i < crowd.truth.length; i++) if (decide(i) === (crowd.truth[i] === 1)) ok++;
  return ok / crowd.truth.length;
}

function flagsOf(kinds: SimVoter[], flags: string[], kind: SimVoter['kind']): string[] {
  return flags.filter((_, j) => kinds[j].kind === kind);
}

const count = (xs: string[], x: string) => xs.filter((y) => y === x).length;

describe('Dawid–Skene EM on a simulated crowd (60 honest, 20 spammers, 10 adversaries, 10 always-yes)', () => {
  const seeds = [1, 2, 3];
  const runs = seeds.map((seed) => {
    const voters = standardVoters(seed);
    const crowd = simulateCrowd({ seed, numPairs: 1000, voters, votesPerPair: 10, baseRate: 0.6 });
    return { voters, crowd, result: runDawidSkene(crowd.table) };
  });

  it.each(seeds.map((s, i) => [s, i]))('seed %i: recovers the truth far better than the raw 0.8 ratio', (_seed, i) => {
    const { crowd, result } = runs[i];
    const { yes, answered } = rawCounts(crowd.table);
    const em = accuracy(crowd, (p) => result.pairs.probability[p] >= 0.5);
    const raw = accuracy(crowd, (p) => answered[p] > 0 && yes[p] / answered[p] >= 0.8);
    const majority = accuracy(crowd, (p) => yes[p] * 2 > answered[p]);
    expect(result.converged).toBe(true);
    expect(em).toBeGreaterThanOrEqual(0.98);
    expect(raw).toBeLessThanOrEqual(0.8);
    expect(em - raw).toBeGreaterThanOrEqual(0.15);
    expect(em - majority).toBeGreaterThanOrEqual(0.05);
  });

  it('is well calibrated where it is confident', () => {
    for (const { crowd, result } of runs) {
      const confident = result.pairs.verdict.flatMap((v, i) => (v === 'likely_right' || v === 'likely_wrong' ? [i] : []));
      expect(confident.length).toBeGreaterThan(900);
      const wrong = confident.filter((i) => (result.pairs.verdict[i] === 'likely_right') !== (crowd.truth[i] === 1));
      expect(wrong.length / confident.length).toBeLessThan(0.01);
    }
  });

  it('flags spammers, adversaries and always-yes voters, and trusts the honest ones', () => {
    for (const { voters, result } of runs) {
      const flags = result.voters.flag;
      const honest = flagsOf(voters, flags, 'honest');
      expect(count(honest, 'trusted')).toBeGreaterThanOrEqual(55);
      expect(count(honest, 'suspected_spammer') + count(honest, 'adversarial')).toBe(0);
      expect(count(flagsOf(voters, flags, 'adversary'), 'adversarial')).toBe(10);
      expect(count(flagsOf(voters, flags, 'spammer'), 'suspected_spammer')).toBeGreaterThanOrEqual(18);
      expect(count(flagsOf(voters, flags, 'spammer'), 'trusted')).toBe(0);
      expect(count(flagsOf(voters, flags, 'always_yes'), 'suspected_spammer')).toBeGreaterThanOrEqual(8);
    }
  });

  it('estimates honest voters’ accuracy and gives spammers near-zero weight', () => {
    const { voters, result } = runs[0];
    let err = 0;
    let honest = 0;
    voters.forEach((v, j) => {
      if (v.kind === 'honest') {
        err += Math.abs(result.voters.accuracy[j] - v.accuracy);
        honest++;
        expect(result.weights.yes[j]).toBeGreaterThan(1);
        expect(result.weights.no[j]).toBeLessThan(-1);
      }
      if (v.kind === 'spammer') expect(Math.abs(result.weights.yes[j]) + Math.abs(result.weights.no[j])).toBeLessThan(0.8);
      // Default policy 'ignore': a below-chance voter contributes nothing rather than an inverted vote.
      if (v.kind === 'adversary') expect([result.weights.yes[j], result.weights.no[j]]).toEqual([0, 0]);
    });
    expect(err / honest).toBeLessThan(0.04);
  });

  it("with belowChance 'invert' uses adversaries as (inverted) evidence and does even better", () => {
    const { crowd } = runs[0];
    const inverted = runDawidSkene(crowd.table, { belowChance: 'invert' });
    expect(accuracy(crowd, (p) => inverted.pairs.probability[p] >= 0.5)).toBeGreaterThanOrEqual(0.99);
    expect(inverted.weights.yes[85]).toBeLessThan(-1);
  });

  it('one-coin also recovers the truth but credits always-yes voters with the base rate; two-coin does not', () => {
    const { crowd, voters, result: two } = runs[0];
    const one = runDawidSkene(crowd.table, { model: 'one-coin' });
    expect(accuracy(crowd, (p) => one.pairs.probability[p] >= 0.5)).toBeGreaterThanOrEqual(0.98);
    expect(Array.from(one.voters.sensitivity)).toEqual(Array.from(one.voters.specificity));
    const alwaysYes = voters.flatMap((v, j) => (v.kind === 'always_yes' ? [j] : []));
    const mean = (f: (j: number) => number) => alwaysYes.reduce((s, j) => s + f(j), 0) / alwaysYes.length;
    expect(mean((j) => one.weights.yes[j])).toBeGreaterThan(0.25);
    expect(mean((j) => Math.abs(two.weights.yes[j]))).toBeLessThan(0.1);
    expect(mean((j) => two.voters.accuracy[j])).toBeLessThan(mean((j) => one.voters.accuracy[j]) - 0.03);
  });
});
