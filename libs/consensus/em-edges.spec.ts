import { runDawidSkene } from './em.js';
import { flagVoter } from './voters.js';
import { simulateCrowd, standardVoters } from './sim.js';
import { ANSWER, type Answer, type VoteTable } from './votes.js';

type Row = [pair: number, voter: number, answer: Answer, time?: number];

function tableOf(numPairs: number, numVoters: number, rows: Row[]): VoteTable {
  const withTime = rows.some((r) => r[3] !== undefined);
  return {
    numPairs,
    numVoters,
    pair: Int32Array.from(rows, (r) => r[0]),
    voter: Int32Array.from(rows, (r) => r[1]),
    answer: Uint8Array.from(rows, (r) => ANSWER[r[2]]),
    time: withTime ? Float64Array.from(rows, (r) => r[3] ?? 0) : undefined,
  };
}

/** Five agreeing voters on pairs 0..9 (even pairs right), so there is a crowd to compare against. */
function agreeingCrowd(extra: Row[], numPairs = 12, numVoters = 8): VoteTable {
  const rows: Row[] = [];
  for (let i = 0; i < 10; i++) for (let v = 0; v < 5; v++) rows.push([i, v, i % 2 === 0 ? 'yes' : 'no']);
  return tableOf(numPairs, numVoters, [...rows, ...extra]);
}

