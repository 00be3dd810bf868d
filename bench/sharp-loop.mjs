// Baseline for uploads: the bare conversion the server does, `concurrency` conversions in flight for
// `seconds`, in its own process (not sharing the harness's event loop). Prints one JSON line.
// Usage: node bench/sharp-loop.mjs <png> <seconds> <concurrency> <quality>
import { readFileSync } from 'node:fs';
import sharp from 'sharp';

const [file, seconds = '5', concurrency = '10', quality = '80'] = process.argv.slice(2);
const input = readFileSync(file);
const latencies = [];
let maxRss = process.memoryUsage.rss();
let outputBytes = 0;

await sharp(input).webp({ quality: Number(quality) }).toBuffer(); // warm-up: libvips init, not timed
const start = performance.now();
const deadline = start + Number(seconds) * 1000;

// Like wrk: conversions that finish after the deadline are not counted.
async function worker() {
  while (performance.now() < deadline) {
    const t = performance.now();
    const out = await sharp(input).webp({ quality: Number(quality) }).toBuffer();
    const end = performance.now();
    if (end <= deadline) latencies.push(end - t);
    outputBytes = out.length;
    maxRss = Math.max(maxRss, process.memoryUsage.rss());
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));

latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? null;
process.stdout.write(
  `${JSON.stringify({
    conversions: latencies.length,
    perSecond: latencies.length / Number(seconds),
    p50Ms: at(50),
    p99Ms: at(99),
    outputBytes,
    maxRss,
    libvipsThreads: sharp.concurrency(), // 1 by default on glibc without jemalloc; the server gets the same
  })}\n`,
);
