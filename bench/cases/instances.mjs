// Case: votes/s through two server processes on one PostgreSQL (limits shared in Redis) vs through one, with
// the same 50 voters and load generator (voter w talks to instance w mod 2). Both instances share the data
// folder and secrets, as a real two-instance deployment does. "Imagehive" = two instances, "baseline" = one.
import { randomBytes } from 'node:crypto';
import { log, quiet, versus } from '../lib/compare.mjs';
import { rssOf } from '../lib/proc.mjs';
import { voteLoad } from './common.mjs';
import { VOTERS, votingDatabase } from './votes.mjs';

const REDIS = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

export async function instances(ctx) {
  const env = { REDIS_URL: REDIS, IMAGEHIVE__REDIS__KEY_PREFIX: `bench-${randomBytes(4).toString('hex')}:` };
  const { db, server: first, pairIds, start } = await votingDatabase(ctx, 'instances', env);
  const second = await start();
  log(`instances: second instance ready in ${second.readyMs.toFixed(0)} ms`);
  let offset = 0;
  const load = (bases, seconds) => () => voteLoad(ctx, { bases, pairIds, seconds, concurrency: VOTERS, start: (offset += 7919) });
  const both = [first.base, second.base];
  const before = await quiet('instances', ctx.waitIdle);
  const result = await versus('instances', {
    runs: ctx.runs,
    backendPids: db.backendPids,
    warmups: [load(both, ctx.warmupSeconds), load([first.base], ctx.warmupSeconds)],
    imagehive: load(both, ctx.seconds),
    baseline: load([first.base], ctx.seconds),
  });
  return { before, redis: REDIS, voters: VOTERS, pairs: pairIds.length, rssAfterBytes: [rssOf(first.pid), rssOf(second.pid)], ...result };
}
