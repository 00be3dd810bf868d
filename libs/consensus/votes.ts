/**
 * Vote storage for batch maths: parallel typed arrays indexed by dense pair/voter numbers,
 * so EM runs in linear passes over a million votes without per-vote objects.
 */

export type Answer = 'yes' | 'no' | 'unsure';

export const ANSWER = Object.freeze({ no: 0, yes: 1, unsure: 2 } as const);
export type AnswerCode = (typeof ANSWER)[Answer];

export function answerCode(answer: Answer): AnswerCode {
  const code = ANSWER[answer];
  if (code === undefined) throw new RangeError(`unknown answer ${String(answer)}`);
  return code;
}

export interface VoteTable {
  numPairs: number;
  numVoters: number;
  pair: Int32Array;
  voter: Int32Array;
  /** ANSWER codes: 0 no, 1 yes, 2 unsure. */
  answer: Uint8Array;
  /** Optional vote times; when present, deduplication keeps the latest vote. */
  time?: Float64Array;
}

/** Maps external ids (uuids, database ids) to dense indices and back. */
export class IdIndex<K> {
  private readonly index = new Map<K, number>();
  readonly ids: K[] = [];

  constructor(ids: Iterable<K> = []) {
    for (const id of ids) this.add(id);
  }

  get size(): number {
    return this.ids.length;
  }

  /** Index of `id`, assigning the next free one if it is new. */
  add(id: K): number {
    let i = this.index.get(id);
    if (i === undefined) {
      i = this.ids.length;
      this.index.set(id, i);
      this.ids.push(id);
    }
    return i;
  }

  /** Index of `id`, or -1 when it was never added. */
  indexOf(id: K): number {
    return this.index.get(id) ?? -1;
  }

  idAt(i: number): K {
    if (i < 0 || i >= this.ids.length) throw new RangeError(`no id at index ${i}`);
    return this.ids[i];
  }
}

export function validateVoteTable(t: VoteTable): void {
  const n = t.pair.length;
  if (t.voter.length !== n || t.answer.length !== n || (t.time !== undefined && t.time.length !== n)) {
    throw new RangeError('vote table columns must have equal length');
  }
  if (!Number.isInteger(t.numPairs) || t.numPairs < 0 || !Number.isInteger(t.numVoters) || t.numVoters < 0) {
    throw new RangeError('numPairs and numVoters must be non-negative integers');
  }
  for (let k = 0; k < n; k++) {
    const p = t.pair[k];
    const v = t.voter[k];
    if (p < 0 || p >= t.numPairs) throw new RangeError(`vote ${k}: pair index ${p} out of range`);
    if (v < 0 || v >= t.numVoters) throw new RangeError(`vote ${k}: voter index ${v} out of range`);
    if (t.answer[k] > 2) throw new RangeError(`vote ${k}: answer code ${t.answer[k]} is not 0, 1 or 2`);
  }
}

/**
 * Keep one vote per (pair, voter): the latest by time, or the later row on a tie or without times.
 * The app already stores one vote per voter per pair; this guards the maths against a replaced
 * vote being counted twice if a caller ever feeds history. Returns the input when nothing repeats.
 */
export function dedupeVotes(t: VoteTable): { table: VoteTable; dropped: number } {
  validateVoteTable(t);
  const n = t.pair.length;
  // Bucket votes by pair (counting sort), then spot repeats with a per-voter "last pair seen" stamp:
  // linear time on typed arrays, where a Map over a million composite keys is several times slower.
  const start = new Int32Array(t.numPairs + 1);
  for (let k = 0; k < n; k++) start[t.pair[k] + 1]++;
  for (let i = 0; i < t.numPairs; i++) start[i + 1] += start[i];
  const fill = start.slice(0, t.numPairs);
  const byPair = new Int32Array(n);
  for (let k = 0; k < n; k++) byPair[fill[t.pair[k]]++] = k;
  const lastPair = new Int32Array(t.numVoters).fill(-1);
  const winner = new Int32Array(t.numVoters);
  const keep = new Uint8Array(n).fill(1);
  let dropped = 0;
  for (let i = 0; i < t.numPairs; i++) {
    for (let m = start[i]; m < start[i + 1]; m++) {
      const k = byPair[m];
      const v = t.voter[k];
      if (lastPair[v] !== i) {
        lastPair[v] = i;
        winner[v] = k;
        continue;
      }
      // Buckets keep input order, so k is the later row; it wins unless it is strictly older.
      const prev = winner[v];
      const kWins = t.time === undefined || t.time[k] >= t.time[prev];
      keep[kWins ? prev : k] = 0;
      if (kWins) winner[v] = k;
      dropped++;
    }
  }
  if (dropped === 0) return { table: t, dropped };
  const m = n - dropped;
  const out: VoteTable = {
    numPairs: t.numPairs,
    numVoters: t.numVoters,
    pair: new Int32Array(m),
    voter: new Int32Array(m),
    answer: new Uint8Array(m),
    time: t.time ? new Float64Array(m) : undefined,
  };
  let j = 0;
  for (let k = 0; k < n; k++) {
    if (!keep[k]) continue;
    out.pair[j] = t.pair[k];
    out.voter[j] = t.voter[k];
    out.answer[j] = t.answer[k];
    if (out.time && t.time) out.time[j] = t.time[k];
    j++;
  }
  return { table: out, dropped };
}

export interface RawVote<P, V> {
  pairId: P;
  voterId: V;
  answer: Answer;
  /** Milliseconds or any monotonic clock; later wins when a voter changes their mind. */
  time: number;
}

export interface BuiltVotes<P, V> {
  table: VoteTable;
  pairs: IdIndex<P>;
  voters: IdIndex<V>;
  /** Older votes replaced by a newer one from the same voter on the same pair. */
  dropped: number;
}

/**
 * Convenience for callers holding vote rows as objects. Pass existing indices to keep numbering
 * stable across runs (e.g. to include pairs without votes, or to reuse gold arrays).
 */
export function buildVoteTable<P, V>(
  votes: Iterable<RawVote<P, V>>,
  indices: { pairs?: IdIndex<P>; voters?: IdIndex<V> } = {},
): BuiltVotes<P, V> {
  const pairs = indices.pairs ?? new IdIndex<P>();
  const voters = indices.voters ?? new IdIndex<V>();
  const pair: number[] = [];
  const voter: number[] = [];
  const answer: number[] = [];
  const time: number[] = [];
  for (const v of votes) {
    if (!Number.isFinite(v.time)) throw new RangeError(`vote time must be finite, got ${v.time}`);
    pair.push(pairs.add(v.pairId));
    voter.push(voters.add(v.voterId));
    answer.push(answerCode(v.answer));
    time.push(v.time);
  }
  const raw: VoteTable = {
    numPairs: pairs.size,
    numVoters: voters.size,
    pair: Int32Array.from(pair),
    voter: Int32Array.from(voter),
    answer: Uint8Array.from(answer),
    time: Float64Array.from(time),
  };
  const { table, dropped } = dedupeVotes(raw);
  return { table, pairs, voters, dropped };
}
