// What the database cases share: a fresh database migrated by the server's first start, a SQL client on it,
// and the two vote load generators (each in its own process, reading a job file).
import { randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onCleanup } from '../lib/cleanup.mjs';
import { log } from '../lib/compare.mjs';
import { freePort, run } from '../lib/proc.mjs';
import { connect } from '../lib/seed.mjs';
import { createDatabase, startServer } from '../lib/server.mjs';

const BENCH = fileURLToPath(new URL('..', import.meta.url));

/**
 * A database of its own for one case, migrated by a first server start, with that server kept running.
 * The JWT secret is set, so the bench can sign the cookies of voters it seeds (seed.mjs cookieFor).
 */
export async function seededServer(ctx, name, env = {}) {
  const db = await createDatabase();
  onCleanup(`database ${db.name}`, db.drop);
  const jwtSecret = randomBytes(32).toString('hex');
  const options = (port) => ({
    port,
    dataDir: join(ctx.tmp, `data-${name}`),
    databaseUrl: db.url,
    password: ctx.password,
    logFile: join(ctx.tmp, `server-${name}.log`),
    env: {
      IMAGEHIVE_JWT_SECRET: jwtSecret,
      // 50 voters at full speed are far over the per-voter vote limit (120/min) the server keeps by default.
      IMAGEHIVE__VALIDATION__VOTE_THROTTLE__LIMIT: '100000000',
      IMAGEHIVE__VALIDATION__VOTE_THROTTLE__TTL_SECONDS: '60',
      ...env,
    },
  });
  const start = async () => {
    const server = await startServer(options(await freePort()));
    onCleanup(`server ${name}`, () => server.stop());
    return server;
  };
  const server = await start();
  log(`${name}: database ${db.name} migrated, server ready in ${server.readyMs.toFixed(0)} ms`);
  const client = await connect(db.url);
  onCleanup(`sql client ${name}`, () => client.end());
  return { db, server, client, jwtSecret, start };
}

let jobs = 0;
function jobFile(ctx, job) {
  const file = join(ctx.tmp, `job-${++jobs}.json`);
  writeFileSync(file, JSON.stringify(job));
  return file;
}

/** Votes through the HTTP API (bench/vote-load.mjs). */
export async function voteLoad(ctx, job) {
  return JSON.parse(await run(process.execPath, [join(BENCH, 'vote-load.mjs'), jobFile(ctx, job)]));
}

/** The bare SQL insert loop of the same vote rows (bench/vote-sql-loop.mjs). */
export async function voteSqlLoop(ctx, job) {
  return JSON.parse(await run(process.execPath, [join(BENCH, 'vote-sql-loop.mjs'), jobFile(ctx, job)]));
}

/** Seconds since `t0` rounded to 0.1, for the seeding log lines. */
export const since = (t0) => ((performance.now() - t0) / 1000).toFixed(1);
