// npm run bench:crowd — simulated voters against the real HTTP API, on a fresh embedded database per mix.
// For each mix of bad voters (0 %, 20 %, 40 %) it reports the precision and recall of "label is right" for
// ImageMonkey's naive rule (yes / (yes + no) >= 0.8) and for Imagehive's (probability >= threshold with at
// least minVotes votes), side by side. Writes bench/results/crowd.json and crowd.md.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import sharp from 'sharp';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const { createApp } = await import(join(ROOT, 'dist/src/app.factory.js'));
const { loadConfig } = await import(join(ROOT, 'dist/src/config/config.loader.js'));
const { ReliabilityService } = await import(join(ROOT, 'dist/src/validation/reliability.service.js'));
const { mulberry32 } = await import(join(ROOT, 'dist/libs/consensus/index.js'));

const IMAGES = Number(process.env.CROWD_IMAGES ?? 60);
const VOTERS = Number(process.env.CROWD_VOTERS ?? 30);
const VOTES_PER_VOTER = Number(process.env.CROWD_VOTES ?? 40);
const GOLD = Number(process.env.CROWD_GOLD ?? 10);
const THRESHOLD = 0.95;
const MIN_VOTES = 3;
const LABELS = ['dog', 'cat', 'cup', 'car', 'chair', 'bicycle', 'bottle', 'person', 'tree', 'book'];
const PASSWORD = 'crowd-bench-password';

/** A voter's answer given the truth: honest ones err at their own rate; bad ones ignore the picture. */
function answer(kind, accuracy, truth, rand) {
  if (kind === 'lazy') return 'yes';
  if (kind === 'spammer') return rand() < 0.5 ? 'yes' : 'no';
  if (kind === 'adversary') return truth ? 'no' : 'yes';
  const right = rand() < accuracy;
  return truth === right ? 'yes' : 'no';
}

function crowd(badShare, rand) {
  const bad = Math.round(VOTERS * badShare);
  const kinds = ['lazy', 'spammer', 'adversary'];
  return Array.from({ length: VOTERS }, (_, i) =>
    i < bad ? { kind: kinds[i % 3], accuracy: 0 } : { kind: 'honest', accuracy: 0.8 + rand() * 0.15 },
  );
}

