// Imagehive benchmark: each case against a baseline measured in the same run, on the same machine.
// Usage: npm run bench (builds first), or node bench/run.mjs after `npm run build`. Environment:
//   BENCH_CASES (all)  comma-separated subset of: coldstart, serve, upload, votes, growth, export, instances
//   BENCH_SECONDS (5)  length of each measured run     BENCH_RUNS (3)  runs per case (median, min–max)
//   BENCH_UPLOAD_SECONDS (2 × BENCH_SECONDS)  upload runs: 10 uploads in flight take seconds each
//   BENCH_WAIT_IDLE (30)  at most this many seconds to wait for a quiet machine before each case
//   BENCH_UPLOAD_CLIENT (wrk)   wrk + upload.lua, as the peers were measured (cuts uploads in flight at the deadline); node: lets them finish
//   BENCH_GROWTH_SIZES (10000,100000,1000000)  BENCH_EXPORT_IMAGES (100000)  see bench/README.md
// A run of every case writes bench/results/latest.{json,md}; a subset writes latest-<cases>.{json,md}.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';
import { core } from './cases/core.mjs';
import { exportCase } from './cases/export.mjs';
import { growth } from './cases/growth.mjs';
import { instances } from './cases/instances.mjs';
import { votes } from './cases/votes.mjs';
import { cleanupAll, onCleanup, scope, unwind } from './lib/cleanup.mjs';
import { loadavg, log } from './lib/compare.mjs';
import { markdown } from './lib/report.mjs';
import { ensureTools, toolVersions } from './lib/tools.mjs';

const HERE = fileURLToPath(new URL('.', import.meta.url));
const ROOT = join(HERE, '..');
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ALL = ['coldstart', 'serve', 'upload', 'votes', 'growth', 'export', 'instances'];
const LATER = { votes, growth, export: exportCase, instances };

async function main() {
  if (!existsSync(join(ROOT, 'dist/bundle/main.js'))) throw new Error('dist/bundle/main.js is missing: run `npm run bench` (it builds first)');
  const selected = new Set(process.env.BENCH_CASES ? process.env.BENCH_CASES.split(',').map((c) => c.trim()).filter(Boolean) : ALL);
  const unknown = [...selected].filter((c) => !ALL.includes(c));
  if (unknown.length) throw new Error(`unknown BENCH_CASES ${unknown.join(', ')}; known: ${ALL.join(', ')}`);
  ensureTools();
  const ctx = {
    seconds: SECONDS,
    runs: Number(process.env.BENCH_RUNS ?? 3),
    uploadSeconds: Number(process.env.BENCH_UPLOAD_SECONDS ?? 2 * SECONDS),
    waitIdle: Number(process.env.BENCH_WAIT_IDLE ?? 30),
    uploadClient: process.env.BENCH_UPLOAD_CLIENT ?? 'wrk',
    connections: 10,
    warmupSeconds: 1,
    password: randomBytes(12).toString('hex'),
  };
  const results = {
    date: new Date().toISOString(),
    casesRun: ALL.filter((c) => selected.has(c)),
    settings: { seconds: ctx.seconds, uploadSeconds: ctx.uploadSeconds, runs: ctx.runs, connections: ctx.connections, wrkThreads: 1, warmupSeconds: ctx.warmupSeconds, uploadClient: ctx.uploadClient },
    machine: { cpus: os.cpus().length, cpuModel: os.cpus()[0]?.model, memoryBytes: os.totalmem(), loadavgAtStart: loadavg() },
    versions: { node: process.version, ...toolVersions(), sharp: sharp.versions.sharp, libvips: sharp.versions.vips, imagehive: imagehiveVersion() },
    cases: {},
  };
  log(`cases: ${results.casesRun.join(', ')}; load average at start: ${results.machine.loadavgAtStart.join(' ')} (${results.machine.cpus} CPUs)`);

  // Everything temporary lives in one folder; nginx's worker (user nobody) must read it, hence 0755.
  ctx.tmp = mkdtempSync(join(os.tmpdir(), 'imagehive-bench-'));
  chmodSync(ctx.tmp, 0o755);
  onCleanup('temp folder', () => rmSync(ctx.tmp, { recursive: true, force: true }));

  if (['coldstart', 'serve', 'upload'].some((c) => selected.has(c))) {
    const mark = scope();
    await core(ctx, selected, results);
    await unwind(mark);
  }
  // The database cases each get their own database and servers, stopped and dropped when the case ends (a
  // server left running would go on with its background work during the next case).
  for (const [name, run] of Object.entries(LATER)) {
    if (!selected.has(name)) continue;
    log(`case ${name}`);
    const mark = scope();
    results.cases[name] = await run(ctx);
    await unwind(mark);
  }
  results.loadavgAtEnd = loadavg();

  const outDir = join(HERE, 'results');
  const stem = results.casesRun.length === ALL.length ? 'latest' : `latest-${results.casesRun.join('-')}`;
  mkdirSync(outDir, { recursive: true });
  writeFileSync(join(outDir, `${stem}.json`), `${JSON.stringify(results, null, 2)}\n`);
  const table = markdown(results);
  writeFileSync(join(outDir, `${stem}.md`), table);
  console.log(`\n${table}`);
  log(`wrote bench/results/${stem}.json and bench/results/${stem}.md`);
}

function imagehiveVersion() {
  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  try {
    return { version, commit: execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim() };
  } catch {
    return { version, commit: null }; // not a git checkout
  }
}

try {
  await main();
} catch (error) {
  process.exitCode = 1;
  console.error(`[bench] failed: ${error?.stack ?? error}`);
} finally {
  await cleanupAll();
}
