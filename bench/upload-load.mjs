// Upload load generator: `concurrency` connections each posting the prebuilt multipart body back to back
// for `seconds`, counting uploads that complete within the window (like wrk). Unlike wrk it lets the
// uploads still in flight at the deadline finish instead of cutting their connections: Imagehive crashes
// when a client disconnects in the middle of an upload (see bench/README.md). Prints one JSON line.
// Usage: node bench/upload-load.mjs <url> <body file> <seconds> <concurrency>, headers from BENCH_* env.
import { readFileSync } from 'node:fs';
import http from 'node:http';

const [url, bodyFile, seconds = '5', concurrency = '10'] = process.argv.slice(2);
const body = readFileSync(bodyFile);
const agent = new http.Agent({ keepAlive: true, maxSockets: Number(concurrency) });
const headers = {
  'Content-Type': process.env.BENCH_CONTENT_TYPE,
  'Content-Length': body.length,
  Authorization: process.env.BENCH_TOKEN,
  'Image-Format': process.env.BENCH_IMAGE_FORMAT,
  'Image-Quality': process.env.BENCH_IMAGE_QUALITY,
};

function post() {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method: 'POST', agent, headers }, (res) => {
      res.resume(); // the JSON answer is not needed, only its status
      res.on('end', () => resolve(res.statusCode));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const latencies = [];
const statuses = {};
let errors = 0;
const start = performance.now();
const deadline = start + Number(seconds) * 1000;

async function worker() {
  while (performance.now() < deadline) {
    const t = performance.now();
    try {
      const status = await post();
      const end = performance.now();
      if (end > deadline) break; // finished after the window: not counted, and not cut off either
      statuses[status] = (statuses[status] ?? 0) + 1;
      if (status === 201) latencies.push(end - t);
    } catch {
      errors++;
    }
  }
}
await Promise.all(Array.from({ length: Number(concurrency) }, worker));
agent.destroy();

latencies.sort((a, b) => a - b);
const at = (p) => latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? null;
const completed = Object.values(statuses).reduce((a, b) => a + b, 0);
process.stdout.write(
  `${JSON.stringify({
    perSecond: latencies.length / Number(seconds),
    requests: completed,
    p50Ms: at(50),
    p99Ms: at(99),
    non2xx: completed - latencies.length,
    socketErrors: errors,
    statuses,
    drainMs: performance.now() - deadline,
  })}\n`,
);
