/**
 * Voter weights: the log-likelihood ratio one answer adds to a pair's log-odds of being right.
 * Shared by the EM E-step and the per-vote incremental scorer so both give identical numbers.
 */
import { ANSWER, type Answer, type AnswerCode } from './votes.js';

// Aliased once: a global lookup per call is very slow inside Jest's vm sandbox, which runs the scale test.
const { log, log1p } = Math;

export interface VoterWeights {
  /** log(sensitivity / (1 - specificity)): what a "yes" from this voter adds. */
  yes: Float64Array;
  /** log((1 - sensitivity) / specificity): what a "no" adds (negative for a useful voter). */
  no: Float64Array;
}

/**
 * What to do with voters who are worse than chance (sensitivity + specificity < 1).
 * 'invert' trusts them in reverse, which is what plain Dawid–Skene does and is most accurate
 * while they stay consistent; 'ignore' gives them weight 0, so a flagged adversary who changes
 * tactics between EM runs cannot steer results through the inverted weight.
 */
export type BelowChancePolicy = 'ignore' | 'invert';

export function answerWeight(sensitivity: number, specificity: number, answer: AnswerCode, policy: BelowChancePolicy): number {
  if (answer === ANSWER.unsure) return 0;
  if (policy === 'ignore' && sensitivity + specificity < 1) return 0;
  return answer === ANSWER.yes
    ? log(sensitivity) - log1p(-specificity)
    : log1p(-sensitivity) - log(specificity);
}

export function weightsFromReliability(
  sensitivity: ArrayLike<number>,
  specificity: ArrayLike<number>,
  policy: BelowChancePolicy = 'ignore',
): VoterWeights {
  const n = sensitivity.length;
  if (specificity.length !== n) throw new RangeError('sensitivity and specificity must have equal length');
  const yes = new Float64Array(n);
  const no = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const s = sensitivity[j];
    const c = specificity[j];
    if (!(s > 0 && s < 1 && c > 0 && c < 1)) throw new RangeError(`voter ${j}: rates must be in (0, 1)`);
    yes[j] = answerWeight(s, c, ANSWER.yes, policy);
    no[j] = answerWeight(s, c, ANSWER.no, policy);
  }
  return { yes, no };
}

/** Weight of one answer; voters beyond the arrays (joined after the last EM run) get `fallback`. */
export function voteWeight(
  weights: VoterWeights,
  voter: number,
  answer: Answer | AnswerCode,
  fallback?: { yes: number; no: number },
): number {
  const code = typeof answer === 'string' ? ANSWER[answer] : answer;
  if (code === ANSWER.unsure) return 0;
  if (voter >= 0 && voter < weights.yes.length) return code === ANSWER.yes ? weights.yes[voter] : weights.no[voter];
  if (!fallback) throw new RangeError(`voter ${voter} has no weight and no fallback was given`);
  return code === ANSWER.yes ? fallback.yes : fallback.no;
}

/** Weights for a voter EM has not seen: the voter prior's mean reliability, i.e. the training-phase weight. */
export function priorWeight(priorAccuracy: number): { yes: number; no: number } {
  if (!(priorAccuracy > 0 && priorAccuracy < 1)) throw new RangeError('prior accuracy must be in (0, 1)');
  const w = log(priorAccuracy) - log1p(-priorAccuracy);
  return { yes: w, no: -w };
}
