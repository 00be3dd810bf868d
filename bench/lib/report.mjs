// The markdown summary: one row per figure, median of the runs with min–max, and the ratio
// Imagehive / baseline of the medians. The peers' figures are kept below as context.
import { median } from './stats.mjs';

const n = (x, digits = 0) => (x === null || x === undefined ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const ms = (x) => (x === null || x === undefined ? '–' : x < 10 ? n(x, 2) : x < 100 ? n(x, 1) : n(x, 0));
const mb = (bytes) => (bytes === null || bytes === undefined ? '–' : n(bytes / 2 ** 20, 0));
const spread = (s, fmt) => `**${fmt(s.median)}** (${fmt(s.min)}–${fmt(s.max)})`;
const r = (x) => (x === null ? '–' : x === 0 ? '0×' : x >= 10 ? `${n(x, 1)}×` : x >= 0.1 ? `${n(x, 2)}×` : `${n(x, 3)}× (1/${n(1 / x, 0)})`);

function rows(label, c, baselineName, unit, cpuUnit) {
  const out = [
    `| ${label}, ${unit} | ${spread(c.imagehive.perSecond, (x) => n(x, x < 100 ? 1 : 0))} | ${baselineName} ${spread(c.baseline.perSecond, (x) => n(x, x < 100 ? 1 : 0))} | ${r(c.ratio.perSecond)} |`,
    `| ${label}, p99 ms | ${spread(c.imagehive.p99Ms, ms)} | ${spread(c.baseline.p99Ms, ms)} | ${r(c.ratio.p99Ms)} |`,
  ];
  // Older result files have no CPU figures.
  if (cpuUnit && c.imagehive.cpuMsPerOp?.median != null) {
    out.push(`| ${label}, CPU ms per ${cpuUnit} | ${spread(c.imagehive.cpuMsPerOp, ms)} | ${spread(c.baseline.cpuMsPerOp, ms)} | ${r(c.ratio.cpuMsPerOp)} |`);
  }
  return out;
}

function coreRows(res) {
  const { cases, coldStart, rss, images } = res;
  const out = [];
  if (cases.serveOriginal) out.push(...rows(`Serve ${n(images.servedOriginal.bytes / 1000)} KB JPEG by link`, cases.serveOriginal, 'nginx', 'req/s', 'request (with wrk)'));
  if (cases.serveVariant) out.push(...rows(`Serve cached 512 px WebP variant (${n(images.servedVariant.bytes / 1000, 1)} KB)`, cases.serveVariant, 'nginx', 'req/s', 'request (with wrk)'));
  if (cases.upload) out.push(...rows(`Upload ${n(images.screenshotPngBytes / 1e6, 2)} MB PNG → WebP q80`, cases.upload, 'bare sharp', 'uploads/s vs conversions/s', 'upload (server, client, PostgreSQL) vs per conversion'));
  if (cases.votes) out.push(...rows(`Votes, ${cases.votes.voters} concurrent voters`, cases.votes, 'bare SQL insert', 'votes/s'));
  if (cases.export) {
    const e = cases.export;
    out.push(`| Export ${n(e.images)} images' metadata (COCO), seconds | ${spread(e.imagehive.seconds, (x) => n(x, 2))} | COPY … TO STDOUT ${spread(e.baseline.seconds, (x) => n(x, 2))} | ${r(e.ratio.seconds)} |`);
    out.push(`| Export, peak RSS MB (server / psql) | ${spread(e.imagehive.peakRssBytes, mb)} | ${spread(e.baseline.peakRssBytes, mb)} | ${r(e.ratio.peakRssBytes)} |`);
  }
  if (cases.instances) out.push(...rows('Votes through two instances vs one', cases.instances, 'one instance', 'votes/s'));
  if (coldStart) {
    out.push(`| Cold start to ready, ms | ${spread(coldStart.readyMs, ms)} | nginx ${ms(res.nginxStartMs)} (1 start) | – |`);
    out.push(`| RSS idle, MB | ${spread(coldStart.idleRssBytes, mb)} | – | – |`);
    out.push(`| RSS max under load, MB (serving / uploads) | **${mb(rss.maxServingBytes)} / ${mb(rss.maxUploadBytes)}** | – | – |`);
  }
  return out;
}

function growthTable(g) {
  if (!g) return '';
  const lines = g.sizes.map((s) => {
    const seq = s.plans.filter((p) => p.seqScans.length).map((p) => `${p.name}: ${p.seqScans.join(', ')}`).join('; ') || 'none';
    const votesSeq = `${s.vote.tableScans.votes?.seq ?? '–'} / ${s.next.tableScans.votes?.seq ?? '–'}`;
    return `| ${n(s.votes)} | ${spread(s.vote.p50Ms, ms)} | ${spread(s.vote.p99Ms, ms)} | ${spread(s.next.p50Ms, ms)} | ${spread(s.next.p99Ms, ms)} | ${votesSeq} | ${seq} |`;
  });
  return `
## Growth: latency as votes pile up (${n(g.pairs)} pairs, ${g.measuredVoters} seeded voters voting / asking for tasks)
| Votes in table | Vote p50 ms | Vote p99 ms | /api/validation/next p50 ms | next p99 ms | Seq scans on votes during the runs (vote / next) | Seq scans in EXPLAIN ANALYZE of the hot queries |
|---|---|---|---|---|---|---|
${lines.join('\n')}
`;
}

export function markdown(res) {
  const { cases, settings, machine, versions } = res;
  const versusCases = Object.entries(cases).filter(([, c]) => c.rounds);
  const loads = versusCases.map(([name, c]) => `${name} ${c.rounds.map((round) => round.loadavgBefore[0]).join(' / ')}`);
  const other = versusCases.flatMap(([, c]) => c.rounds.flatMap((round) => [round.imagehive.cpu.otherCores, round.baseline.cpu.otherCores]));
  const notes = [];
  if (res.coldStart) notes.push(`- First start on the empty database (migrations, admin creation): ${ms(res.coldStart.firstStartWithMigrationsMs)} ms. RSS after all load: ${mb(res.rss.afterLoadBytes)} MB.`);
  if (cases.upload) notes.push(`- Stored WebP ${n(res.images.upload.storedBytes)} B; bare sharp makes ${n(res.images.upload.sharpBaselineBytes)} B from the same PNG.`);
  if (cases.votes) notes.push(`- Votes: ${n(cases.votes.pairs)} pairs on ${n(cases.votes.images)} approved images; each run has ${cases.votes.voters} fresh anonymous voters (cookies) on the API side and ${cases.votes.voters} fresh voter rows on the SQL side, walking the pairs from their own offsets.`);
  if (cases.export) notes.push(`- Export: ${n(cases.export.images)} images × 2 labels × 4 votes; COCO output ${n(cases.export.outputBytes / 2 ** 20, 1)} MiB; COPY reads ${n(cases.export.copiedRows)} rows. Server RSS rose by ${mb(median(cases.export.rounds.map((x) => x.imagehive.rssRiseBytes)))} MB (median) over its RSS before each export.`);
  if (cases.instances) notes.push(`- Instances: two server processes on one database, limits in Redis (${cases.instances.redis}), ${cases.instances.voters} voters split between them, on the same ${machine.cpus} cores as PostgreSQL and the load generator.`);
  return `# Imagehive benchmark: ${res.date}

Cases: ${(res.casesRun ?? []).join(', ')}. ${settings.runs} runs of ${settings.seconds} s per case (uploads: ${settings.uploadSeconds} s, ${settings.uploadClient} client), median **bold** with (min–max); ratio = Imagehive / baseline (medians).
Load: wrk ${versions.wrk}, 1 thread, ${settings.connections} connections (votes: a node client, one connection per voter), on the same ${machine.cpus}-core machine as the server.
Versions: Imagehive ${versions.imagehive.version} (${versions.imagehive.commit ?? 'no git'}), Node ${versions.node}, nginx ${versions.nginx}, sharp ${versions.sharp} (libvips ${versions.libvips}).

| Case | Imagehive | Baseline | Ratio |
|---|---|---|---|
${coreRows(res).join('\n')}

${notes.join('\n')}
- **Shared machine:** ${machine.cpus} cores, other work may run beside the bench. 1-min load average at start ${machine.loadavgAtStart[0]}, before each round: ${loads.join('; ')}.
  Other processes took ${n(Math.min(...other), 2)}–${n(Math.max(...other), 2)} cores (median ${n(median(other), 2)}) during the measured runs (\`cpu.otherCores\` per run in the JSON). Compare ratios, not absolute figures, between runs.
${growthTable(cases.growth)}
## Context: peers measured on this kind of machine (shared/reference/peers-run.md, wrk 10 s, 2 runs)
| | Serve 212 KB JPEG | Upload 1.23 MB PNG | Cold start | RSS idle / load |
|---|---|---|---|---|
| nginx 1.22 (1 worker) | ~18,800 req/s, p99 ~1 ms | – | 11–46 ms | 11 MB |
| Zipline 3.7.10 | ~627 req/s, p99 30–40 ms (1/30 of nginx) | 173–187/s stored as is; 42–44/s re-encoded to JPEG q80 | 1.06–1.33 s | 183 / 257–553 MB |
| Picsur 0.5.7 | 188–215 req/s, p99 ~130 ms | 9.0–9.3/s | 1.18–1.48 s | 150 / 202–761 MB |
`;
}
