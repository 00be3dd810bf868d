// Uploads, A against B: two builds' servers side by side (each on its own database), wrk upload runs of the
// bench's screenshot alternating A B, B A, … so a shared machine's drift falls on both alike. Prints each pair's
// uploads/s and server CPU per upload, and the median ratio B / A. Not part of `npm run bench`.
//   node bench/upload-ab.mjs 6 /path/to/old/checkout .
// Each checkout must be built (dist/bundle/main.js). SECONDS_PER_RUN (default 10) sets the length of a run.
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { screenshotPng } from './lib/images.mjs';
import { freePort, sleep } from './lib/proc.mjs';
import { apiToken, createDatabase, multipartBody, startServer } from './lib/server.mjs';

const [pairs, rootA, rootB] = process.argv.slice(2);
if (!Number(pairs) || !rootA || !rootB) {
  process.stderr.write('usage: node bench/upload-ab.mjs <pairs> <checkout A> <checkout B>\n');
  process.exit(2);
}
const SECONDS = Number(process.env.SECONDS_PER_RUN ?? 10);
const HERE = import.meta.dirname;
const tmp = mkdtempSync(join(os.tmpdir(), 'imagehive-upload-ab-'));
const password = randomBytes(12).toString('hex');
const cpuMs = (pid) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10; // utime + stime, in 10 ms ticks
};

const multipart = multipartBody(await screenshotPng(), 'screenshot.png', 'image/png');
const bodyFile = join(tmp, 'upload.body');
writeFileSync(bodyFile, multipart.body);

const servers = {};
try {
  for (const [name, root] of [['A', resolve(rootA)], ['B', resolve(rootB)]]) {
    const db = await createDatabase();
    servers[name] = { db };
    const server = await startServer({ root, port: await freePort(), dataDir: join(tmp, `${name}-data`), databaseUrl: db.url, password, logFile: join(tmp, `${name}.log`) });
    Object.assign(servers[name], server, { token: await apiToken(server.base, password) });
  }
  await sleep(15_000); // whatever a build does in the background after start (an older one loads the staff panel)

  const run = (name, seconds) => {
    const { pid, base, token } = servers[name];
    const before = cpuMs(pid);
    const env = { ...process.env, BENCH_BODY: bodyFile, BENCH_CONTENT_TYPE: multipart.contentType, BENCH_TOKEN: token, BENCH_IMAGE_FORMAT: 'webp', BENCH_IMAGE_QUALITY: '80' };
    const out = execFileSync('wrk', ['-t1', '-c10', `-d${seconds}s`, '--timeout', '30s', '-s', join(HERE, 'upload.lua'), `${base}/api/upload`], { env }).toString();
    const uploads = Number(/(\d+) requests in/.exec(out)?.[1] ?? 0);
    return { perSecond: uploads / seconds, cpuPerUpload: (cpuMs(pid) - before) / uploads };
  };
  run('A', 4); // warm-up: the first uploads compile the path
  run('B', 4);
  const ratios = [];
  for (let i = 0; i < Number(pairs); i++) {
    const result = {};
    for (const name of i % 2 ? ['B', 'A'] : ['A', 'B']) result[name] = run(name, SECONDS);
    ratios.push(result.B.perSecond / result.A.perSecond);
    const show = (r) => `${r.perSecond.toFixed(2)}/s, ${r.cpuPerUpload.toFixed(0)} ms CPU per upload`;
    process.stdout.write(`pair ${i + 1}: A ${show(result.A)} | B ${show(result.B)} | B/A ${ratios.at(-1).toFixed(3)}\n`);
  }
  const sorted = [...ratios].sort((a, b) => a - b);
  process.stdout.write(`median B/A ${sorted[Math.floor(sorted.length / 2)].toFixed(3)} (${sorted.map((r) => r.toFixed(3)).join(' ')})\n`);
} finally {
  for (const { stop, db } of Object.values(servers)) {
    await stop?.();
    await db.drop();
  }
  rmSync(tmp, { recursive: true, force: true });
}
