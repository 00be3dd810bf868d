import { existsSync, utimesSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { join } from 'node:path';
import pg from 'pg';
import sharp from 'sharp';
import { noise, photo } from '../../libs/imaging/testing/fixtures.js';
import { api, type CrashableServer, multipart, sendMultipart, startCrashableServer, until } from '../utils/crash.js';
import { listFiles } from '../utils/files.js';
import { TEMP_FILE_GRACE_MS } from '../../src/uploads/blob-store.service.js';
import { TABLES } from './state.js';

/**
 * Issue #11: kill -9 during donations, a streaming export and a burst of votes (crash.e2e-spec.ts covers
 * uploads), restart, and find no orphan file, no row without its file and no half-applied vote.
 */
describe('kill -9 mid-request, then restart', () => {
  let crash: CrashableServer;
  let db: pg.Client;
  let admin: string;
  const approved: string[] = [];

  const query = async <T = Record<string, unknown>>(sql: string, params: unknown[] = []) => (await db.query(sql, params)).rows as T[];
  const json = (token: string | undefined, body?: unknown, method = 'POST'): RequestInit => ({
    method,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const killAndRestart = async () => {
    await crash.kill();
    await crash.restart();
    admin = await crash.login();
  };

  /** Storage and rows agree: every blob row has its file, every file its row, every blob an image. */
  const consistent = async () => {
    const blobs = await query<{ storageKey: string; sha256: string }>('SELECT "storageKey", sha256 FROM blobs');
    const files = listFiles(join(crash.dataDir, 'files', 'blobs')).map((f) => `blobs/${f}`);
    expect(files.sort()).toEqual(blobs.map((b) => b.storageKey).sort());
    for (const blob of blobs) expect(existsSync(join(crash.dataDir, 'files', blob.storageKey))).toBe(true);
    expect(await query('SELECT sha256 FROM blobs b WHERE NOT EXISTS (SELECT 1 FROM images i WHERE i."blobSha256" = b.sha256)')).toEqual([]);
    // A donation is the image, its labels and its audit line together, or nothing.
    expect(await query(`SELECT id FROM images i WHERE "datasetState" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM image_labels l WHERE l."imageId" = i.id)`)).toEqual([]);
    expect(listFiles(join(crash.dataDir, 'tmp'))).toEqual([]);
    // A blob write the crash cut short may leave its temp file (never listed or served) until it goes stale.
    expect(listFiles(join(crash.dataDir, 'files', '.tmp')).every((f) => f.endsWith('.part'))).toBe(true);
  };
  /** Every pair's counters equal its vote rows: no vote counted without its row, or stored without counting. */
  const votesAddUp = async () => {
    const mismatched = await query(`
      SELECT l.id, l.yes, l.no, l.unsure, count(v.id) FILTER (WHERE v.answer = 'yes')::int AS "yesVotes",
             count(v.id) FILTER (WHERE v.answer = 'no')::int AS "noVotes", count(v.id) FILTER (WHERE v.answer = 'unsure')::int AS "unsureVotes",
             l."weightSum", coalesce(sum(v.weight), 0) AS "weights"
      FROM image_labels l LEFT JOIN votes v ON v."pairId" = l.id
      GROUP BY l.id
      HAVING l.yes <> count(v.id) FILTER (WHERE v.answer = 'yes') OR l.no <> count(v.id) FILTER (WHERE v.answer = 'no')
          OR l.unsure <> count(v.id) FILTER (WHERE v.answer = 'unsure') OR abs(l."weightSum" - coalesce(sum(v.weight), 0)) > 1e-9`);
    expect(mismatched).toEqual([]);
    return (await query<{ n: number }>('SELECT count(*)::int AS n FROM votes'))[0].n;
  };
  const snapshot = async () => ({
    rows: await Promise.all(TABLES.map(async (table) => (await query(`SELECT count(*)::int AS n FROM "${table}"`))[0])),
    files: listFiles(join(crash.dataDir, 'files')).filter((f) => !f.startsWith('.tmp')),
  });

  beforeAll(async () => {
    crash = await startCrashableServer({
      IMAGEHIVE_REGISTRATION: 'open',
      IMAGEHIVE__DATASET__DONATION_THROTTLE__LIMIT: '100000',
      IMAGEHIVE__VALIDATION__VOTE_THROTTLE__LIMIT: '100000',
      IMAGEHIVE__AUTH__LOGIN_THROTTLE__LIMIT: '100000',
      IMAGEHIVE__RATE_LIMIT__LIMIT: '1000000',
      // Every body through a temp file: its appearing is how the donation test knows the body has begun.
      IMAGEHIVE__UPLOADS__IN_MEMORY_BYTES: '0',
    });
    db = new pg.Client({ connectionString: crash.databaseUrl });
    await db.connect();
    admin = await crash.login();
    // Approved donations to export and vote on (each with two labels: two pairs).
    for (let seed = 1; seed <= 6; seed++) {
      const image = await sharp(noise(900, 700, seed), { raw: { width: 900, height: 700, channels: 3 } }).jpeg({ quality: 95 }).toBuffer();
      const form = new FormData();
      form.append('consent', 'true');
      form.append('labels', 'dog');
      form.append('labels', 'cat');
      form.append('image', new Blob([image]), 'd.jpg');
      const res = await api(crash.server(), '/api/donations', { method: 'POST', headers: { authorization: `Bearer ${admin}` }, body: form });
      expect(res.status).toBe(201);
      expect((await api(crash.server(), `/api/moderation/images/${res.body!.id}`, json(admin, { action: 'approve' }))).status).toBe(200);
      approved.push(res.body!.id as string);
    }
  }, 120_000);

  afterAll(async () => {
    await db?.end();
    await crash?.close();
  });

  it('during donations leaves no orphan file and no donation without its labels', async () => {
    for (const delay of [-1, 300]) {
      const boundary = `donation${delay}`;
      const image = await sharp(noise(1200, 900, 100 + delay), { raw: { width: 1200, height: 900, channels: 3 } }).png().toBuffer();
      const body = multipart(image, boundary, 'image', [['consent', 'true'], ['labels', 'dog'], ['labels', 'zebra-unicorn']]);
      // -1: killed while the body is still arriving; otherwise this long after the body was in.
      sendMultipart(crash.server(), '/api/donations', `Bearer ${admin}`, body, boundary, delay < 0 ? Math.floor(body.length / 2) : body.length);
      await until(() => listFiles(join(crash.dataDir, 'tmp', 'uploads')).length > 0);
      if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
      await killAndRestart();
      await consistent();
    }
  }, 150_000);

  it('during a streaming export changes nothing, and the next export works', async () => {
    // The donations' crashes may have left blob temp files: aged past the grace period, this restart removes them.
    const temps = join(crash.dataDir, 'files', '.tmp');
    const stale = new Date(Date.now() - TEMP_FILE_GRACE_MS - 60_000);
    for (const file of listFiles(temps)) utimesSync(join(temps, file), stale, stale);
    const before = await snapshot();
    const path = '/api/export?format=coco&images=true&minVotes=0&minProbability=0';
    const firstBytes = await new Promise<number>((resolve, reject) => {
      const req = httpRequest({ host: '127.0.0.1', port: crash.server().port, path }, (res) => {
        expect(res.statusCode).toBe(200);
        res.once('data', (chunk: Buffer) => resolve(chunk.length));
        res.on('error', () => undefined);
      });
      req.on('error', reject);
      req.end();
    });
    expect(firstBytes).toBeGreaterThan(0);
    await killAndRestart();
    await consistent();
    expect(listFiles(temps)).toEqual([]);
    expect(await snapshot()).toEqual(before);
    const again = await fetch(`http://127.0.0.1:${crash.server().port}${path}`);
    expect(again.status).toBe(200);
    const zip = Buffer.from(await again.arrayBuffer());
    expect(zip.subarray(0, 4)).toEqual(Buffer.from('PK\x03\x04'));
    expect(zip.subarray(-22, -18)).toEqual(Buffer.from('PK\x05\x06')); // the central directory's end: complete
  }, 120_000);

  it('during a burst of votes leaves every pair’s counters equal to its vote rows', async () => {
    const pairs = (await query<{ id: string }>('SELECT l.id FROM image_labels l WHERE l."imageId" = ANY($1) AND l."labelId" IS NOT NULL', [approved])).map((p) => p.id);
    expect(pairs.length).toBeGreaterThanOrEqual(12);
    const voters: string[] = [];
    for (let i = 0; i < 8; i++) {
      const res = await api(crash.server(), '/api/auth/register', json(undefined, { username: `voter${i}`, password: 'password123' }));
      expect(res.status).toBe(201);
      voters.push(res.body!.accessToken as string);
    }
    const answers = ['yes', 'no', 'unsure'] as const;
    const statuses = new Map<number, number>();
    for (const share of [0.4]) {
      let answered = 0;
      const port = crash.server().port;
      // Every voter votes on every pair, twice over (later votes replace earlier ones), all at once.
      const burst = voters.flatMap((token, v) =>
        [0, 1].flatMap((round) =>
          pairs.map(async (pairId, p) => {
            try {
              const res = await fetch(`http://127.0.0.1:${port}/api/validation/${pairId}/votes`, json(token, { answer: answers[(v + p + round) % 3] }));
              statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
              if (res.status === 200) answered++;
            } catch {
              // the server died under it
            }
          }),
        ),
      );
      // Killed once this share of the burst got through: the point is a crash in the middle of it.
      await until(() => answered >= burst.length * share, 30_000).catch(() => {
        throw new Error(`votes answered: ${JSON.stringify([...statuses])}`);
      });
      await crash.kill();
      await Promise.all(burst);
      await crash.restart();
      expect(answered).toBeLessThan(burst.length);
      const votes = await votesAddUp();
      expect(votes).toBeGreaterThan(0);
      expect(votes).toBeLessThanOrEqual(voters.length * pairs.length);
    }
    expect([...statuses.keys()].filter((status) => status >= 500)).toEqual([]);
    admin = await crash.login();
    await consistent();
  }, 150_000);
});
