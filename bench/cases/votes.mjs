// Case: votes/s and p99 from 50 concurrent anonymous voters through POST /api/validation/:pairId/votes, vs
// a bare SQL insert loop of the same rows (50 pg connections, autocommit) on the same PostgreSQL.
import { log, quiet, versus, withRss } from '../lib/compare.mjs';
import { seedDataset } from '../lib/seed.mjs';
import { seededServer, since, voteLoad, voteSqlLoop } from './common.mjs';

export const VOTERS = 50;
const IMAGES = Number(process.env.BENCH_VOTE_IMAGES ?? 5000);

/** A migrated database with IMAGES approved images × 2 labels; returns the server, client and pair ids. */
export async function votingDatabase(ctx, name, env) {
  const seeded = await seededServer(ctx, name, env);
  const t0 = performance.now();
  const pairIds = await seedDataset(seeded.client, { images: IMAGES, labelsPerImage: 2 });
  await seeded.client.query('ANALYZE');
  log(`${name}: seeded ${IMAGES} approved images, ${pairIds.length} pairs in ${since(t0)} s`);
  return { ...seeded, pairIds };
}

export async function votes(ctx) {
  const { db, server, client, pairIds } = await votingDatabase(ctx, 'votes');
  let start = 0;
  // Every run: fresh voters (new cookies, new voter rows) starting at a new place in the pair list.
  const job = (seconds) => ({ pairIds, seconds, concurrency: VOTERS, start: (start += 7919) });
  const api = (seconds) => () => voteLoad(ctx, { ...job(seconds), bases: [server.base] });
  const sql = (seconds) => () => voteSqlLoop(ctx, { ...job(seconds), databaseUrl: db.url });
  const before = await quiet('votes', ctx.waitIdle);
  const result = await versus('votes', {
    runs: ctx.runs,
    backendPids: db.backendPids,
    warmups: [api(ctx.warmupSeconds), sql(ctx.warmupSeconds)],
    imagehive: () => withRss(server.pid, api(ctx.seconds)),
    baseline: sql(ctx.seconds),
  });
  // Both sides' rows are in the table: a check that the runs wrote what they counted.
  const { rows } = await client.query('SELECT count(*)::int AS votes, count(DISTINCT "voterId")::int AS voters FROM votes');
  return { before, images: IMAGES, pairs: pairIds.length, voters: VOTERS, totals: rows[0], ...result };
}
