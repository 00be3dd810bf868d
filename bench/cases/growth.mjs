// Growth check: vote latency and GET /api/validation/next latency with 10^4, 10^5 and 10^6 votes already in the
// table (the same pairs, more votes on each), plus which tables the hot queries scan whole at each size.
// Both latencies should stay flat as votes grow: the vote path and the "not voted yet" test go by index.
import { log, quiet } from '../lib/compare.mjs';
import { anonKeyOf, cookieFor, seedDataset, seedVoters, seedVotes } from '../lib/seed.mjs';
import { summary } from '../lib/stats.mjs';
import { wrk } from '../lib/wrk.mjs';
import { seededServer, since, voteLoad } from './common.mjs';
import { explainHot, scanDelta, tableScans } from './plans.mjs';

const SIZES = (process.env.BENCH_GROWTH_SIZES ?? '10000,100000,1000000').split(',').map(Number);
const IMAGES = Number(process.env.BENCH_GROWTH_IMAGES ?? 5000);
const MEASURED = 10; // seeded voters that vote (and ask for tasks) during the measured runs

export async function growth(ctx) {
  const { server, client, jwtSecret } = await seededServer(ctx, 'growth');
  const pairIds = await seedDataset(client, { images: IMAGES, labelsPerImage: 2 });
  const cookies = Array.from({ length: MEASURED }, (_, i) => cookieFor(i, jwtSecret));
  const sizes = [];
  for (const size of SIZES) {
    const t0 = performance.now();
    await client.query('TRUNCATE votes, validation_alerts');
    await client.query('DELETE FROM voters');
    await client.query(`UPDATE image_labels SET yes = 0, no = 0, unsure = 0, informative = 0, "weightSum" = 0, probability = NULL, verdict = 'unknown', "baselineProbability" = NULL, "baselineAt" = NULL`);
    // Each voter has about 100 votes; the pairs get size / pairs votes each (2 of 3 yes).
    const perPair = Math.max(1, Math.round(size / pairIds.length));
    const voters = Math.max(perPair, MEASURED, Math.round(size / 100));
    await seedVoters(client, { count: voters, counted: true });
    const state = await seedVotes(client, { pairs: Math.min(pairIds.length, Math.round(size / perPair)), perPair, voters, answerOf: (j) => (j % 3 === 2 ? 'no' : 'yes'), counted: true });
    await client.query('VACUUM ANALYZE votes, voters, image_labels');
    const { rows: [count] } = await client.query('SELECT count(*)::int AS votes FROM votes');
    const seedSeconds = Number(since(t0));
    log(`growth: ${count.votes} votes (${perPair} per pair, ${voters} voters) seeded in ${seedSeconds} s`);
    const { rows: [voter0] } = await client.query('SELECT id FROM voters WHERE "anonKey" = $1', [anonKeyOf(0)]);

    const before = await quiet(`growth ${size}`, ctx.waitIdle);
    const scans0 = await tableScans(client);
    const votes = [];
    for (let r = 0; r < ctx.runs; r++) {
      votes.push(await voteLoad(ctx, { bases: [server.base], pairIds, seconds: ctx.seconds, concurrency: MEASURED, start: 7919 * (r + 1), cookies }));
    }
    const scans1 = await tableScans(client);
    const next = [];
    const nextUrl = `${server.base}/api/validation/next?count=10`;
    await wrk(nextUrl, { seconds: ctx.warmupSeconds, connections: MEASURED, timeout: '30s', headers: { Cookie: cookies[0] }, allowEmpty: true });
    // allowEmpty: a run in which no answer arrives (the background estimation busy) is recorded, not fatal.
    for (let r = 0; r < ctx.runs; r++) next.push(await wrk(nextUrl, { seconds: ctx.seconds, connections: MEASURED, timeout: '30s', headers: { Cookie: cookies[0] }, allowEmpty: true }));
    const scans2 = await tableScans(client);
    const plans = await explainHot(client, voter0.id, pairIds[0]);
    const figures = (runs) => ({ perSecond: summary(runs.map((x) => x.perSecond ?? x.requestsPerSecond)), p50Ms: summary(runs.map((x) => x.p50Ms)), p99Ms: summary(runs.map((x) => x.p99Ms)), runs });
    const row = {
      size,
      votes: count.votes,
      perPair,
      voters,
      pairState: state,
      seedSeconds,
      before,
      vote: { ...figures(votes), tableScans: scanDelta(scans0, scans1) },
      next: { ...figures(next), tableScans: scanDelta(scans1, scans2) },
      plans,
      seqScansOnVotes: plans.some((p) => p.seqScans.includes('votes')),
    };
    log(`growth ${size}: vote p50 ${row.vote.p50Ms.median?.toFixed(1)} p99 ${row.vote.p99Ms.median?.toFixed(1)} ms; next p50 ${row.next.p50Ms.median?.toFixed(1)} p99 ${row.next.p99Ms.median?.toFixed(1)} ms; seq scans: ${plans.filter((p) => p.seqScans.length).map((p) => `${p.name} [${p.seqScans}]`).join('; ') || 'none'}`);
    sizes.push(row);
  }
  return { images: IMAGES, pairs: pairIds.length, measuredVoters: MEASURED, sizes };
}
