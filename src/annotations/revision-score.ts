import { applyVote, EMPTY_PAIR_SCORE, pairProbability, pairVerdict, type PairScore, type ScoredVote } from '../../libs/consensus/index.js';
import type { RevisionVerdict } from './annotation-revision.entity.js';

export interface RevisionScore {
  yes: number;
  no: number;
  informative: number;
  weightSum: number;
  probability: number | null;
  verdict: RevisionVerdict;
}

export interface ScoreSettings {
  priorProbability: number;
  /** validation.confirmedThreshold: at or above it the drawing is validated, at or below 1 − it rejected. */
  threshold: number;
}

/** The score a revision's stored fields describe, as libs/consensus's pair state. */
export function stateOf(score: Pick<RevisionScore, 'yes' | 'no' | 'informative' | 'weightSum'>): PairScore {
  return { weightSum: score.weightSum, answered: score.yes + score.no, informative: score.informative, unsure: 0 };
}

/** A revision's counters, probability and verdict from its score state, as label pairs get theirs. */
export function finishScore(state: PairScore, counts: { yes: number; no: number }, settings: ScoreSettings): RevisionScore {
  const probability = state.informative > 0 ? pairProbability(state, settings.priorProbability) : null;
  const verdict = pairVerdict(state, settings.priorProbability, { right: settings.threshold, wrong: 1 - settings.threshold }) as RevisionVerdict;
  return { ...counts, informative: state.informative, weightSum: state.weightSum, probability, verdict };
}

/** Scores a revision from scratch (used after voter weights were re-estimated). */
export function scoreVotes(votes: readonly ScoredVote[], settings: ScoreSettings): RevisionScore {
  let state: PairScore = { ...EMPTY_PAIR_SCORE };
  for (const vote of votes) state = applyVote(state, null, vote);
  const yes = votes.filter((v) => v.answer === 'yes').length;
  return finishScore(state, { yes, no: votes.length - yes }, settings);
}
