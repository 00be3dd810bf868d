/**
 * Dawid–Skene EM over all votes: learns each voter's reliability and each pair's probability of
 * being right together, so agreement with reliable voters counts and spammers fade out.
 *
 * Rates are estimated as (soft successes + mean·strength) / (soft trials + strength), which is the
 * MAP estimate under Beta(mean·strength + 1, (1 − mean)·strength + 1); hence EM climbs the
 * log-posterior monotonically (with belowChance 'invert') and a voter with few votes stays near
 * the prior mean — the training phase.
 */
import { resolveOptions, verdictFromProbability, type DawidSkeneOptions, type ResolvedOptions } from './em-options.js';
import type { Verdict } from './posterior.js';
import { dedupeVotes, ANSWER, type VoteTable } from './votes.js';
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

/** Answered (yes/no) votes only; unsure votes are counted but never enter the maths. */
interface Compact {
  pair: Int32Array;
  voter: Int32Array;
  yes: Uint8Array;
  pairUnsure: Int32Array;
  voterUnsure: Int32Array;
}

function compact(t: VoteTable): Compact {
  let answered = 0;
  for (let k = 0; k < t.answer.length; k++) if (t.answer[k] !== ANSWER.unsure) answered++;
  const c: Compact = {
    pair: new Int32Array(answered),
    voter: new Int32Array(answered),
    yes: new Uint8Array(answered),
    pairUnsure: new Int32Array(t.numPairs),
    voterUnsure: new Int32Array(t.numVoters),
  };
  let j = 0;
  for (let k = 0; k < t.answer.length; k++) {
    if (t.answer[k] === ANSWER.unsure) {
      c.pairUnsure[t.pair[k]]++;
      c.voterUnsure[t.voter[k]]++;
      continue;
    }
    c.pair[j] = t.pair[k];
    c.voter[j] = t.voter[k];
    c.yes[j++] = t.answer[k] === ANSWER.yes ? 1 : 0;
  }
  return c;
}

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

  const mStep = (): void => mStepRates(c, q, sens, spec, pi, o);

  const objective: number[] = [];
  eStep();
  let iterations = 0;
  let converged = false;
  while (iterations < o.maxIterations) {
    iterations++;
    qPrev.set(q);
    mStep();
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

function mStepRates(
  c: Compact,
  q: Float64Array,
  sens: Float64Array,
  spec: Float64Array,
  pi: Float64Array,
  o: ResolvedOptions,
): void {
  const V = sens.length;
  // Soft counts: yes-answers on right pairs / right pairs seen, no-answers on wrong / wrong seen.
  const yesRight = new Float64Array(V);
  const right = new Float64Array(V);
  const noWrong = new Float64Array(V);
  const seen = new Float64Array(V);
  for (let k = 0; k < c.pair.length; k++) {
    const j = c.voter[k];
    const r = q[c.pair[k]];
    right[j] += r;
    seen[j] += 1;
    if (c.yes[k]) yesRight[j] += r;
    else noWrong[j] += 1 - r;
  }
  const { mean, strength } = o.voterPrior;
  const pseudo = mean * strength;
  for (let j = 0; j < V; j++) {
    if (o.model === 'one-coin') {
      sens[j] = spec[j] = (yesRight[j] + noWrong[j] + pseudo) / (seen[j] + strength);
    } else {
      sens[j] = (yesRight[j] + pseudo) / (right[j] + strength);
      spec[j] = (noWrong[j] + pseudo) / (seen[j] - right[j] + strength);
    }
  }
  if (!o.learnClassPrior) return;
  const sum = new Float64Array(pi.length);
  const count = new Float64Array(pi.length);
  for (let i = 0; i < q.length; i++) {
    const g = o.groupOf ? o.groupOf[i] : 0;
    sum[g] += q[i];
    count[g] += 1;
  }
  for (let g = 0; g < pi.length; g++) {
    pi[g] = (sum[g] + o.classPrior.mean * o.classPrior.strength) / (count[g] + o.classPrior.strength);
  }
}

/** log p(votes, gold | rates) + log prior(rates): the quantity EM (with 'invert') never decreases. */
function logPosterior(
  c: Compact,
  sens: Float64Array,
  spec: Float64Array,
  pi: Float64Array,
  o: ResolvedOptions,
  P: number,
  V: number,
): number {
  const l1 = new Float64Array(P);
  const l0 = new Float64Array(P);
  for (let i = 0; i < P; i++) {
    const g = o.groupOf ? o.groupOf[i] : 0;
    l1[i] = log(pi[g]);
    l0[i] = log1p(-pi[g]);
  }
  for (let k = 0; k < c.pair.length; k++) {
    const i = c.pair[k];
    const j = c.voter[k];
    l1[i] += c.yes[k] ? log(sens[j]) : log1p(-sens[j]);
    l0[i] += c.yes[k] ? log1p(-spec[j]) : log(spec[j]);
  }
  let total = 0;
  for (let i = 0; i < P; i++) {
    const g = o.gold ? o.gold[i] : -1;
    if (g === 1) total += l1[i];
    else if (g === 0) total += l0[i];
    else total += max(l1[i], l0[i]) + log1p(exp(-abs(l1[i] - l0[i])));
  }
  const betaLog = (x: number, p: { mean: number; strength: number }) =>
    p.mean * p.strength * log(x) + (1 - p.mean) * p.strength * log1p(-x);
  for (let j = 0; j < V; j++) {
    total += betaLog(sens[j], o.voterPrior);
    if (o.model === 'two-coin') total += betaLog(spec[j], o.voterPrior);
  }
  if (o.learnClassPrior) for (const p of pi) total += betaLog(p, o.classPrior);
  return total;
}
