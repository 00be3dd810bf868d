/**
 * Beta–Bernoulli model of one (image, label) pair: p is the chance that a voter says "yes".
 * Works on plain counters (or reliability-weighted counts), so the app can show a calibrated
 * probability and interval straight from the pair row without running the full EM.
 */
import { betaQuantile, regularizedIncompleteBeta } from './beta.js';

export type Verdict = 'unknown' | 'likely_right' | 'likely_wrong' | 'uncertain';

export interface BetaPrior {
  alpha: number;
  beta: number;
}

/** Beta(1, 1): every yes-rate equally plausible before any vote. */
export const UNIFORM_PRIOR: Readonly<BetaPrior> = Object.freeze({ alpha: 1, beta: 1 });

/**
 * A prior worth `strength` pseudo-votes centred on `mean` — e.g. the label's base rate, so a
 * label that is usually right starts above 0.5 but a few votes still move it.
 */
export function priorFromMean(mean: number, strength: number): BetaPrior {
  if (!(mean > 0 && mean < 1)) throw new RangeError(`prior mean must be in (0, 1), got ${mean}`);
  if (!(strength > 0) || !Number.isFinite(strength)) throw new RangeError(`prior strength must be > 0, got ${strength}`);
  return { alpha: mean * strength, beta: (1 - mean) * strength };
}

/** Yes/no may be fractional when votes are weighted by voter reliability; unsure is counted, never evidence. */
export interface VoteCounts {
  yes: number;
  no: number;
  unsure?: number;
}

export interface BetaPosterior {
  alpha: number;
  beta: number;
  /** Evidence that entered the posterior (yes + no). */
  evidence: number;
  unsure: number;
}

export function betaPosterior(counts: VoteCounts, prior: BetaPrior = UNIFORM_PRIOR): BetaPosterior {
  const { yes, no } = counts;
  const unsure = counts.unsure ?? 0;
  for (const [name, v] of [['yes', yes], ['no', no], ['unsure', unsure]] as const) {
    if (!(v >= 0) || !Number.isFinite(v)) throw new RangeError(`${name} count must be a finite number >= 0, got ${v}`);
  }
  if (!(prior.alpha > 0 && prior.beta > 0)) throw new RangeError('prior alpha and beta must be > 0');
  return { alpha: prior.alpha + yes, beta: prior.beta + no, evidence: yes + no, unsure };
}

export function posteriorMean(post: BetaPosterior): number {
  return post.alpha / (post.alpha + post.beta);
}

export function posteriorVariance(post: BetaPosterior): number {
  const n = post.alpha + post.beta;
  return (post.alpha * post.beta) / (n * n * (n + 1));
}

/** Equal-tailed credible interval holding `mass` of the posterior. */
export function credibleInterval(post: BetaPosterior, mass = 0.95): [number, number] {
  if (!(mass > 0 && mass < 1)) throw new RangeError(`mass must be in (0, 1), got ${mass}`);
  const tail = (1 - mass) / 2;
  return [betaQuantile(tail, post.alpha, post.beta), betaQuantile(1 - tail, post.alpha, post.beta)];
}

/** P(p > threshold | votes). */
export function probabilityAbove(post: BetaPosterior, threshold: number): number {
  return 1 - regularizedIncompleteBeta(threshold, post.alpha, post.beta);
}

export interface BetaVerdictOptions {
  prior?: BetaPrior;
  /** The yes-rate that separates right from wrong. Default 0.5 (a majority of voters says yes). */
  threshold?: number;
  /** Posterior mass needed on one side of the threshold. Default 0.95. */
  confidence?: number;
  /** Mass of the reported credible interval. Default 0.95. */
  intervalMass?: number;
}

export interface BetaSummary {
  verdict: Verdict;
  mean: number;
  interval: [number, number];
  /** P(p > threshold). */
  probabilityRight: number;
  evidence: number;
  unsure: number;
}

/**
 * Zero evidence is 'unknown' — never 0 or 1, which is what ImageMonkey's consumers disagreed on —
 * and the mean/interval then simply restate the prior.
 */
export function betaVerdict(counts: VoteCounts, options: BetaVerdictOptions = {}): BetaSummary {
  const threshold = options.threshold ?? 0.5;
  const confidence = options.confidence ?? 0.95;
  if (!(threshold > 0 && threshold < 1)) throw new RangeError(`threshold must be in (0, 1), got ${threshold}`);
  if (!(confidence > 0.5 && confidence < 1)) throw new RangeError(`confidence must be in (0.5, 1), got ${confidence}`);
  const post = betaPosterior(counts, options.prior);
  const probabilityRight = probabilityAbove(post, threshold);
  let verdict: Verdict;
  if (post.evidence === 0) verdict = 'unknown';
  else if (probabilityRight >= confidence) verdict = 'likely_right';
  else if (1 - probabilityRight >= confidence) verdict = 'likely_wrong';
  else verdict = 'uncertain';
  return {
    verdict,
    mean: posteriorMean(post),
    interval: credibleInterval(post, options.intervalMass ?? 0.95),
    probabilityRight,
    evidence: post.evidence,
    unsure: post.unsure,
  };
}

/**
 * Export rule: the lower end of the one-sided credible bound must clear `minProbability`,
 * so 1 yes out of 1 cannot pass as "100 %" the way the raw ratio lets it.
 */
export function passesExport(
  counts: VoteCounts,
  minProbability: number,
  options: { prior?: BetaPrior; mass?: number } = {},
): boolean {
  const post = betaPosterior(counts, options.prior);
  if (post.evidence === 0) return false;
  const mass = options.mass ?? 0.9;
  return betaQuantile(1 - mass, post.alpha, post.beta) >= minProbability;
}
