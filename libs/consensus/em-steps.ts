/** The inner passes of the Dawid–Skene EM: vote compaction, the M-step and the objective. */
import type { ResolvedOptions } from './em-options.js';
import { ANSWER, type VoteTable } from './votes.js';

// Aliased once: a global lookup per call is very slow inside Jest's vm sandbox, which runs the scale test.
const { abs, exp, log, log1p, max } = Math;

/** Answered (yes/no) votes only; unsure votes are counted but never enter the maths. */
export interface Compact {
  pair: Int32Array;
  voter: Int32Array;
  yes: Uint8Array;
  pairUnsure: Int32Array;
  voterUnsure: Int32Array;
}

export function compact(t: VoteTable): Compact {
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

export function mStepRates(
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
export function logPosterior(
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