async function runMix(badShare, seed) {
  const rand = mulberry32(seed);
  const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-crowd-'));
  const config = loadConfig({
    env: {},
    file: false,
    overrides: {
      dataDir,
      'logging.level': 'silent',
      'auth.admin.password': PASSWORD,
      rateLimit: { limit: 1_000_000, ttlSeconds: 60 },
      'validation.voteThrottle': { limit: 1_000_000, ttlSeconds: 60 },
      'validation.trainingGold': 3,
      'validation.recomputeSeconds': 3600,
      'dataset.donationThrottle': { limit: 100_000, ttlSeconds: 60 },
    },
  });
  const app = await createApp(config);
  await app.listen(0, '127.0.0.1');
  // Keep idle sockets open longer than the client does, so a reused socket is never closed under a request.
  app.getHttpServer().keepAliveTimeout = 65_000;
  const base = `http://127.0.0.1:${app.getHttpServer().address().port}`;
  const call = async (path, init = {}, attempt = 0) => {
    let res;
    try {
      res = await fetch(base + path, init);
    } catch (error) {
      // A kept-alive socket the server closed just as it was reused: try once more on a new one.
      if (attempt < 3 && ['ECONNRESET', 'UND_ERR_SOCKET'].includes(error.cause?.code)) return call(path, init, attempt + 1);
      throw error;
    }
    const body = res.headers.get('content-type')?.includes('json') ? await res.json() : null;
    return { status: res.status, body, cookie: res.headers.get('set-cookie')?.split(';')[0] };
  };
  try {
    const login = await call('/api/auth/login', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    const auth = { authorization: `Bearer ${login.body.accessToken}` };
    // Each image gets one right and one wrong label: the truth the crowd should recover.
    const truth = new Map();
    for (let i = 0; i < IMAGES; i++) {
      const noise = Buffer.alloc(32 * 24 * 3).map(() => Math.floor(rand() * 256));
      const jpeg = await sharp(noise, { raw: { width: 32, height: 24, channels: 3 } }).resize(64, 48).jpeg().toBuffer();
      const right = LABELS[i % LABELS.length];
      const wrong = LABELS[(i + 1 + Math.floor(rand() * (LABELS.length - 1))) % LABELS.length];
      const form = new FormData();
      form.append('consent', 'true');
      form.append('labels', right);
      form.append('labels', wrong);
      form.append('image', new Blob([jpeg], { type: 'image/jpeg' }), `${i}.jpg`);
      const donated = await call('/api/donations', { method: 'POST', headers: auth, body: form });
      if (donated.status !== 201) throw new Error(`donation failed: ${donated.status} ${JSON.stringify(donated.body)}`);
      await call(`/api/moderation/images/${donated.body.id}`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ action: 'approve' }) });
      for (const pair of donated.body.labels) truth.set(pair.id, pair.name === right);
    }
    const gold = [...truth.keys()].slice(0, GOLD);
    for (const pairId of gold) {
      await call(`/api/validation/pairs/${pairId}/gold`, { method: 'PUT', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ answer: truth.get(pairId) ? 'right' : 'wrong' }) });
    }
    const voters = crowd(badShare, rand);
    let cast = 0;
    for (let round = 0; round < VOTES_PER_VOTER / 5; round++) {
      await Promise.all(
        voters.map(async (voter) => {
          const tasks = await call('/api/validation/next?count=5', { headers: voter.cookie ? { cookie: voter.cookie } : {} });
          voter.cookie ??= tasks.cookie;
          for (const task of tasks.body ?? []) {
            const vote = answer(voter.kind, voter.accuracy, truth.get(task.pairId), rand);
            const res = await call(`/api/validation/${task.pairId}/votes`, { method: 'POST', headers: { cookie: voter.cookie, 'content-type': 'application/json' }, body: JSON.stringify({ answer: vote }) });
            if (res.status === 200) cast++;
          }
        }),
      );
    }
    await app.get(ReliabilityService).recompute();
    const { DataSource } = await import(join(ROOT, 'node_modules/typeorm/index.js'));
    const rows = await app.get(DataSource).query('SELECT id, yes, no, probability FROM image_labels WHERE gold IS NULL');
    const score = (decide) => {
      let tp = 0;
      let fp = 0;
      let fn = 0;
      for (const r of rows) {
        const positive = decide(r);
        const right = truth.get(r.id);
        if (positive && right) tp++;
        else if (positive && !right) fp++;
        else if (!positive && right) fn++;
      }
      return { precision: tp + fp ? tp / (tp + fp) : 1, recall: tp + fn ? tp / (tp + fn) : 0, exported: tp + fp };
    };
    return {
      badShare,
      pairs: rows.length,
      votes: cast,
      votesPerPair: cast / truth.size,
      naive: score((r) => r.yes + r.no > 0 && r.yes / (r.yes + r.no) >= 0.8),
      ours: score((r) => r.probability !== null && r.probability >= THRESHOLD && r.yes + r.no >= MIN_VOTES),
    };
  } finally {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

const results = [];
for (const [i, share] of [0, 0.2, 0.4].entries()) {
  process.stdout.write(`mix ${share * 100}% bad voters… `);
  results.push(await runMix(share, 1000 + i));
  process.stdout.write('done\n');
}
const pct = (x) => `${(x * 100).toFixed(1)} %`;
const table = [
  `# Crowd benchmark (${new Date().toISOString()})`,
  '',
  `${IMAGES} images × 2 labels (one right, one wrong), ${VOTERS} voters, ${GOLD} gold pairs, through the HTTP API on the embedded database.`,
  `Bad voters are split evenly between always-yes, random and always-opposite. Ours: probability ≥ ${THRESHOLD} with ≥ ${MIN_VOTES} votes; naive: yes / (yes + no) ≥ 0.8.`,
  '',
  '| bad voters | votes per pair | naive precision | naive recall | ours precision | ours recall |',
  '|---|---|---|---|---|---|',
  ...results.map((r) => `| ${pct(r.badShare)} | ${r.votesPerPair.toFixed(1)} | ${pct(r.naive.precision)} | ${pct(r.naive.recall)} | ${pct(r.ours.precision)} | ${pct(r.ours.recall)} |`),
].join('\n');
mkdirSync(join(ROOT, 'bench/results'), { recursive: true });
writeFileSync(join(ROOT, 'bench/results/crowd.json'), `${JSON.stringify(results, null, 2)}\n`);
writeFileSync(join(ROOT, 'bench/results/crowd.md'), `${table}\n`);
console.log(`\n${table}`);
