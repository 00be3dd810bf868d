// Baseline for votes: the bare SQL under a vote, `concurrency` pg connections each inserting vote rows back to
// back for `seconds` (autocommit, one row per statement), for `concurrency` fresh voters walking the pair list
// the way bench/vote-load.mjs's voters do (same rows: pair, voter, answer, weight 0 as a voter in training
// gets). In its own process, like the load client. Prints one JSON line.
// Usage: node bench/vote-sql-loop.mjs <job.json>  {databaseUrl, pairIds, seconds, concurrency, start}
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import pg from 'pg';
import { percentile } from './lib/stats.mjs';

const { databaseUrl, pairIds, seconds, concurrency, start = 0 } = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const clients = await Promise.all(
  Array.from({ length: concurrency }, async () => {
    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    return client;
  }),
);
const voters = [];
for (const client of clients) {
  const { rows } = await client.query('INSERT INTO voters ("anonKey") VALUES ($1) RETURNING id', [randomBytes(32).toString('hex')]);
  voters.push(rows[0].id);
}

const latencies = [];
let errors = 0;
const begin = performance.now();
const deadline = begin + seconds * 1000;
const stride = Math.max(1, Math.floor(pairIds.length / concurrency));

async function loop(w) {
  for (let k = 0; performance.now() < deadline; k++) {
    const t = performance.now();
    try {
      await clients[w].query('INSERT INTO votes ("pairId", "voterId", answer, weight) VALUES ($1, $2, $3, 0)', [pairIds[(start + w * stride + k) % pairIds.length], voters[w], k % 2 ? 'no' : 'yes']);
      const end = performance.now();
      if (end <= deadline) latencies.push(end - t);
    } catch {
      errors++;
    }
  }
}
await Promise.all(clients.map((_, w) => loop(w)));
await Promise.all(clients.map((c) => c.end()));

latencies.sort((a, b) => a - b);
process.stdout.write(
  `${JSON.stringify({ perSecond: latencies.length / seconds, requests: latencies.length, p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), non2xx: 0, socketErrors: errors })}\n`,
);
