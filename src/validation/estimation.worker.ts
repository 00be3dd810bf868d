import { parentPort, workerData } from 'node:worker_threads';
import { runDawidSkene } from '../../libs/consensus/index.js';
import { estimateVoters, type EstimationJob } from './estimation.js';

// Runs one Dawid–Skene estimation off the server's event loop (see EstimationThread) and posts the voter
// estimates back, their arrays transferred rather than copied.
const job = workerData as EstimationJob;
const estimate = estimateVoters(runDawidSkene(job.table, job.options));
parentPort!.postMessage(estimate, [estimate.accuracy.buffer, estimate.yes.buffer, estimate.no.buffer] as ArrayBuffer[]);
