/**
 * Dawid–Skene EM over all votes: learns each voter's reliability and each pair's probability of
 * being right together, so agreement with reliable voters counts and spammers fade out.
 *
 * Rates are estimated as (soft successes + mean·strength) / (soft trials + strength), which is the
 * MAP estimate under Beta(mean·strength + 1, (1 − mean)·strength + 1); hence EM climbs the
 * log-posterior monotonically (with belowChance 'invert') and a voter with few votes stays near
 * the prior mean — the training phase.
 */
import { resolveOptions, verdictFromProbability, type DawidSkeneOptions } from './em-options.js';
import type { Verdict } from './posterior.js';
import { compact, logPosterior, mStepRates } from './em-steps.js';
import { dedupeVotes, type VoteTable } from './votes.js';
import { reportVoters, type VoterReport } from './voters.js';
import { weightsFromReliability, type VoterWeights } from './weights.js';

// Aliased once: a global lookup per call is very slow inside Jest's vm sandbox, which runs the scale test.
const { abs, exp, log, log1p, max, min } = Math;

export interface PairReport {
  /** P(label is right | votes, reliabilities); gold pairs are exactly 0 or 1. */
  probability: Float64Array;
  /** Log-odds including the group prior (±Infinity for gold). */
  logOdds: Float64Array;
  /** Yes/no votes. */
  votes: Int32Array;
  unsure: Int32Array;
  /** Yes/no votes whose voter carried non-zero weight. */
  informative: Int32Array;
  verdict: Verdict[];
}

export interface DawidSkeneResult {
  model: 'one-coin' | 'two-coin';
  iterations: number;
  converged: boolean;
  pairs: PairReport;
  voters: VoterReport;
  weights: VoterWeights;
  /** Share of right labels per group, as used in the final E-step. */
  classPrior: Float64Array;
  /** Log-posterior after each iteration when trackObjective is set. */
  objective: number[];
  duplicatesDropped: number;
}

const logit = (p: number) => log(p) - log1p(-p);
const sigmoid = (x: number) => (x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x)));

export function runDawidSkene(input: VoteTable, options: DawidSkeneOptions = {}): DawidSkeneResult {
  const { table, dropped } = dedupeVotes(input);
  const o = resolveOptions(options, table.numPairs);
  const P = table.numPairs;
  const V = table.numVoters;
  const c = compact(table);
  const n = c.pair.length;
  const gold = o.gold;
  const groupOf = o.groupOf;

  const sens = new Float64Array(V).fill(o.voterPrior.mean);
  const spec = new Float64Array(V).fill(o.voterPrior.mean);
  if (options.initial) {
    const { sensitivity: s0, specificity: c0 } = options.initial;
    for (let j = 0; j < min(V, s0.length, c0.length); j++) {
      if (s0[j] > 0 && s0[j] < 1 && c0[j] > 0 && c0[j] < 1) [sens[j], spec[j]] = [s0[j], c0[j]];
    }
  }
  const pi = new Float64Array(o.numGroups).fill(o.classPrior.mean);
  const pi0 = options.initial?.classPrior;
  if (pi0 && o.learnClassPrior) for (let g = 0; g < min(pi.length, pi0.length); g++) if (pi0[g] > 0 && pi0[g] < 1) pi[g] = pi0[g];
  const logOdds = new Float64Array(P);
  const q = new Float64Array(P);
  const qPrev = new Float64Array(P);
  let weights = weightsFromReliability(sens, spec, o.belowChance);

  const eStep = (): void => {
    weights = weightsFromReliability(sens, spec, o.belowChance);
    const priorLogOdds = Array.from(pi, logit);
    for (let i = 0; i < P; i++) logOdds[i] = priorLogOdds[groupOf ? groupOf[i] : 0];
    for (let k = 0; k < n; k++) {
      const j = c.voter[k];
      logOdds[c.pair[k]] += c.yes[k] ? weights.yes[j] : weights.no[j];
    }
    for (let i = 0; i < P; i++) {
      const g = gold ? gold[i] : -1;
      if (g === 1 || g === 0) {
        q[i] = g;
        logOdds[i] = g === 1 ? Infinity : -Infinity;
      } else q[i] = sigmoid(logOdds[i]);
    }
  };

  const objective: number[] = [];
  eStep();
  let iterations = 0;
  let converged = false;
  while (iterations < o.maxIterations) {
    iterations++;
    qPrev.set(q);
    mStepRates(c, q, sens, spec, pi, o);
    eStep();
    if (o.trackObjective) objective.push(logPosterior(c, sens, spec, pi, o, P, V));
    let delta = 0;
    for (let i = 0; i < P; i++) delta = max(delta, abs(q[i] - qPrev[i]));
    if (delta < o.tolerance) {
      converged = true;
      break;
    }
  }

  const informative = new Int32Array(P);
  const votes = new Int32Array(P);
  for (let k = 0; k < n; k++) {
    const j = c.voter[k];
    votes[c.pair[k]]++;
    if ((c.yes[k] ? weights.yes[j] : weights.no[j]) !== 0) informative[c.pair[k]]++;
  }
  const verdict: Verdict[] = new Array(P);
  for (let i = 0; i < P; i++) {
    const known = gold !== null && (gold[i] === 0 || gold[i] === 1);
    verdict[i] = verdictFromProbability(q[i], known ? 1 : informative[i], o.verdict);
  }
  const voters = reportVoters({ ...c, logOdds, sens, spec, pi, weights, options: o, numVoters: V });
  return {
    model: o.model,
    iterations,
    converged,
    pairs: { probability: q, logOdds, votes, unsure: c.pairUnsure, informative, verdict },
    voters,
    weights,
    classPrior: pi,
    objective,
    duplicatesDropped: dropped,
  };
}
