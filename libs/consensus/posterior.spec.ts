import { regularizedIncompleteBeta } from './beta.js';
import {
  betaPosterior,
  betaVerdict,
  credibleInterval,
  passesExport,
  posteriorMean,
  posteriorVariance,
  priorFromMean,
  probabilityAbove,
} from './posterior.js';

describe('Beta–Bernoulli posterior', () => {
  it('adds yes/no counts to the prior and ignores unsure as evidence', () => {
    const post = betaPosterior({ yes: 3, no: 1, unsure: 5 });
    expect(post).toEqual({ alpha: 4, beta: 2, evidence: 4, unsure: 5 });
    expect(posteriorMean(post)).toBeCloseTo(4 / 6, 15);
    expect(posteriorVariance(post)).toBeCloseTo((4 * 2) / (36 * 7), 15);
    expect(betaPosterior({ yes: 3, no: 1 })).toEqual({ ...post, unsure: 0 });
  });

  it('turns a prior mean and strength into pseudo-votes', () => {
    const prior = priorFromMean(0.8, 10);
    expect(prior.alpha).toBeCloseTo(8, 12);
    expect(prior.beta).toBeCloseTo(2, 12);
    expect(posteriorMean(betaPosterior({ yes: 0, no: 0 }, prior))).toBeCloseTo(0.8, 12);
    expect(() => priorFromMean(1, 10)).toThrow(RangeError);
    expect(() => priorFromMean(0.5, 0)).toThrow(RangeError);
  });

  it('gives an equal-tailed interval whose tails hold the requested mass', () => {
    const post = betaPosterior({ yes: 7, no: 2 });
    const [lo, hi] = credibleInterval(post, 0.9);
    expect(regularizedIncompleteBeta(lo, post.alpha, post.beta)).toBeCloseTo(0.05, 10);
    expect(regularizedIncompleteBeta(hi, post.alpha, post.beta)).toBeCloseTo(0.95, 10);
    expect(lo).toBeLessThan(posteriorMean(post));
    expect(hi).toBeGreaterThan(posteriorMean(post));
  });

  it('narrows the interval as votes accumulate at the same ratio', () => {
    let previous = Infinity;
    for (const n of [1, 4, 16, 64, 256]) {
      const [lo, hi] = credibleInterval(betaPosterior({ yes: 3 * n, no: n }));
      expect(hi - lo).toBeLessThan(previous);
      previous = hi - lo;
    }
    expect(previous).toBeLessThan(0.12);
  });

  it('accepts fractional (reliability-weighted) counts', () => {
    const post = betaPosterior({ yes: 2.5, no: 0.25 });
    expect(post.evidence).toBeCloseTo(2.75, 12);
    expect(probabilityAbove(post, 0.5)).toBeGreaterThan(0.8);
    expect(() => betaPosterior({ yes: -1, no: 0 })).toThrow(RangeError);
    expect(() => betaPosterior({ yes: Number.NaN, no: 0 })).toThrow(RangeError);
  });
});

describe('betaVerdict', () => {
  it("is 'unknown' with zero votes and reports the prior instead of 0 or 1", () => {
    const none = betaVerdict({ yes: 0, no: 0 });
    expect(none.verdict).toBe('unknown');
    expect(none.mean).toBe(0.5);
    const allUnsure = betaVerdict({ yes: 0, no: 0, unsure: 12 });
    expect(allUnsure.verdict).toBe('unknown');
    expect(allUnsure.unsure).toBe(12);
    expect(betaVerdict({ yes: 0, no: 0 }, { prior: priorFromMean(0.9, 4) }).verdict).toBe('unknown');
  });

  it('needs enough agreement before it commits', () => {
    expect(betaVerdict({ yes: 1, no: 0 }).verdict).toBe('uncertain');
    expect(betaVerdict({ yes: 3, no: 2 }).verdict).toBe('uncertain');
    expect(betaVerdict({ yes: 8, no: 0 }).verdict).toBe('likely_right');
    expect(betaVerdict({ yes: 0, no: 8 }).verdict).toBe('likely_wrong');
    expect(betaVerdict({ yes: 30, no: 14 }).verdict).toBe('likely_right');
    expect(betaVerdict({ yes: 30, no: 24 }).verdict).toBe('uncertain');
  });

  it('uses P(p > threshold) as the decision quantity', () => {
    const counts = { yes: 9, no: 3 };
    const s = betaVerdict(counts, { threshold: 0.6, confidence: 0.8 });
    expect(s.probabilityRight).toBeCloseTo(1 - regularizedIncompleteBeta(0.6, 10, 4), 12);
    expect(s.verdict).toBe(s.probabilityRight >= 0.8 ? 'likely_right' : 'uncertain');
    expect(betaVerdict({ yes: 5, no: 5 }).probabilityRight).toBeCloseTo(0.5, 12);
  });

  it('lets a base-rate prior shift the answer but never decide alone', () => {
    const prior = priorFromMean(0.85, 4);
    const noVotes = betaVerdict({ yes: 0, no: 0 }, { prior });
    expect(noVotes.probabilityRight).toBeGreaterThan(0.95);
    expect(noVotes.verdict).toBe('unknown');
    expect(betaVerdict({ yes: 0, no: 1 }, { prior }).verdict).toBe('uncertain');
    expect(betaVerdict({ yes: 0, no: 1 }).verdict).toBe('uncertain');
    expect(betaVerdict({ yes: 1, no: 0 }, { prior }).verdict).toBe('likely_right');
  });
});

describe('passesExport', () => {
  it('rejects 1/1 and 4/5 at 0.8 where the raw ratio would accept them, and accepts a solid majority', () => {
    expect(passesExport({ yes: 1, no: 0 }, 0.8)).toBe(false);
    expect(passesExport({ yes: 4, no: 1 }, 0.8)).toBe(false);
    expect(passesExport({ yes: 40, no: 1 }, 0.8)).toBe(true);
    expect(passesExport({ yes: 0, no: 0 }, 0.1)).toBe(false);
  });
});
