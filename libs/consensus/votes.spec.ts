import { mulberry32 } from './sim.js';
import { ANSWER, IdIndex, buildVoteTable, dedupeVotes, validateVoteTable, type VoteTable } from './votes.js';

describe('IdIndex', () => {
  it('assigns dense indices in first-seen order and maps back', () => {
    const idx = new IdIndex<string>(['a', 'b']);
    expect(idx.add('c')).toBe(2);
    expect(idx.add('a')).toBe(0);
    expect(idx.indexOf('zzz')).toBe(-1);
    expect(idx.idAt(1)).toBe('b');
    expect(idx.size).toBe(3);
    expect(() => idx.idAt(3)).toThrow(RangeError);
  });
});

describe('buildVoteTable', () => {
  it('maps ids, encodes answers and keeps the latest vote per voter and pair', () => {
    const built = buildVoteTable([
      { pairId: 'img1:dog', voterId: 'u1', answer: 'yes', time: 10 },
      { pairId: 'img1:dog', voterId: 'u2', answer: 'unsure', time: 11 },
      { pairId: 'img2:cat', voterId: 'u1', answer: 'no', time: 12 },
      { pairId: 'img1:dog', voterId: 'u1', answer: 'no', time: 30 },
      { pairId: 'img1:dog', voterId: 'u1', answer: 'unsure', time: 20 },
    ]);
    expect(built.dropped).toBe(2);
    expect(built.pairs.ids).toEqual(['img1:dog', 'img2:cat']);
    expect(built.voters.ids).toEqual(['u1', 'u2']);
    const rows = Array.from(built.table.pair, (p, k) => [p, built.table.voter[k], built.table.answer[k]]);
    expect(rows).toEqual([
      [0, 1, ANSWER.unsure],
      [1, 0, ANSWER.no],
      [0, 0, ANSWER.no],
    ]);
  });

  it('reuses caller indices so pairs without votes keep their slot', () => {
    const pairs = new IdIndex<number>([100, 200, 300]);
    const built = buildVoteTable([{ pairId: 300, voterId: 7, answer: 'yes', time: 1 }], { pairs });
    expect(built.table.numPairs).toBe(3);
    expect(Array.from(built.table.pair)).toEqual([2]);
  });

  it('rejects unknown answers and non-finite times', () => {
    expect(() => buildVoteTable([{ pairId: 1, voterId: 1, answer: 'maybe' as 'yes', time: 1 }])).toThrow(RangeError);
    expect(() => buildVoteTable([{ pairId: 1, voterId: 1, answer: 'yes', time: Number.NaN }])).toThrow(RangeError);
  });
});

describe('dedupeVotes', () => {
  it('agrees with a naive last-write-wins map on random input with many repeats', () => {
    const rand = mulberry32(11);
    const n = 5000;
    const t: VoteTable = {
      numPairs: 40,
      numVoters: 30,
      pair: Int32Array.from({ length: n }, () => Math.floor(rand() * 40)),
      voter: Int32Array.from({ length: n }, () => Math.floor(rand() * 30)),
      answer: Uint8Array.from({ length: n }, () => Math.floor(rand() * 3)),
      time: Float64Array.from({ length: n }, () => Math.floor(rand() * 50)),
    };
    const naive = new Map<string, number>();
    for (let k = 0; k < n; k++) {
      const key = `${t.pair[k]}/${t.voter[k]}`;
      const prev = naive.get(key);
      if (prev === undefined || t.time![k] >= t.time![prev]) naive.set(key, k);
    }
    const { table, dropped } = dedupeVotes(t);
    expect(dropped).toBe(n - naive.size);
    const got = new Set(Array.from(table.pair, (p, k) => `${p}/${table.voter[k]}/${table.answer[k]}/${table.time![k]}`));
    const want = new Set(Array.from(naive.values(), (k) => `${t.pair[k]}/${t.voter[k]}/${t.answer[k]}/${t.time![k]}`));
    expect(got).toEqual(want);
  });

  it('returns the same table when nothing repeats', () => {
    const t: VoteTable = { numPairs: 2, numVoters: 2, pair: Int32Array.of(0, 0, 1), voter: Int32Array.of(0, 1, 0), answer: Uint8Array.of(1, 0, 2) };
    expect(dedupeVotes(t)).toEqual({ table: t, dropped: 0 });
  });

  it('validates shapes and ranges', () => {
    const t: VoteTable = { numPairs: 1, numVoters: 1, pair: Int32Array.of(0), voter: Int32Array.of(0, 0), answer: Uint8Array.of(1) };
    expect(() => validateVoteTable(t)).toThrow(RangeError);
    expect(() => validateVoteTable({ ...t, voter: Int32Array.of(-1) })).toThrow(RangeError);
  });
});
