// Cold start, A against B: alternates starts of two (or more) server entries on one database, so a shared
// machine's load falls on both alike, and prints each one's median. Spawn → first 200 on /health/ready, with the
// bench's production settings (staff panel on). Not part of `npm run bench`.
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/<a migrated database> \
//     node bench/coldstart-ab.mjs 7 before=/path/to/old/dist/src/main.js after=dist/bundle/main.js
// An entry named build-cache-* has its dist/bundle run cache deleted before each start (a fresh install, or
// the Docker image, where dist/ is read-only). IMAGEHIVE__ADMIN__ENABLED=false turns the panel off.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { freePort, sleep, stopChild, waitFor200 } from './lib/proc.mjs';

const [runs, ...specs] = process.argv.slice(2);
if (!process.env.DATABASE_URL || !Number(runs) || specs.length === 0) {
  process.stderr.write('usage: DATABASE_URL=… node bench/coldstart-ab.mjs <runs> <name>=<entry.js> [<name>=<entry.js>…]\n');
  process.exit(2);
}
const entries = specs.map((spec) => {
  const [name, file] = spec.split('=');
  return { name, file: resolve(file), ms: [] };
});
const dataDir = mkdtempSync(join(os.tmpdir(), 'imagehive-coldstart-'));
const password = randomBytes(12).toString('hex');
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

for (let run = 0; run < Number(runs); run++) {
  for (const entry of entries) {
    if (entry.name.startsWith('build-cache')) {
      const bundle = dirname(entry.file);
      for (const file of readdirSync(bundle)) if (file.endsWith('.run.v8cache')) rmSync(join(bundle, file));
    }
    const port = await freePort();
    const started = performance.now();
    const child = spawn(process.execPath, [entry.file], {
      cwd: resolve(dirname(entry.file), '../..'),
      stdio: 'ignore',
      env: {
        ...process.env,
        NODE_ENV: 'production',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        IMAGEHIVE_DATA_DIR: dataDir,
        IMAGEHIVE_ADMIN_PASSWORD: password,
        IMAGEHIVE_ADMIN_SESSION_SECRET: `coldstart-ab-${password}`.padEnd(32, '-'),
      },
    });
    try {
      await waitFor200(`http://127.0.0.1:${port}/health/ready`, { child, timeoutMs: 60_000, everyMs: 10 });
      entry.ms.push(Math.round(performance.now() - started));
    } finally {
      await stopChild(child);
    }
    await sleep(300);
  }
}
rmSync(dataDir, { recursive: true, force: true });
process.stdout.write(`1-min load average at the end: ${os.loadavg()[0].toFixed(2)}\n`);
for (const { name, ms } of entries) process.stdout.write(`${name}: median ${median(ms)} ms (${ms.join(', ')})\n`);
