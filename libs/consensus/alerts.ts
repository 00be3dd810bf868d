/**
 * Alerts for moderators: a pair whose validity swings fast (a verdict flip, or a jump larger than
 * Δ inside a time window), and bursts of votes from voters flagged as spammers or adversaries.
 * Inputs are sorted by time; the app decides whether to notify, freeze exports, or re-run EM.
 */
import { verdictFromProbability, type VoterFlag } from './em-options.js';
import type { Verdict } from './posterior.js';

export interface ProbabilityPoint {
  time: number;
  probability: number;
  /** Weighted votes behind the probability; 0 means 'unknown'. Default 1. */
  informative?: number;
}

export type ValidityAlert =
  | { kind: 'verdict_flip'; time: number; since: number; from: Verdict; to: Verdict }
  | { kind: 'rapid_change'; time: number; since: number; from: number; to: number };

export interface ValidityAlertOptions {
  /** Time window, in the unit of `time`. */
  window: number;
  /** Largest tolerated change inside the window. Default 0.3. */
  maxDelta?: number;
  cutoffs?: { right: number; wrong: number };
}

function checkSorted(times: ArrayLike<number>): void {
  for (let k = 1; k < times.length; k++) {
    if (!(times[k] >= times[k - 1])) throw new RangeError('events must be sorted by time');
  }
}

export function detectValidityAlerts(history: readonly ProbabilityPoint[], o: ValidityAlertOptions): ValidityAlert[] {
  if (!(o.window > 0)) throw new RangeError('window must be > 0');
  const maxDelta = o.maxDelta ?? 0.3;
  checkSorted(history.map((h) => h.time));
  const alerts: ValidityAlert[] = [];
  // Monotonic deques of indices (array + head) give the window's min and max in amortised O(1).
  const minQ: number[] = [];
  const maxQ: number[] = [];
  let minHead = 0;
  let maxHead = 0;
  let lastConfident: { time: number; verdict: Verdict } | null = null;
  for (let k = 0; k < history.length; k++) {
    const { time, probability: p } = history[k];
    const verdict = verdictFromProbability(p, history[k].informative ?? 1, o.cutoffs);
    if (verdict === 'likely_right' || verdict === 'likely_wrong') {
      if (lastConfident && lastConfident.verdict !== verdict && time - lastConfident.time <= o.window) {
        alerts.push({ kind: 'verdict_flip', time, since: lastConfident.time, from: lastConfident.verdict, to: verdict });
      }
      lastConfident = { time, verdict };
    }
    while (minHead < minQ.length && time - history[minQ[minHead]].time > o.window) minHead++;
    while (maxHead < maxQ.length && time - history[maxQ[maxHead]].time > o.window) maxHead++;
    const lo = minHead < minQ.length ? history[minQ[minHead]] : null;
    const hi = maxHead < maxQ.length ? history[maxQ[maxHead]] : null;
    const ref = lo && p - lo.probability > maxDelta ? lo : hi && hi.probability - p > maxDelta ? hi : null;
    if (ref) {
      alerts.push({ kind: 'rapid_change', time, since: ref.time, from: ref.probability, to: p });
      // Start a fresh baseline so one swing raises one alert, not one per later point.
      minHead = minQ.length;
      maxHead = maxQ.length;
    }
    while (minQ.length > minHead && history[minQ[minQ.length - 1]].probability >= p) minQ.pop();
    minQ.push(k);
    while (maxQ.length > maxHead && history[maxQ[maxQ.length - 1]].probability <= p) maxQ.pop();
    maxQ.push(k);
  }
  return alerts;
}

export interface VoteEvent {
  time: number;
  voter: number;
}

export interface SpamBurstOptions {
  window: number;
  /** Suspect votes inside one window that make a burst. Default 5. */
  minVotes?: number;
  /** ...and their minimum share of all votes in that window. Default 0.5. */
  minShare?: number;
  isSuspect: (voter: number) => boolean;
}

export interface SpamBurst {
  start: number;
  end: number;
  suspectVotes: number;
  totalVotes: number;
}

const SUSPECT: ReadonlySet<VoterFlag> = new Set<VoterFlag>(['suspected_spammer', 'adversarial']);

export function suspectFromFlags(flags: ArrayLike<VoterFlag>): (voter: number) => boolean {
  return (v) => v >= 0 && v < flags.length && SUSPECT.has(flags[v]);
}

/** Sliding window over time-sorted votes; triggering windows within `window` of a burst extend it. */
export function detectSpamBursts(events: readonly VoteEvent[], o: SpamBurstOptions): SpamBurst[] {
  if (!(o.window > 0)) throw new RangeError('window must be > 0');
  const minVotes = o.minVotes ?? 5;
  const minShare = o.minShare ?? 0.5;
  checkSorted(events.map((e) => e.time));
  const suspect = events.map((e) => o.isSuspect(e.voter));
  const bursts: SpamBurst[] = [];
  let open: { first: number; last: number } | null = null;
  let from = 0;
  let suspectInWindow = 0;
  let lastSuspect = -1;
  const close = () => {
    if (!open) return;
    let s = 0;
    for (let k = open.first; k <= open.last; k++) if (suspect[k]) s++;
    bursts.push({ start: events[open.first].time, end: events[open.last].time, suspectVotes: s, totalVotes: open.last - open.first + 1 });
    open = null;
  };
  for (let k = 0; k < events.length; k++) {
    if (suspect[k]) {
      suspectInWindow++;
      lastSuspect = k;
    }
    while (events[k].time - events[from].time > o.window) if (suspect[from++]) suspectInWindow--;
    const total = k - from + 1;
    if (suspectInWindow >= minVotes && suspectInWindow / total >= minShare) {
      let first = from;
      while (!suspect[first]) first++;
      // A burst spans first to last suspect vote; windows that overlap it extend it.
      if (open && events[first].time - events[open.last].time <= o.window) open.last = lastSuspect;
      else {
        close();
        open = { first, last: lastSuspect };
      }
    }
  }
  close();
  return bursts;
}
