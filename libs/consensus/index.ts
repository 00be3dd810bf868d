export { logGamma, logBeta, regularizedIncompleteBeta, betaCdf, betaQuantile } from './beta.js';
export {
  UNIFORM_PRIOR,
  priorFromMean,
  betaPosterior,
  posteriorMean,
  posteriorVariance,
  credibleInterval,
  probabilityAbove,
  betaVerdict,
  passesExport,
} from './posterior.js';
export type { Verdict, BetaPrior, VoteCounts, BetaPosterior, BetaVerdictOptions, BetaSummary } from './posterior.js';
export { ANSWER, answerCode, IdIndex, validateVoteTable, dedupeVotes, buildVoteTable } from './votes.js';
export type { Answer, AnswerCode, VoteTable, RawVote, BuiltVotes } from './votes.js';
export { verdictFromProbability } from './em-options.js';
export type { DawidSkeneOptions, PseudoCountPrior, FlagOptions, VoterFlag } from './em-options.js';
export { runDawidSkene } from './em.js';
export type { DawidSkeneResult, PairReport } from './em.js';
export { flagVoter } from './voters.js';
export type { VoterReport } from './voters.js';
export { answerWeight, weightsFromReliability, voteWeight, priorWeight } from './weights.js';
export type { VoterWeights, BelowChancePolicy } from './weights.js';
export { EMPTY_PAIR_SCORE, applyVote, scoreVote, pairLogOdds, pairProbability, pairVerdict, scorePairs } from './incremental.js';
export type { PairScore, ScoredVote } from './incremental.js';
export { DEFAULT_MAX_VOTES, entropyBits, TYPICAL_VOTER, voteInformationGain, taskPriority, rankTasks, goldRate, serveGold } from './priority.js';
export type { TypicalVoter, PriorityOptions, TaskCandidate, GoldMixOptions } from './priority.js';
export { detectValidityAlerts, detectSpamBursts, suspectFromFlags } from './alerts.js';
export type { ProbabilityPoint, ValidityAlert, ValidityAlertOptions, VoteEvent, SpamBurstOptions, SpamBurst } from './alerts.js';
/** Seeded crowd simulator, for the app's own tests and for tuning thresholds. */
export { mulberry32, simulateCrowd, standardVoters } from './sim.js';
export type { SimVoter, CrowdSpec, Crowd } from './sim.js';
