// Case: the COCO export of 100,000 approved images (2 labels each, 4 yes votes per label) through
// GET /api/export?format=coco, streamed to /dev/null by curl, vs psql's COPY (SELECT … the same rows …) TO
// STDOUT to /dev/null. Seconds and peak memory: the server's VmRSS sampled during the export (and how far it
// rose over the RSS before it), and psql's max RSS (GNU time).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { log, quiet, versus } from '../lib/compare.mjs';
import { rssOf, run, sampleRss } from '../lib/proc.mjs';
import { seedDataset, seedVoters, seedVotes } from '../lib/seed.mjs';
import { seededServer, since } from './common.mjs';

const IMAGES = Number(process.env.BENCH_EXPORT_IMAGES ?? 100_000);
const QUERY = process.env.BENCH_EXPORT_QUERY ?? '';
const VOTES_PER_LABEL = 4; // 4 yes at the prior's weight: probability 0.967, over the 0.95 an export needs

// The rows the export reads (ExportRepository.page + pairs, default thresholds), in its order.
const COPY_SQL = `COPY (SELECT i.id, i.slug, b.format, b.width, b.height, l.name, p.probability, p.yes, p.no, p.unsure
  FROM images i JOIN blobs b ON b.sha256 = i."blobSha256" JOIN image_labels p ON p."imageId" = i.id JOIN labels l ON l.id = p."labelId"
 WHERE i."datasetState" = 'approved' AND NOT i.hidden AND p."parentLabelId" IS NULL AND p.probability >= 0.95 AND p.yes + p.no >= 3
 ORDER BY i.id, l.name) TO STDOUT`;

export async function exportCase(ctx) {
  // The background estimation (every 60 s over all 800,000 votes) would land in some export runs and not others.
  const { db, server, client } = await seededServer(ctx, 'export', { IMAGEHIVE__VALIDATION__RECOMPUTE_SECONDS: '86400' });
  const t0 = performance.now();
  const pairIds = await seedDataset(client, { images: IMAGES, labelsPerImage: 2 });
  await seedVoters(client, { count: 1000, counted: true });
  const state = await seedVotes(client, { pairs: pairIds.length, perPair: VOTES_PER_LABEL, voters: 1000, answerOf: () => 'yes', counted: true });
  await client.query('VACUUM ANALYZE');
  const seedSeconds = Number(since(t0));
  log(`export: seeded ${IMAGES} images, ${pairIds.length} pairs, ${pairIds.length * VOTES_PER_LABEL} votes in ${seedSeconds} s`);

  const url = `${server.base}/api/export?format=coco${QUERY ? `&query=${encodeURIComponent(QUERY)}` : ''}`;
  const out = join(ctx.tmp, 'export.json');
  const curl = async (target) => {
    const rssBefore = rssOf(server.pid);
    const stop = sampleRss(server.pid, 50);
    const t = performance.now();
    const [status, bytes] = (await run('curl', ['-s', '-o', target, '-w', '%{http_code} %{size_download}', url])).split(' ').map(Number);
    const seconds = (performance.now() - t) / 1000;
    const peakRssBytes = stop();
    if (status !== 200) throw new Error(`export: HTTP ${status}`);
    return { seconds, bytes, peakRssBytes, rssBeforeBytes: rssBefore, rssRiseBytes: peakRssBytes - rssBefore, perSecond: IMAGES / seconds, non2xx: 0, socketErrors: 0 };
  };
  const timeFile = join(ctx.tmp, 'copy.time');
  const copy = async () => {
    const t = performance.now();
    // GNU time's %M: the max resident set (KB) of psql, the process that receives the rows.
    await run('/usr/bin/time', ['-f', '%M', '-o', timeFile, 'sh', '-c', 'psql -X -q -v ON_ERROR_STOP=1 "$1" -c "$2" > /dev/null', 'sh', db.url, COPY_SQL]);
    const seconds = (performance.now() - t) / 1000;
    const peakRssBytes = Number(readFileSync(timeFile, 'utf8').trim().split('\n').pop()) * 1024;
    return { seconds, peakRssBytes, perSecond: IMAGES / seconds, non2xx: 0, socketErrors: 0 };
  };
  // One export to a file, checked: every seeded image is in it, each with its two labels.
  const checked = await curl(out);
  const coco = JSON.parse(readFileSync(out, 'utf8'));
  const labelled = coco.images.filter((i) => i.imagehive_labels.length === 2).length;
  if (coco.images.length !== IMAGES || labelled !== IMAGES) throw new Error(`export holds ${coco.images.length} images, ${labelled} with both labels (expected ${IMAGES})`);
  log(`export check: ${coco.images.length} images, ${coco.categories.length} categories, ${checked.bytes} B in ${checked.seconds.toFixed(1)} s`);
  const { rows: [copied] } = await client.query(`SELECT count(*)::int AS n FROM (${COPY_SQL.slice(6, COPY_SQL.lastIndexOf(') TO STDOUT'))}) rows`);

  const before = await quiet('export', ctx.waitIdle);
  const result = await versus('export', {
    runs: ctx.runs,
    backendPids: db.backendPids,
    warmups: [copy],
    imagehive: () => curl('/dev/null'),
    baseline: copy,
    keys: ['seconds', 'peakRssBytes', 'perSecond'],
    ratios: ['seconds', 'peakRssBytes'],
    describe: (f) => `${f.seconds.toFixed(2)} s, peak RSS ${(f.peakRssBytes / 2 ** 20).toFixed(0)} MB`,
  });
  return { before, images: IMAGES, pairs: pairIds.length, votes: pairIds.length * VOTES_PER_LABEL, copiedRows: copied.n, pairState: state, seedSeconds, query: QUERY, copySql: COPY_SQL, outputBytes: checked.bytes, ...result };
}
