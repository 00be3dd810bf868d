import { runDawidSkene } from './em.js';
import { mulberry32, simulateCrowd, type SimVoter } from './sim.js';

describe('EM at scale', () => {
  it('runs over 1,000,000 votes in linear passes and still recovers the truth', () => {
    const rand = mulberry32(42);
    const voters: SimVoter[] = [];
    for (let j = 0; j < 5000; j++) {
      const u = rand();
      voters.push(u < 0.7 ? { kind: 'honest', accuracy: 0.8 + 0.15 * rand() } : u < 0.9 ? { kind: 'spammer' } : { kind: 'adversary' });
    }
    const crowd = simulateCrowd({ seed: 43, numPairs: 125_000, voters, votesPerPair: 8, baseRate: 0.6, unsureRate: 0.05 });
    expect(crowd.table.pair.length).toBe(1_000_000);
    const r = runDawidSkene(crowd.table, { maxIterations: 50, tolerance: 1e-4 });
    expect(r.iterations).toBeLessThanOrEqual(50);
    let ok = 0;
    for (let i = 0; i < crowd.truth.length; i++) if ((r.pairs.probability[i] >= 0.5 ? 1 : 0) === crowd.truth[i]) ok++;
    expect(ok / crowd.truth.length).toBeGreaterThan(0.97);
    expect(r.voters.votes.reduce((s, x) => s + x, 0) + r.voters.unsure.reduce((s, x) => s + x, 0)).toBe(1_000_000);
  });
});
