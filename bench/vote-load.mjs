// Vote load generator: `concurrency` voters, each its own anonymous identity (a signed cookie, fetched from
// GET /api/validation/next before the clock starts, or given), each on its own keep-alive connection, posting
// POST /api/validation/:pairId/votes back to back for `seconds`. Voter w walks the pair list from its own
// offset, so voters do not queue on one pair's row lock. Counts like wrk: only votes answered inside the window.
// With several base URLs (the instances case) voter w talks to base w mod n. Prints one JSON line.
// Usage: node bench/vote-load.mjs <job.json>  {bases, pairIds, seconds, concurrency, start, cookies?}
import { readFileSync } from 'node:fs';
import http from 'node:http';
import { percentile } from './lib/stats.mjs';

const job = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { bases, pairIds, seconds, concurrency, start = 0 } = job;
const agents = bases.map(() => new http.Agent({ keepAlive: true, maxSockets: concurrency }));

function request(w, method, path, headers, body) {
  return new Promise((resolve, reject) => {
    const req = http.request(`${bases[w % bases.length]}${path}`, { method, agent: agents[w % bases.length], headers }, (res) => {
      res.resume();
      res.on('end', () => resolve(res));
      res.on('error', reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error('timeout')));
    req.on('error', reject);
    req.end(body);
  });
}

const cookies = job.cookies ?? [];
for (let w = cookies.length; w < concurrency; w++) {
  const res = await request(w, 'GET', '/api/validation/next?count=1', {});
  const cookie = res.headers['set-cookie']?.[0]?.split(';')[0];
  if (res.statusCode !== 200 || !cookie) throw new Error(`GET /api/validation/next: HTTP ${res.statusCode}, no voter cookie`);
  cookies.push(cookie);
}

const latencies = [];
const statuses = {};
let errors = 0;
const begin = performance.now();
const deadline = begin + seconds * 1000;
const stride = Math.max(1, Math.floor(pairIds.length / concurrency));

async function voter(w) {
  for (let k = 0; performance.now() < deadline; k++) {
    const pairId = pairIds[(start + w * stride + k) % pairIds.length];
    const body = JSON.stringify({ answer: k % 2 ? 'no' : 'yes' });
    const headers = { cookie: cookies[w], 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) };
    const t = performance.now();
    try {
      const res = await request(w, 'POST', `/api/validation/${pairId}/votes`, headers, body);
      const end = performance.now();
      if (end > deadline) break;
      statuses[res.statusCode] = (statuses[res.statusCode] ?? 0) + 1;
      if (res.statusCode === 200) latencies.push(end - t);
    } catch {
      errors++;
    }
  }
}
await Promise.all(Array.from({ length: concurrency }, (_, w) => voter(w)));
for (const agent of agents) agent.destroy();

latencies.sort((a, b) => a - b);
const completed = Object.values(statuses).reduce((a, b) => a + b, 0);
process.stdout.write(
  `${JSON.stringify({
    perSecond: latencies.length / seconds,
    requests: completed,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    non2xx: completed - latencies.length,
    socketErrors: errors,
    statuses,
  })}\n`,
);
