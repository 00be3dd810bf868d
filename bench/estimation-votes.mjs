// node bench/estimation-votes.mjs — how long votes wait while the background estimation rewrites vote weights.
// Seeds the growth case's shape (SIZE votes, 100 per pair and per voter) on a fresh PostgreSQL database, starts
// the app in-process, then runs one recompute (the first after the seed: it rewrites most weights) while 10
// voters vote back to back through VotingService. BATCH_VOTES sets validation.recomputeBatchVotes.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDatabase } from './lib/server.mjs';
import { connect, seedDataset, seedVoters, seedVotes } from './lib/seed.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { createApp } = await import(join(ROOT, 'dist/src/app.factory.js'));
const { loadConfig } = await import(join(ROOT, 'dist/src/config/config.loader.js'));
const { ReliabilityService } = await import(join(ROOT, 'dist/src/validation/reliability.service.js'));
const { VotingService } = await import(join(ROOT, 'dist/src/validation/voting.service.js'));

const SIZE = Number(process.env.SIZE ?? 1_000_000);
const VOTERS = 10;
const db = await createDatabase();
const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-estimation-votes-'));
try {
  const overrides = { dataDir, 'database.url': db.url, 'logging.level': 'silent', 'auth.admin.password': 'bench-password-1234', 'validation.recomputeSeconds': 86_400 };
  if (process.env.BATCH_VOTES) overrides['validation.recomputeBatchVotes'] = Number(process.env.BATCH_VOTES);
  const app = await createApp(loadConfig({ env: {}, file: false, overrides }));
  await app.init();
  const client = await connect(db.url);
  const pairIds = await seedDataset(client, { images: 5000, labelsPerImage: 2 });
  const perPair = Math.round(SIZE / pairIds.length);
  await seedVoters(client, { count: SIZE / 100, counted: true });
  await seedVotes(client, { pairs: pairIds.length, perPair, voters: SIZE / 100, answerOf: (j) => (j % 3 === 2 ? 'no' : 'yes'), counted: true });
  await client.query('VACUUM ANALYZE votes, voters, image_labels');
  const voters = (await client.query('SELECT id FROM voters ORDER BY id LIMIT $1', [VOTERS])).rows.map((r) => r.id);
  if (process.env.EXPLAIN) {
    const { ReliabilityRepository } = await import(join(ROOT, 'dist/src/validation/reliability.repository.js'));
    const ids = (await client.query('SELECT id FROM voters ORDER BY id LIMIT 50')).rows.map((r) => r.id);
    const manager = { query: async (sql, params) => { const r = await client.query(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params); console.error(r.rows.map((x) => x['QUERY PLAN']).join('\n')); return []; } };
    await client.query('BEGIN');
    await app.get(ReliabilityRepository).reweigh(manager, ids, 0.5, 0.95);
    await client.query('ROLLBACK');
  }
  const voting = app.get(VotingService);
  const latencies = [];
  let running = true;
  let k = 0;
  const loops = voters.map(async (id) => {
    while (running) {
      const t = performance.now();
      await voting.vote({ id, userId: null }, pairIds[(k++ * 7919) % pairIds.length], k % 3 ? 'yes' : 'no');
      latencies.push(performance.now() - t);
    }
  });
  const t0 = performance.now();
  const stats = await app.get(ReliabilityService).recompute();
  const seconds = (performance.now() - t0) / 1000;
  running = false;
  await Promise.all(loops);
  latencies.sort((a, b) => a - b);
  const q = (p) => latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))].toFixed(0);
  console.log(JSON.stringify({ size: SIZE, batchVotes: process.env.BATCH_VOTES ?? 'default', recomputeSeconds: seconds.toFixed(1), stats, votes: latencies.length, votesPerSecond: (latencies.length / seconds).toFixed(1), p50Ms: q(0.5), p99Ms: q(0.99), maxMs: q(1) }));
  if (process.env.EXPLAIN) {
    const { ReliabilityRepository } = await import(join(ROOT, 'dist/src/validation/reliability.repository.js'));
    console.error('stale pairs after the run (float drift of the deltas):', (await app.get(ReliabilityRepository).stalePairs(0.5, 0.95)).length);
  }
  await client.end();
  await app.close();
} finally {
  rmSync(dataDir, { recursive: true, force: true });
  await db.drop();
}
