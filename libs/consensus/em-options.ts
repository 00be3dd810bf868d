/** Options and defaults for the Dawid–Skene EM, kept apart so the loop itself stays readable. */
import type { Verdict } from './posterior.js';
import type { BelowChancePolicy } from './weights.js';

/** A Beta prior written as `strength` pseudo-observations with average `mean`. */
export interface PseudoCountPrior {
  mean: number;
  strength: number;
}

export type VoterFlag = 'trusted' | 'training' | 'suspected_spammer' | 'adversarial';

export interface FlagOptions {
  /** Checkable answers (against gold or other voters) before a voter leaves training. Default 10. */
  minEvidence?: number;
  /** Width of the accuracy band in standard deviations. Default 2. */
  z?: number;
  /** Accuracy a voter must confidently exceed to be trusted; confidently below it is a spammer. Default 0.7. */
  minUsefulAccuracy?: number;
}

export interface DawidSkeneOptions {
  /** 'two-coin' (sensitivity + specificity, default) catches always-yes voters; 'one-coin' is one accuracy per voter. */
  model?: 'one-coin' | 'two-coin';
  /** Prior on each voter's rates; a new voter sits near its mean. Default { mean: 0.7, strength: 4 }. */
  voterPrior?: PseudoCountPrior;
  /** Prior on the share of right labels (per group). Default { mean: 0.5, strength: 2 }. */
  classPrior?: PseudoCountPrior;
  /** Re-estimate the share of right labels from the data (default) or hold it at classPrior.mean. */
  learnClassPrior?: boolean;
  /** Per-pair group (e.g. label index) so each label gets its own base rate. */
  groups?: { of: Int32Array; count: number };
  /** Per pair: 1 known right, 0 known wrong, -1 (or absent) unknown. Clamped during EM. */
  gold?: Int8Array;
  belowChance?: BelowChancePolicy;
  /** Stop when no pair probability moves more than this. Default 1e-6. */
  tolerance?: number;
  /** Default 200. */
  maxIterations?: number;
  /** Warm start from a previous run; voters beyond these arrays start at the prior. */
  initial?: { sensitivity: ArrayLike<number>; specificity: ArrayLike<number>; classPrior?: ArrayLike<number> };
  flags?: FlagOptions;
  /** Verdict cut-offs on the pair posterior. Default right >= 0.95, wrong <= 0.05. */
  verdict?: { right?: number; wrong?: number };
  /** Record the log-posterior after each iteration (one extra pass per iteration). */
  trackObjective?: boolean;
}

export interface ResolvedOptions {
  model: 'one-coin' | 'two-coin';
  voterPrior: PseudoCountPrior;
  classPrior: PseudoCountPrior;
  learnClassPrior: boolean;
  groupOf: Int32Array | null;
  numGroups: number;
  gold: Int8Array | null;
  belowChance: BelowChancePolicy;
  tolerance: number;
  maxIterations: number;
  flags: Required<FlagOptions>;
  verdict: { right: number; wrong: number };
  trackObjective: boolean;
}

function checkPrior(name: string, p: PseudoCountPrior): PseudoCountPrior {
  if (!(p.mean > 0 && p.mean < 1) || !(p.strength > 0) || !Number.isFinite(p.strength)) {
    throw new RangeError(`${name} needs mean in (0, 1) and a finite strength > 0`);
  }
  return p;
}

export function resolveOptions(o: DawidSkeneOptions, numPairs: number): ResolvedOptions {
  const groupOf = o.groups?.of ?? null;
  const numGroups = o.groups?.count ?? 1;
  if (groupOf) {
    if (groupOf.length !== numPairs) throw new RangeError('groups.of must have one entry per pair');
    for (const g of groupOf) if (g < 0 || g >= numGroups) throw new RangeError(`group ${g} out of range`);
  }
  const gold = o.gold ?? null;
  if (gold && gold.length !== numPairs) throw new RangeError('gold must have one entry per pair');
  const verdict = { right: o.verdict?.right ?? 0.95, wrong: o.verdict?.wrong ?? 0.05 };
  if (!(verdict.wrong < 0.5 && verdict.right > 0.5)) throw new RangeError('verdict cut-offs must straddle 0.5');
  const tolerance = o.tolerance ?? 1e-6;
  const maxIterations = o.maxIterations ?? 200;
  if (!(tolerance > 0) || !(maxIterations >= 1)) throw new RangeError('tolerance must be > 0 and maxIterations >= 1');
  return {
    model: o.model ?? 'two-coin',
    voterPrior: checkPrior('voterPrior', o.voterPrior ?? { mean: 0.7, strength: 4 }),
    classPrior: checkPrior('classPrior', o.classPrior ?? { mean: 0.5, strength: 2 }),
    learnClassPrior: o.learnClassPrior ?? true,
    groupOf,
    numGroups,
    gold,
    belowChance: o.belowChance ?? 'ignore',
    tolerance,
    maxIterations,
    flags: {
      minEvidence: o.flags?.minEvidence ?? 10,
      z: o.flags?.z ?? 2,
      minUsefulAccuracy: o.flags?.minUsefulAccuracy ?? 0.7,
    },
    verdict,
    trackObjective: o.trackObjective ?? false,
  };
}

/** Verdict on a pair posterior; 'unknown' when no vote carried any weight. */
export function verdictFromProbability(
  probability: number,
  informativeVotes: number,
  cutoffs: { right: number; wrong: number } = { right: 0.95, wrong: 0.05 },
): Verdict {
  if (informativeVotes === 0) return 'unknown';
  if (probability >= cutoffs.right) return 'likely_right';
  if (probability <= cutoffs.wrong) return 'likely_wrong';
  return 'uncertain';
}
