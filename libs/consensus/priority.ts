/**
 * Validation-queue ordering: ask about the pairs where one more vote teaches the most, and mix
 * gold (known-answer) pairs into the queue so voters are measured, most of all while in training.
 */
import type { VoterFlag } from './em-options.js';

const { log2, max } = Math;

/** Binary entropy in bits; 0 at certainty, 1 at a coin flip. */
export function entropyBits(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -(p * log2(p) + (1 - p) * log2(1 - p));
}

export interface TypicalVoter {
  sensitivity: number;
  specificity: number;
}

export const TYPICAL_VOTER: Readonly<TypicalVoter> = Object.freeze({ sensitivity: 0.85, specificity: 0.85 });

/**
 * Expected information gain (bits) about the truth from one more vote by `voter` on a pair now at
 * `probability`: H(q) − E[H(q | vote)], the mutual information between vote and truth.
 */
export function voteInformationGain(probability: number, voter: TypicalVoter = TYPICAL_VOTER): number {
  const q = probability;
  const { sensitivity: s, specificity: c } = voter;
  if (!(q >= 0 && q <= 1)) throw new RangeError(`probability must be in [0, 1], got ${q}`);
  const pYes = q * s + (1 - q) * (1 - c);
  const afterYes = pYes > 0 ? (q * s) / pYes : q;
  const afterNo = pYes < 1 ? (q * (1 - s)) / (1 - pYes) : q;
  // Clamp tiny negative rounding so a useless vote scores exactly 0.
  return max(0, entropyBits(q) - pYes * entropyBits(afterYes) - (1 - pYes) * entropyBits(afterNo));
}

export interface PriorityOptions {
  voter?: TypicalVoter;
  /** Votes at which a pair's priority is halved, so fresh pairs beat ones many have already seen. Default 8. */
  votesHalfLife?: number;
  /** Stop asking the crowd after this many votes (send to moderators instead). Default 25. */
  maxVotes?: number;
}

export interface TaskCandidate {
  pair: number;
  probability: number;
  /** Votes so far, unsure included (an unsure vote still used someone's time). */
  votes: number;
  /** Gold pairs are served by the gold-mixing rule, never by priority. */
  gold?: boolean;
}

/** Votes (unsure included) after which the crowd is no longer asked about a pair. */
export const DEFAULT_MAX_VOTES = 25;

export function taskPriority(c: TaskCandidate, o: PriorityOptions = {}): number {
  if (c.gold) return 0;
  const maxVotes = o.maxVotes ?? DEFAULT_MAX_VOTES;
  if (c.votes >= maxVotes) return 0;
  return voteInformationGain(c.probability, o.voter) / (1 + c.votes / (o.votesHalfLife ?? 8));
}

/**
 * The `k` best tasks for one voter, skipping pairs they have already seen. Ties go to fewer votes,
 * then the lower pair index, so the order is deterministic.
 */
export function rankTasks(
  candidates: readonly TaskCandidate[],
  k: number,
  seen: (pair: number) => boolean = () => false,
  o: PriorityOptions = {},
): TaskCandidate[] {
  return candidates
    .filter((c) => !seen(c.pair))
    .map((c) => ({ c, p: taskPriority(c, o) }))
    .filter((x) => x.p > 0)
    .sort((a, b) => b.p - a.p || a.c.votes - b.c.votes || a.c.pair - b.c.pair)
    .slice(0, k)
    .map((x) => x.c);
}

export interface GoldMixOptions {
  /** Share of gold for voters in training (and voters EM has not seen yet). Default 0.3. */
  trainingRate?: number;
  /** Share of gold for trusted voters: enough to notice a change of behaviour. Default 0.05. */
  trustedRate?: number;
  /** Share of gold for suspected spammers and adversaries, to confirm or clear the flag. Default 0.5. */
  suspectRate?: number;
  /** A voter with fewer gold answers than this stays on the training rate whatever the flag. Default 10. */
  minGoldAnswers?: number;
}

export function goldRate(flag: VoterFlag | undefined, goldAnswered: number, o: GoldMixOptions = {}): number {
  const training = o.trainingRate ?? 0.3;
  if (flag === undefined || flag === 'training' || goldAnswered < (o.minGoldAnswers ?? 10)) return training;
  if (flag === 'trusted') return o.trustedRate ?? 0.05;
  return o.suspectRate ?? 0.5;
}

/**
 * Whether the next task should be gold. Random (not every n-th task) so voters cannot learn the
 * pattern; pass a uniform draw in [0, 1) from a CSPRNG in production, a seeded one in tests.
 */
export function serveGold(rate: number, uniform: number): boolean {
  if (!(rate >= 0 && rate <= 1)) throw new RangeError(`rate must be in [0, 1], got ${rate}`);
  return uniform < rate;
}