describe('Dawid–Skene edge cases', () => {
  it("gives 'unknown' and the class prior — not 0 or 1 — to a pair with zero votes", () => {
    const r = runDawidSkene(agreeingCrowd([]));
    expect(r.pairs.verdict[10]).toBe('unknown');
    expect(r.pairs.votes[10]).toBe(0);
    expect(r.pairs.probability[10]).toBeCloseTo(r.classPrior[0], 12);
    expect(r.pairs.probability[10]).toBeGreaterThan(0.2);
    expect(r.pairs.probability[10]).toBeLessThan(0.8);
    expect(r.pairs.verdict[0]).toBe('likely_right');
    expect(r.pairs.verdict[1]).toBe('likely_wrong');
  });

  it("keeps an all-unsure pair 'unknown' while counting the unsure votes", () => {
    const r = runDawidSkene(agreeingCrowd([[11, 5, 'unsure'], [11, 6, 'unsure'], [11, 0, 'unsure']]));
    expect(r.pairs.verdict[11]).toBe('unknown');
    expect(r.pairs.unsure[11]).toBe(3);
    expect(r.pairs.votes[11]).toBe(0);
    expect(r.voters.unsure[5]).toBe(1);
    expect(r.voters.votes[5]).toBe(0);
    expect(r.voters.flag[5]).toBe('training');
    expect(r.voters.sensitivity[5]).toBeCloseTo(0.7, 12);
  });

  it('handles a single voter: follows the votes modestly and keeps the voter in training', () => {
    const crowd = simulateCrowd({ seed: 3, numPairs: 60, voters: [{ kind: 'honest', accuracy: 0.9 }], votesPerPair: 1, baseRate: 0.6 });
    const r = runDawidSkene(crowd.table);
    expect(r.voters.evidence[0]).toBe(0);
    expect(r.voters.flag[0]).toBe('training');
    for (let i = 0; i < 60; i++) {
      const saidYes = crowd.table.answer[i] === ANSWER.yes;
      expect(r.pairs.probability[i] > r.classPrior[0]).toBe(saidYes);
      expect(r.pairs.verdict[i]).toBe('uncertain');
    }
  });

  it('judges a voter who answered only gold pairs directly from gold', () => {
    const gold = new Int8Array(70).fill(-1);
    const rows: Row[] = [];
    for (let i = 0; i < 60; i++) {
      gold[i] = i % 3 === 0 ? 0 : 1;
      rows.push([i, 0, gold[i] === 1 ? 'yes' : 'no']); // always right
      rows.push([i, 1, gold[i] === 1 ? 'no' : 'yes']); // always wrong
      rows.push([i, 2, i % 2 === 0 ? 'yes' : 'no']); // unrelated to the truth
    }
    const r = runDawidSkene(tableOf(70, 3, rows), { gold });
    expect([r.voters.goldAnswered[0], r.voters.goldCorrect[0]]).toEqual([60, 60]);
    expect([r.voters.goldAnswered[1], r.voters.goldCorrect[1]]).toEqual([60, 0]);
    expect(r.voters.evidence[0]).toBe(60);
    expect(r.voters.flag[0]).toBe('trusted');
    expect(r.voters.flag[1]).toBe('adversarial');
    expect(r.voters.flag[2]).toBe('suspected_spammer');
    expect(r.voters.goldAccuracy[0]).toBeCloseTo((60 + 0.7 * 4) / 64, 12);
    expect(r.pairs.probability[0]).toBe(0);
    expect(r.pairs.probability[1]).toBe(1);
    expect(r.pairs.verdict[1]).toBe('likely_right');
    expect(r.pairs.verdict[65]).toBe('unknown');
  });

  it('counts a replaced vote once: the latest by time wins', () => {
    const base: Row[] = [];
    for (let i = 0; i < 10; i++) for (let v = 0; v < 5; v++) base.push([i, v, i % 2 === 0 ? 'yes' : 'no', 1]);
    // Voter 6 votes "no" on pair 11, then changes to "yes"; the old row arrives *after* the new one.
    const changed = tableOf(12, 8, [...base, [11, 6, 'yes', 20], [11, 7, 'yes', 5], [11, 6, 'no', 10]]);
    const clean = tableOf(12, 8, [...base, [11, 6, 'yes', 20], [11, 7, 'yes', 5]]);
    const a = runDawidSkene(changed);
    const b = runDawidSkene(clean);
    expect(a.duplicatesDropped).toBe(1);
    expect(b.duplicatesDropped).toBe(0);
    expect(a.pairs.votes[11]).toBe(2);
    expect(Array.from(a.pairs.probability)).toEqual(Array.from(b.pairs.probability));
    expect(Array.from(a.voters.sensitivity)).toEqual(Array.from(b.voters.sensitivity));
  });

  it('without times, the later row wins', () => {
    const r = runDawidSkene(agreeingCrowd([[11, 6, 'no'], [11, 6, 'yes'], [11, 6, 'yes']]));
    expect(r.duplicatesDropped).toBe(2);
    expect(r.pairs.votes[11]).toBe(1);
    expect(r.pairs.probability[11]).toBeGreaterThan(r.classPrior[0]);
  });

  it('is deterministic', () => {
    const crowd = simulateCrowd({ seed: 9, numPairs: 300, voters: standardVoters(9), votesPerPair: 5, baseRate: 0.5 });
    const a = runDawidSkene(crowd.table);
    const b = runDawidSkene(crowd.table);
    expect(Array.from(a.pairs.probability)).toEqual(Array.from(b.pairs.probability));
    expect(a.voters.flag).toEqual(b.voters.flag);
    expect(a.iterations).toBe(b.iterations);
  });

  it('never decreases the log-posterior (plain EM with invert)', () => {
    for (const model of ['two-coin', 'one-coin'] as const) {
      const crowd = simulateCrowd({ seed: 4, numPairs: 400, voters: standardVoters(4), votesPerPair: 4, baseRate: 0.7 });
      const r = runDawidSkene(crowd.table, { model, belowChance: 'invert', trackObjective: true, tolerance: 1e-10 });
      expect(r.objective.length).toBe(r.iterations);
      expect(r.objective.length).toBeGreaterThan(3);
      for (let t = 1; t < r.objective.length; t++) {
        expect(r.objective[t]).toBeGreaterThanOrEqual(r.objective[t - 1] - 1e-9 * Math.abs(r.objective[t - 1]));
      }
      expect(r.objective[r.objective.length - 1]).toBeGreaterThan(r.objective[0]);
    }
  });

  it('stops at maxIterations and reports non-convergence', () => {
    const crowd = simulateCrowd({ seed: 5, numPairs: 200, voters: standardVoters(5), votesPerPair: 3, baseRate: 0.6 });
    const r = runDawidSkene(crowd.table, { maxIterations: 2, tolerance: 1e-12 });
    expect(r.iterations).toBe(2);
    expect(r.converged).toBe(false);
  });

  it('converges faster from a warm start to the same answer', () => {
    const crowd = simulateCrowd({ seed: 6, numPairs: 800, voters: standardVoters(6), votesPerPair: 6, baseRate: 0.6 });
    const cold = runDawidSkene(crowd.table, { tolerance: 1e-9 });
    const warm = runDawidSkene(crowd.table, {
      tolerance: 1e-9,
      initial: { sensitivity: cold.voters.sensitivity, specificity: cold.voters.specificity, classPrior: cold.classPrior },
    });
    expect(warm.iterations).toBeLessThan(cold.iterations / 2);
    for (let i = 0; i < 800; i++) expect(Math.abs(warm.pairs.probability[i] - cold.pairs.probability[i])).toBeLessThan(1e-5);
  });

  it('learns a separate base rate per group (label)', () => {
    const a = simulateCrowd({ seed: 7, numPairs: 600, voters: standardVoters(7), votesPerPair: 8, baseRate: 0.9 });
    const b = simulateCrowd({ seed: 8, numPairs: 600, voters: standardVoters(7), votesPerPair: 8, baseRate: 0.2 });
    const shift = (x: Int32Array, by: number) => Int32Array.from(x, (v) => v + by);
    const table: VoteTable = {
      numPairs: 1200,
      numVoters: 100,
      pair: Int32Array.from([...a.table.pair, ...shift(b.table.pair, 600)]),
      voter: Int32Array.from([...a.table.voter, ...b.table.voter]),
      answer: Uint8Array.from([...a.table.answer, ...b.table.answer]),
    };
    const groups = { of: Int32Array.from({ length: 1200 }, (_, i) => (i < 600 ? 0 : 1)), count: 2 };
    const r = runDawidSkene(table, { groups });
    const rate = (t: Uint8Array) => t.reduce((s, x) => s + x, 0) / t.length;
    expect(Math.abs(r.classPrior[0] - rate(a.truth))).toBeLessThan(0.03);
    expect(Math.abs(r.classPrior[1] - rate(b.truth))).toBeLessThan(0.03);
  });

  it('flags by evidence first, then by where the accuracy band sits', () => {
    const f = { minEvidence: 10, minUsefulAccuracy: 0.7 };
    expect(flagVoter(0.1, 0.3, 9, f)).toBe('training');
    expect(flagVoter(0.1, 0.45, 10, f)).toBe('adversarial');
    expect(flagVoter(0.4, 0.65, 10, f)).toBe('suspected_spammer');
    expect(flagVoter(0.6, 0.8, 10, f)).toBe('training');
    expect(flagVoter(0.7, 0.9, 10, f)).toBe('trusted');
  });

  it('honours flag options', () => {
    const crowd = simulateCrowd({ seed: 12, numPairs: 400, voters: standardVoters(12), votesPerPair: 8, baseRate: 0.6 });
    const strict = runDawidSkene(crowd.table, { flags: { minEvidence: 1e6 } });
    expect(new Set(strict.voters.flag)).toEqual(new Set(['training']));
    const lax = runDawidSkene(crowd.table, { flags: { minUsefulAccuracy: 0.51, z: 0 } });
    expect(lax.voters.flag.filter((f) => f === 'trusted').length).toBeGreaterThan(
      runDawidSkene(crowd.table).voters.flag.filter((f) => f === 'trusted').length,
    );
  });

  it('rejects malformed input', () => {
    expect(() => runDawidSkene(tableOf(2, 2, [[2, 0, 'yes']]))).toThrow(RangeError);
    expect(() => runDawidSkene(tableOf(2, 2, [[0, 5, 'yes']]))).toThrow(RangeError);
    expect(() => runDawidSkene(tableOf(2, 2, [[0, 0, 'yes']]), { gold: new Int8Array(3) })).toThrow(RangeError);
    expect(() => runDawidSkene(tableOf(2, 2, [[0, 0, 'yes']]), { voterPrior: { mean: 1, strength: 2 } })).toThrow(RangeError);
    const bad = tableOf(2, 2, [[0, 0, 'yes']]);
    bad.answer[0] = 7;
    expect(() => runDawidSkene(bad)).toThrow(RangeError);
  });
});
