/**
 * O(1) per-vote scoring between EM runs. A pair's log-odds is its prior log-odds plus the sum of
 * its votes' weights, so a new, replaced or removed vote only adds or subtracts one weight.
 *
 * Store the weight a vote was counted with on the vote row: a replaced or removed vote must take
 * back exactly what it added, even if the voter's weights changed since. After each EM run,
 * reset every pair from the EM result (or `scorePairs`) and every vote's stored weight.
 */
import { verdictFromProbability } from './em-options.js';
import type { Verdict } from './posterior.js';
import { ANSWER, dedupeVotes, type Answer, type VoteTable } from './votes.js';
import { voteWeight, type VoterWeights } from './weights.js';

// Aliased once: global lookups are slow inside Jest's vm sandbox.
const { exp, log, log1p } = Math;

export interface PairScore {
  /** Sum of the weights of the pair's current votes. */
  weightSum: number;
  /** Yes/no votes. */
  answered: number;
  /** Yes/no votes with non-zero weight. */
  informative: number;
  unsure: number;
}

export const EMPTY_PAIR_SCORE: Readonly<PairScore> = Object.freeze({ weightSum: 0, answered: 0, informative: 0, unsure: 0 });

/** A vote as counted: its answer and the weight it contributed at that time. */
export interface ScoredVote {
  answer: Answer;
  weight: number;
}

/**
 * Apply one change: `previous` is the voter's vote being replaced or removed (null if none),
 * `next` the new vote (null when the vote is withdrawn). Returns a new state.
 */
export function applyVote(state: PairScore, previous: ScoredVote | null, next: ScoredVote | null): PairScore {
  let { weightSum, answered, informative, unsure } = state;
  if (previous) {
    if (previous.answer === 'unsure') unsure--;
    else {
      answered--;
      if (previous.weight !== 0) informative--;
      weightSum -= previous.weight;
    }
  }
  if (next) {
    if (!Number.isFinite(next.weight)) throw new RangeError('vote weight must be finite');
    if (next.answer === 'unsure') {
      if (next.weight !== 0) throw new RangeError('an unsure vote carries no weight');
      unsure++;
    } else {
      answered++;
      if (next.weight !== 0) informative++;
      weightSum += next.weight;
    }
  }
  if (answered < 0 || informative < 0 || unsure < 0) throw new RangeError('removed a vote the pair did not have');
  // With no weighted vote left the sum is exactly 0; drop the rounding residue of add-then-subtract.
  if (informative === 0) weightSum = 0;
  return { weightSum, answered, informative, unsure };
}

/** Convenience: score a vote with the current weights (fallback for voters EM has not seen yet). */
export function scoreVote(
  weights: VoterWeights,
  voter: number,
  answer: Answer,
  fallback?: { yes: number; no: number },
): ScoredVote {
  return { answer, weight: voteWeight(weights, voter, answer, fallback) };
}

export function pairLogOdds(state: PairScore, priorProbability: number): number {
  if (!(priorProbability > 0 && priorProbability < 1)) throw new RangeError('prior probability must be in (0, 1)');
  return log(priorProbability) - log1p(-priorProbability) + state.weightSum;
}

export function pairProbability(state: PairScore, priorProbability: number): number {
  const x = pairLogOdds(state, priorProbability);
  return x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x));
}

export function pairVerdict(
  state: PairScore,
  priorProbability: number,
  cutoffs?: { right: number; wrong: number },
): Verdict {
  return verdictFromProbability(pairProbability(state, priorProbability), state.informative, cutoffs);
}

/**
 * Batch scoring with fixed weights — the EM E-step without re-estimating anyone. `prior` is one
 * probability for all pairs or one per pair (e.g. the EM class prior of each pair's label).
 */
export function scorePairs(
  table: VoteTable,
  weights: VoterWeights,
  prior: number | Float64Array,
  fallback?: { yes: number; no: number },
): { scores: PairScore[]; probability: Float64Array } {
  table = dedupeVotes(table).table;
  const P = table.numPairs;
  if (typeof prior !== 'number' && prior.length !== P) throw new RangeError('prior must have one entry per pair');
  const weightSum = new Float64Array(P);
  const answered = new Int32Array(P);
  const informative = new Int32Array(P);
  const unsure = new Int32Array(P);
  for (let k = 0; k < table.pair.length; k++) {
    const i = table.pair[k];
    const a = table.answer[k];
    if (a === ANSWER.unsure) {
      unsure[i]++;
      continue;
    }
    const w = voteWeight(weights, table.voter[k], a as 0 | 1, fallback);
    answered[i]++;
    if (w !== 0) informative[i]++;
    weightSum[i] += w;
  }
  const scores: PairScore[] = new Array(P);
  const probability = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    scores[i] = { weightSum: informative[i] === 0 ? 0 : weightSum[i], answered: answered[i], informative: informative[i], unsure: unsure[i] };
    probability[i] = pairProbability(scores[i], typeof prior === 'number' ? prior : prior[i]);
  }
  return { scores, probability };
}
