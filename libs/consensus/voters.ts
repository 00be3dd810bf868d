/** Per-voter summary of an EM run: reliability, how much of it is checkable, gold results, and a flag. */
import type { ResolvedOptions, VoterFlag } from './em-options.js';
import type { VoterWeights } from './weights.js';

// Aliased once: a global lookup per call is very slow inside Jest's vm sandbox, which runs the scale test.
const { log, log1p, max, min, sqrt, tanh } = Math;

export interface VoterReport {
  /** P(yes | label right). Equals specificity in the one-coin model. */
  sensitivity: Float64Array;
  /** P(no | label wrong). */
  specificity: Float64Array;
  /** Balanced accuracy (sensitivity + specificity) / 2; 0.5 is chance whatever the base rate. */
  accuracy: Float64Array;
  accuracyLower: Float64Array;
  accuracyUpper: Float64Array;
  /**
   * How many of the voter's answers could be checked: each answer counts (2·q − 1)², where q is
   * the pair's probability from gold or from the *other* voters alone (never from the prior or the
   * voter's own vote), so a lone voter cannot vouch for themselves.
   */
  evidence: Float64Array;
  /** Yes/no answers. */
  votes: Int32Array;
  unsure: Int32Array;
  goldAnswered: Int32Array;
  goldCorrect: Int32Array;
  /** Accuracy on gold alone, shrunk towards the voter prior: (correct + m·k) / (answered + k). */
  goldAccuracy: Float64Array;
  flag: VoterFlag[];
}

export interface VoterInputs {
  pair: Int32Array;
  voter: Int32Array;
  yes: Uint8Array;
  voterUnsure: Int32Array;
  logOdds: Float64Array;
  sens: Float64Array;
  spec: Float64Array;
  pi: Float64Array;
  weights: VoterWeights;
  options: ResolvedOptions;
  numVoters: number;
}

export function flagVoter(
  accuracyLower: number,
  accuracyUpper: number,
  evidence: number,
  f: { minEvidence: number; minUsefulAccuracy: number },
): VoterFlag {
  if (evidence < f.minEvidence) return 'training';
  if (accuracyUpper < 0.5) return 'adversarial';
  if (accuracyUpper < f.minUsefulAccuracy) return 'suspected_spammer';
  if (accuracyLower >= f.minUsefulAccuracy) return 'trusted';
  return 'training';
}

export function reportVoters(x: VoterInputs): VoterReport {
  const o = x.options;
  const V = x.numVoters;
  const r: VoterReport = {
    sensitivity: x.sens,
    specificity: x.spec,
    accuracy: new Float64Array(V),
    accuracyLower: new Float64Array(V),
    accuracyUpper: new Float64Array(V),
    evidence: new Float64Array(V),
    votes: new Int32Array(V),
    unsure: x.voterUnsure,
    goldAnswered: new Int32Array(V),
    goldCorrect: new Int32Array(V),
    goldAccuracy: new Float64Array(V),
    flag: new Array<VoterFlag>(V),
  };
  const priorLogOdds = Array.from(x.pi, (p) => log(p) - log1p(-p));
  for (let k = 0; k < x.pair.length; k++) {
    const i = x.pair[k];
    const j = x.voter[k];
    r.votes[j]++;
    const g = o.gold ? o.gold[i] : -1;
    if (g === 0 || g === 1) {
      r.goldAnswered[j]++;
      if (x.yes[k] === g) r.goldCorrect[j]++;
      r.evidence[j] += 1;
      continue;
    }
    const own = x.yes[k] ? x.weights.yes[j] : x.weights.no[j];
    const others = x.logOdds[i] - priorLogOdds[o.groupOf ? o.groupOf[i] : 0] - own;
    const t = tanh(others / 2);
    r.evidence[j] += t * t;
  }
  const { mean, strength } = o.voterPrior;
  for (let j = 0; j < V; j++) {
    const acc = o.model === 'one-coin' ? x.sens[j] : (x.sens[j] + x.spec[j]) / 2;
    // Normal approximation on the checkable evidence; the prior's pseudo-votes keep it finite at zero.
    const sd = sqrt((acc * (1 - acc)) / (r.evidence[j] + strength));
    r.accuracy[j] = acc;
    r.accuracyLower[j] = max(0, acc - o.flags.z * sd);
    r.accuracyUpper[j] = min(1, acc + o.flags.z * sd);
    r.goldAccuracy[j] = (r.goldCorrect[j] + mean * strength) / (r.goldAnswered[j] + strength);
    r.flag[j] = flagVoter(r.accuracyLower[j], r.accuracyUpper[j], r.evidence[j], o.flags);
  }
  return r;
}
