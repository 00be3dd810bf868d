import { Injectable } from '@nestjs/common';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { PROJECT_ROOT } from '../common/package-info.js';
import type { EstimationJob, VoterEstimates } from './estimation.js';

/**
 * The compiled worker: next to this file under dist/, or in dist/ when this file runs from source (Jest). The
 * worker runs in plain Node, which cannot load the TypeScript source.
 */
function workerFile(): string {
  const sibling = fileURLToPath(new URL('./estimation.worker.js', import.meta.url));
  if (existsSync(sibling)) return sibling;
  const built = join(PROJECT_ROOT, 'dist/src/validation/estimation.worker.js');
  if (existsSync(built)) return built;
  throw new Error(`The estimation worker is not built (looked for ${sibling} and ${built}): run nest build`);
}

/**
 * Runs the Dawid–Skene estimation in a worker thread. At 10^6 votes EM takes seconds of CPU; on the event
 * loop that stopped the server from answering anything for that long, once a minute. One short-lived worker
 * per run: the runs are a minute apart, and a crashed estimation takes nothing else down.
 */
@Injectable()
export class EstimationThread {
  run(job: EstimationJob): Promise<VoterEstimates> {
    const { table } = job;
    const buffers = [table.pair.buffer, table.voter.buffer, table.answer.buffer, table.time?.buffer, job.options.gold?.buffer];
    // The vote table is moved to the worker, not copied: the caller must not use it afterwards.
    const transferList = buffers.filter((b): b is ArrayBuffer => b instanceof ArrayBuffer);
    return new Promise((resolve, reject) => {
      const worker = new Worker(workerFile(), { workerData: job, transferList });
      let settled = false;
      worker.once('message', (estimate: VoterEstimates) => {
        settled = true;
        resolve(estimate);
        void worker.terminate();
      });
      worker.once('error', (error) => {
        settled = true;
        reject(error);
      });
      worker.once('exit', (code) => {
        if (!settled) reject(new Error(`The estimation worker exited with code ${code} before answering`));
      });
    });
  }
}
