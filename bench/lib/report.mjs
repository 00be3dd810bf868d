// The markdown summary: one row per figure, median of the runs with min–max, and the ratio
// Imagehive / baseline of the medians. The peers' figures are kept below as context.
import { median } from './stats.mjs';

const n = (x, digits = 0) => (x === null || x === undefined ? '–' : x.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits }));
const ms = (x) => (x === null || x === undefined ? '–' : x < 10 ? n(x, 2) : x < 100 ? n(x, 1) : n(x, 0));
const mb = (bytes) => (bytes === null || bytes === undefined ? '–' : n(bytes / 2 ** 20, 0));
const spread = (s, fmt) => `**${fmt(s.median)}** (${fmt(s.min)}–${fmt(s.max)})`;
const r = (x) => (x === null ? '–' : x === 0 ? '0×' : x >= 10 ? `${n(x, 1)}×` : x >= 0.1 ? `${n(x, 2)}×` : `${n(x, 3)}× (1/${n(1 / x, 0)})`);

function rows(label, c, baselineName, unit) {
  return [
    `| ${label}, ${unit} | ${spread(c.imagehive.perSecond, (x) => n(x, x < 100 ? 1 : 0))} | ${baselineName} ${spread(c.baseline.perSecond, (x) => n(x, x < 100 ? 1 : 0))} | ${r(c.ratio.perSecond)} |`,
    `| ${label}, p99 ms | ${spread(c.imagehive.p99Ms, ms)} | ${spread(c.baseline.p99Ms, ms)} | ${r(c.ratio.p99Ms)} |`,
  ];
}

export function markdown(res) {
  const { cases, coldStart, rss, images, settings, machine, versions } = res;
  const loads = Object.entries(cases).map(([name, c]) => `${name} ${c.rounds.map((round) => round.loadavgBefore[0]).join(' / ')}`);
  const other = Object.values(cases).flatMap((c) => c.rounds.flatMap((round) => [round.imagehive.cpu.otherCores, round.baseline.cpu.otherCores]));
  return `# Imagehive benchmark: ${res.date}

${settings.runs} runs of ${settings.seconds} s per case (uploads: ${settings.uploadSeconds} s, ${settings.uploadClient} client), median **bold** with (min–max); ratio = Imagehive / baseline (medians).
Load: wrk ${versions.wrk}, 1 thread, ${settings.connections} connections, on the same ${machine.cpus}-core machine as the server.
Versions: Imagehive ${versions.imagehive.version} (${versions.imagehive.commit ?? 'no git'}), Node ${versions.node}, nginx ${versions.nginx}, sharp ${versions.sharp} (libvips ${versions.libvips}).

| Case | Imagehive | Baseline | Ratio |
|---|---|---|---|
${[
  ...rows(`Serve ${n(images.servedOriginal.bytes / 1000)} KB JPEG by link`, cases.serveOriginal, 'nginx', 'req/s'),
  ...rows(`Serve cached 512 px WebP variant (${n(images.servedVariant.bytes / 1000, 1)} KB)`, cases.serveVariant, 'nginx', 'req/s'),
  ...rows(`Upload ${n(images.screenshotPngBytes / 1e6, 2)} MB PNG → WebP q80`, cases.upload, 'bare sharp', 'uploads/s vs conversions/s'),
].join('\n')}
| Cold start to ready, ms | ${spread(coldStart.readyMs, ms)} | nginx ${ms(res.nginxStartMs)} (1 start) | – |
| RSS idle, MB | ${spread(coldStart.idleRssBytes, mb)} | – | – |
| RSS max under load, MB (serving / uploads) | **${mb(rss.maxServingBytes)} / ${mb(rss.maxUploadBytes)}** | – | – |

- First start on the empty database (migrations, admin creation): ${ms(coldStart.firstStartWithMigrationsMs)} ms. RSS after all load: ${mb(rss.afterLoadBytes)} MB.
- Stored WebP ${n(images.upload.storedBytes)} B; bare sharp makes ${n(images.upload.sharpBaselineBytes)} B from the same PNG.
- **Shared machine:** ${machine.cpus} cores, other work may run beside the bench. 1-min load average at start ${machine.loadavgAtStart[0]}, before each round: ${loads.join('; ')}.
  Other processes took ${n(Math.min(...other), 2)}–${n(Math.max(...other), 2)} cores (median ${n(median(other), 2)}) during the measured runs (\`cpu.otherCores\` per run in latest.json). Compare ratios, not absolute figures, between runs.

## Context: peers measured on this kind of machine (shared/reference/peers-run.md, wrk 10 s, 2 runs)
| | Serve 212 KB JPEG | Upload 1.23 MB PNG | Cold start | RSS idle / load |
|---|---|---|---|---|
| nginx 1.22 (1 worker) | ~18,800 req/s, p99 ~1 ms | – | 11–46 ms | 11 MB |
| Zipline 3.7.10 | ~627 req/s, p99 30–40 ms (1/30 of nginx) | 173–187/s stored as is; 42–44/s re-encoded to JPEG q80 | 1.06–1.33 s | 183 / 257–553 MB |
| Picsur 0.5.7 | 188–215 req/s, p99 ~130 ms | 9.0–9.3/s | 1.18–1.48 s | 150 / 202–761 MB |
`;
}
