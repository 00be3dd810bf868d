/**
 * Seeded crowd simulator for tests and for tuning defaults: deterministic, so accuracy
 * assertions in specs are reproducible.
 */
import { ANSWER, type VoteTable } from './votes.js';
import { mulberry32 } from '../prng/index.js';

// Aliased once: a global lookup per call is very slow inside Jest's vm sandbox, which runs the scale test.
const { floor } = Math;

export { mulberry32 };

export type SimVoter =
  | { kind: 'honest'; accuracy: number }
  | { kind: 'spammer' }
  | { kind: 'adversary' }
  | { kind: 'always_yes' };

export interface CrowdSpec {
  seed: number;
  numPairs: number;
  voters: SimVoter[];
  votesPerPair: number;
  /** Share of pairs whose label is right. */
  baseRate: number;
  /** Chance an honest voter answers "unsure" instead. */
  unsureRate?: number;
  /** Share of pairs marked as gold (known truth). */
  goldFraction?: number;
}

export interface Crowd {
  table: VoteTable;
  truth: Uint8Array;
  gold: Int8Array;
}

export function answerFor(v: SimVoter, truth: number, rand: () => number): number {
  switch (v.kind) {
    case 'honest':
      return rand() < v.accuracy ? truth : 1 - truth;
    case 'spammer':
      return rand() < 0.5 ? 1 : 0;
    case 'adversary':
      return 1 - truth;
    case 'always_yes':
      return 1;
  }
}

export function simulateCrowd(spec: CrowdSpec): Crowd {
  const rand = mulberry32(spec.seed);
  const V = spec.voters.length;
  if (spec.votesPerPair > V) throw new RangeError('votesPerPair exceeds the number of voters');
  const truth = new Uint8Array(spec.numPairs);
  const gold = new Int8Array(spec.numPairs).fill(-1);
  const n = spec.numPairs * spec.votesPerPair;
  const table: VoteTable = {
    numPairs: spec.numPairs,
    numVoters: V,
    pair: new Int32Array(n),
    voter: new Int32Array(n),
    answer: new Uint8Array(n),
  };
  const chosen = new Int32Array(V).fill(-1);
  let k = 0;
  for (let i = 0; i < spec.numPairs; i++) {
    truth[i] = rand() < spec.baseRate ? 1 : 0;
    if (rand() < (spec.goldFraction ?? 0)) gold[i] = truth[i];
    for (let m = 0; m < spec.votesPerPair; m++) {
      let j: number;
      do j = floor(rand() * V);
      while (chosen[j] === i);
      chosen[j] = i;
      const v = spec.voters[j];
      table.pair[k] = i;
      table.voter[k] = j;
      const unsure = v.kind === 'honest' && rand() < (spec.unsureRate ?? 0);
      table.answer[k++] = unsure ? ANSWER.unsure : answerFor(v, truth[i], rand);
    }
  }
  return { table, truth, gold };
}

/** The crowd from the brief: 60 honest (0.85–0.95), 20 random spammers, 10 adversaries, 10 always-yes. */
export function standardVoters(seed: number): SimVoter[] {
  const rand = mulberry32(seed);
  const voters: SimVoter[] = [];
  for (let j = 0; j < 60; j++) voters.push({ kind: 'honest', accuracy: 0.85 + 0.1 * rand() });
  for (let j = 0; j < 20; j++) voters.push({ kind: 'spammer' });
  for (let j = 0; j < 10; j++) voters.push({ kind: 'adversary' });
  for (let j = 0; j < 10; j++) voters.push({ kind: 'always_yes' });
  return voters;
}
