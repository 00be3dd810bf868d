// Runs one case: warm-ups, then RUNS rounds of Imagehive vs its baseline, with the CPU that other
// processes took during each run and the server's peak RSS, summarised as median (min–max).
import os from 'node:os';
import { cpuBetween, cpuSnapshot, waitForQuiet } from './cpu.mjs';
import { sampleRss } from './proc.mjs';
import { ratio, summary } from './stats.mjs';

export const loadavg = () => os.loadavg().map((x) => Number(x.toFixed(2)));
export const log = (line) => console.log(`[bench] ${line}`);

/** Runs `fn` while sampling the server's VmRSS; the max is returned with its figures. */
export async function withRss(pid, fn) {
  const stop = sampleRss(pid);
  try {
    return { ...(await fn()), maxRssBytes: stop() };
  } finally {
    stop();
  }
}

/** Waits (bounded) for other work to calm down, and records what it saw. */
export async function quiet(label, maxSeconds) {
  const seen = await waitForQuiet({ maxSeconds });
  log(`${label}: machine ${seen.quiet ? 'quiet' : 'NOT quiet'} after ${seen.waitedSeconds} s wait (other processes ${seen.otherCores} cores), load average ${loadavg().join(' ')}`);
  return { ...seen, loadavg: loadavg() };
}

/**
 * The order alternates per round, so that a slow spell on the shared machine does not always land on
 * the same side. Each side returns { perSecond, p50Ms, p99Ms, non2xx, socketErrors, ... }.
 */
export async function versus(label, { runs, backendPids, warmups, imagehive, baseline, keys = ['perSecond', 'p50Ms', 'p99Ms', 'cpuMsPerOp'], ratios = ['perSecond', 'p99Ms', 'cpuMsPerOp'], describe = defaultDescribe }) {
  for (const warm of warmups) await warm();
  const rounds = [];
  for (let i = 0; i < runs; i++) {
    const round = { loadavgBefore: loadavg() };
    for (const side of i % 2 ? ['baseline', 'imagehive'] : ['imagehive', 'baseline']) {
      const before = await cpuSnapshot(backendPids);
      round[side] = await (side === 'imagehive' ? imagehive() : baseline());
      round[side].cpu = cpuBetween(before, await cpuSnapshot(backendPids));
      // CPU each operation cost, all of the side's processes counted (load generator and PostgreSQL too): unlike
      // the rates, it hardly moves when other work shares the cores. Not reported for votes: the SQL baseline's
      // backends come and go inside the run, so their CPU is not seen.
      if (round[side].perSecond > 0) round[side].cpuMsPerOp = (round[side].cpu.benchCores * 1000) / round[side].perSecond;
      const { non2xx, socketErrors } = round[side];
      if (non2xx || socketErrors) log(`WARNING ${label} ${side} run ${i + 1}: ${non2xx} non-2xx responses, ${socketErrors} socket errors`);
    }
    log(`${label} run ${i + 1}: Imagehive ${describe(round.imagehive)}, baseline ${describe(round.baseline)} (other processes: ${round.imagehive.cpu.otherCores} / ${round.baseline.cpu.otherCores} cores)`);
    rounds.push(round);
  }
  const side = (name) => Object.fromEntries(keys.map((key) => [key, summary(rounds.map((r) => r[name][key]))]));
  const result = { rounds, imagehive: side('imagehive'), baseline: side('baseline') };
  result.ratio = Object.fromEntries(ratios.map((key) => [key, ratio(result.imagehive[key].median, result.baseline[key].median)]));
  return result;
}

function defaultDescribe(figures) {
  return `${figures.perSecond.toFixed(1)}/s p99 ${figures.p99Ms?.toFixed(1)} ms`;
}
