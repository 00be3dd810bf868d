import { ANSWER, IdIndex, type DawidSkeneOptions, type DawidSkeneResult, type VoteTable, type VoterFlag } from '../../libs/consensus/index.js';

/** One estimation's input: every vote as a table, and the options (gold, voter prior). */
export interface EstimationJob {
  table: VoteTable;
  options: DawidSkeneOptions;
}

/** What the background recompute keeps of an estimation: per voter (in the table's voter order). */
export interface VoterEstimates {
  flag: VoterFlag[];
  accuracy: Float64Array;
  yes: Float64Array;
  no: Float64Array;
}

export function estimateVoters(result: DawidSkeneResult): VoterEstimates {
  return { flag: result.voters.flag, accuracy: result.voters.accuracy, yes: result.weights.yes, no: result.weights.no };
}

export interface VoteRow {
  pairId: string;
  voterId: string;
  answer: string;
  t: number;
  gold: boolean | null;
}

const CHUNK = 50_000;
const yieldToEventLoop = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * The vote rows as a VoteTable with gold per pair, plus the pair and voter ids in table order. Built on the
 * event loop (the rows are here), so it yields every CHUNK rows: 10^6 rows take a few hundred ms.
 */
export async function voteTable(rows: VoteRow[]): Promise<{ table: VoteTable; gold: Int8Array; pairIds: string[]; voterIds: string[] }> {
  const pairs = new IdIndex<string>();
  const voters = new IdIndex<string>();
  const n = rows.length;
  const table: VoteTable = { numPairs: 0, numVoters: 0, pair: new Int32Array(n), voter: new Int32Array(n), answer: new Uint8Array(n), time: new Float64Array(n) };
  const goldOf: Array<boolean | null> = [];
  for (let k = 0; k < n; k++) {
    if (k % CHUNK === CHUNK - 1) await yieldToEventLoop();
    const r = rows[k];
    const pair = pairs.add(r.pairId);
    table.pair[k] = pair;
    table.voter[k] = voters.add(r.voterId);
    table.answer[k] = ANSWER[r.answer as 'yes' | 'no' | 'unsure'];
    table.time![k] = r.t;
    goldOf[pair] = r.gold;
  }
  table.numPairs = pairs.size;
  table.numVoters = voters.size;
  const gold = new Int8Array(pairs.size).fill(-1);
  goldOf.forEach((g, i) => {
    if (g !== null) gold[i] = g ? 1 : 0;
  });
  return { table, gold, pairIds: pairs.ids, voterIds: voters.ids };
}
