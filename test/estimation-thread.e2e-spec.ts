import { runDawidSkene, simulateCrowd, standardVoters, type VoteTable } from '../libs/consensus/index.js';
import { EstimationThread } from '../src/validation/estimation-thread.js';
import { estimateVoters } from '../src/validation/estimation.js';

// The background estimation's EM runs in a worker thread (the compiled dist/src/validation/estimation.worker.js):
// it must give what the in-process code gives, and leave the event loop free meanwhile.

const copy = (t: VoteTable): VoteTable => ({ ...t, pair: t.pair.slice(), voter: t.voter.slice(), answer: t.answer.slice(), time: t.time?.slice() });

/** The longest gap between ticks of a 5 ms timer while `work` runs: how long the event loop was blocked. */
async function longestStall<T>(work: () => Promise<T> | T): Promise<{ value: T; stallMs: number; elapsedMs: number }> {
  let last = performance.now();
  let stallMs = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
  }, 5);
  const start = performance.now();
  await new Promise((resolve) => setTimeout(resolve, 20));
  const value = await work();
  const elapsedMs = performance.now() - start;
  await new Promise((resolve) => setTimeout(resolve, 20));
  clearInterval(timer);
  stallMs = Math.max(stallMs, performance.now() - last);
  return { value, stallMs, elapsedMs };
}

describe('estimation worker thread', () => {
  const thread = new EstimationThread();

  it('gives the same voter estimates as running EM in-process', async () => {
    const crowd = simulateCrowd({ seed: 11, numPairs: 400, voters: standardVoters(3), votesPerPair: 7, baseRate: 0.6, unsureRate: 0.05, goldFraction: 0.05 });
    const options = { gold: crowd.gold, voterPrior: { mean: 0.7, strength: 4 } };
    const local = estimateVoters(runDawidSkene(copy(crowd.table), { ...options, gold: crowd.gold.slice() }));
    const remote = await thread.run({ table: copy(crowd.table), options: { ...options, gold: crowd.gold.slice() } });
    expect(remote.flag).toEqual(local.flag);
    expect(Array.from(remote.accuracy)).toEqual(Array.from(local.accuracy));
    expect(Array.from(remote.yes)).toEqual(Array.from(local.yes));
    expect(Array.from(remote.no)).toEqual(Array.from(local.no));
    // Not a vacuous comparison: the crowd's spammers and adversaries were told apart from the honest voters.
    expect(new Set(local.flag).size).toBeGreaterThan(1);
  });

  it('leaves the event loop free while EM runs', async () => {
    // Big enough that EM's stall stands well above what a busy machine's scheduler adds to any 5 ms tick (up to
    // ~200 ms under a full CI run); the worker's best of two runs, as that noise only ever adds.
    const crowd = simulateCrowd({ seed: 5, numPairs: 100_000, voters: standardVoters(9), votesPerPair: 10, baseRate: 0.6 });
    const options = { gold: crowd.gold, voterPrior: { mean: 0.7, strength: 4 } };
    const inProcess = await longestStall(() => runDawidSkene(copy(crowd.table), options));
    const inWorkerRun = () => longestStall(() => thread.run({ table: copy(crowd.table), options: { ...options, gold: crowd.gold.slice() } }));
    const runs = [await inWorkerRun(), await inWorkerRun()];
    const inWorker = runs[0].stallMs <= runs[1].stallMs ? runs[0] : runs[1];
    // In-process, the loop stalls for about the whole run; in the worker only for the start-up and the copies.
    expect(inProcess.stallMs).toBeGreaterThan(0.8 * (inProcess.elapsedMs - 20));
    expect(inWorker.stallMs).toBeLessThan(inProcess.stallMs / 3);
    expect(Array.from(inWorker.value.yes)).toEqual(Array.from(estimateVoters(inProcess.value).yes));
  });

  it('reports a failing estimation as an error', async () => {
    const table: VoteTable = { numPairs: 1, numVoters: 1, pair: new Int32Array([5]), voter: new Int32Array([0]), answer: new Uint8Array([1]) };
    await expect(thread.run({ table, options: {} })).rejects.toThrow();
  });
});
