// How much CPU went to work that is not the bench's, during each measured run. The machine is shared:
// the load average says little about a 5 s window, this says how many cores other processes took.
// Ours = this process and every descendant (server, nginx, wrk, sharp loop) plus the PostgreSQL
// backends connected to the bench database. Approximate: processes that start and end inside a
// window without being our children are missed.
import { readdirSync, readFileSync } from 'node:fs';

const HZ = 100; // USER_HZ, the unit of /proc tick counts on Linux

function machineBusyTicks() {
  const [, ...fields] = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).map(Number);
  const [user, nice, system, idle, iowait, irq, softirq, steal] = fields;
  return user + nice + system + irq + softirq + steal;
}

/** utime+stime (+ reaped children's, when `withChildren`) of one process, or null if it is gone. */
function processTicks(pid, withChildren = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number); // f[0] is field 3 (state)
    return f[11] + f[12] + (withChildren ? f[13] + f[14] : 0);
  } catch {
    return null;
  }
}

function descendants(pid) {
  const found = [];
  const stack = [pid];
  while (stack.length) {
    const p = stack.pop();
    let tasks = [];
    try {
      tasks = readdirSync(`/proc/${p}/task`);
    } catch {
      continue;
    }
    for (const tid of tasks) {
      try {
        for (const child of readFileSync(`/proc/${p}/task/${tid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean)) {
          found.push(Number(child));
          stack.push(Number(child));
        }
      } catch {
        // The task ended meanwhile.
      }
    }
  }
  return found;
}

/** `backendPids` → pids of the PostgreSQL backends serving the bench database. */
export async function cpuSnapshot(backendPids) {
  const pids = [...descendants(process.pid), ...(await backendPids())];
  return {
    at: performance.now(),
    busy: machineBusyTicks(),
    self: processTicks(process.pid, true),
    others: new Map(pids.map((pid) => [pid, processTicks(pid) ?? 0])),
  };
}

/** Cores used during the window: by the whole machine, by the bench's processes, and by everything else. */
export function cpuBetween(start, end) {
  const seconds = (end.at - start.at) / 1000;
  let ours = end.self - start.self;
  for (const [pid, ticks] of end.others) ours += ticks - (start.others.get(pid) ?? 0);
  const busy = end.busy - start.busy;
  const cores = (ticks) => Number((ticks / HZ / seconds).toFixed(2));
  return { seconds: Number(seconds.toFixed(2)), machineCores: cores(busy), benchCores: cores(ours), otherCores: cores(Math.max(0, busy - ours)) };
}

/**
 * Waits (at most `maxSeconds`) until other work leaves the machine nearly idle: busy below `threshold`
 * cores over a 2 s sample. Call it when none of the bench's load runs. Returns what it saw.
 */
export async function waitForQuiet({ maxSeconds, threshold = 0.3 }) {
  const started = performance.now();
  let busy = null;
  do {
    const a = await cpuSnapshot(async () => []);
    await new Promise((r) => setTimeout(r, 2000));
    busy = cpuBetween(a, await cpuSnapshot(async () => [])).otherCores;
    if (busy < threshold) break;
  } while (performance.now() - started < maxSeconds * 1000);
  return { waitedSeconds: Number(((performance.now() - started) / 1000).toFixed(1)), otherCores: busy, quiet: busy < threshold };
}
