import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { photo } from '../../libs/imaging/testing/fixtures.js';
import { listFiles } from '../utils/files.js';
import { createSibling, createTestApp, loginAs, type TestApp } from '../utils/test-app.js';

/**
 * Issue #11: two instances on one PostgreSQL (and one storage folder), many voters and uploaders at once.
 * Counters come out exact and nothing is lost. (That a PGlite data folder refuses a second process is
 * test/server-process.e2e-spec.ts.)
 */
describe('two instances, many clients at once', () => {
  let storageDir: string;
  let a: TestApp;
  let b: TestApp;
  let token: string;
  const pairs: string[] = [];

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'imagehive-shared-files-'));
    const shared = {
      'auth.jwtSecret': randomBytes(32).toString('hex'),
      'auth.registration': 'open',
      'storage.options': { path: storageDir },
      'validation.voteThrottle': { limit: 100_000, ttlSeconds: 60 },
      'dataset.donationThrottle': { limit: 100_000, ttlSeconds: 60 },
    };
    a = await createTestApp(shared);
    b = await createSibling(a, shared);
    const admin = await loginAs(a);
    token = (await a.http().post('/api/tokens').set('Authorization', `Bearer ${admin}`).send({ name: 'load', scopes: ['upload', 'read'] }).expect(201)).body.secret;
    for (let seed = 1; seed <= 4; seed++) {
      const image = await sharp(await photo(80, 60, seed)).jpeg().toBuffer();
      const { body } = await a.http().post('/api/donations').set('Authorization', `Bearer ${admin}`).field('consent', 'true').field('labels', 'dog').field('labels', 'cat').attach('image', image, 'd.jpg').expect(201);
      await b.http().post(`/api/moderation/images/${body.id}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
    }
    pairs.push(...(await a.dataSource.query('SELECT id FROM image_labels WHERE "labelId" IS NOT NULL')).map((p: { id: string }) => p.id));
  }, 120_000);

  afterAll(async () => {
    await b?.close();
    await a?.close();
    rmSync(storageDir, { recursive: true, force: true });
  });

  it('counts every vote of 24 voters voting (and changing their minds) through both instances at once', async () => {
    expect(pairs).toHaveLength(8);
    const voters = await Promise.all(
      Array.from({ length: 24 }, async (_, i) => (await a.http().post('/api/auth/register').send({ username: `crowd${i}`, password: 'password123' }).expect(201)).body.accessToken as string),
    );
    const answers = ['yes', 'no', 'unsure'] as const;
    // Each voter answers each pair twice, both at once, through different instances: one must replace the other.
    const rounds = [0, 1];
    const results = await Promise.all(
      voters.flatMap((session, v) =>
        pairs.flatMap((pairId, p) =>
          rounds.map(async (round) => {
            const answer = answers[(v + p + round) % 3];
            const via = (v + p + round) % 2 ? a : b;
            const res = await via.http().post(`/api/validation/${pairId}/votes`).set('Authorization', `Bearer ${session}`).send({ answer });
            return { status: res.status, body: res.body };
          }),
        ),
      ),
    );
    expect(results.filter((r) => r.status !== 200)).toEqual([]);
    type Row = { pairId: string; n: number; yes: number; no: number; unsure: number; yesVotes: number; noVotes: number; unsureVotes: number };
    const rows: Row[] = await a.dataSource.query(`
      SELECT l.id AS "pairId", count(v.id)::int AS n, l.yes, l.no, l.unsure,
             count(v.id) FILTER (WHERE v.answer = 'yes')::int AS "yesVotes", count(v.id) FILTER (WHERE v.answer = 'no')::int AS "noVotes",
             count(v.id) FILTER (WHERE v.answer = 'unsure')::int AS "unsureVotes"
      FROM image_labels l LEFT JOIN votes v ON v."pairId" = l.id WHERE l.id = ANY($1) GROUP BY l.id`, [pairs]);
    expect(rows).toHaveLength(pairs.length);
    for (const row of rows) {
      expect(row.n).toBe(voters.length); // one vote per voter and pair, however many times they voted
      expect([row.yes, row.no, row.unsure]).toEqual([row.yesVotes, row.noVotes, row.unsureVotes]);
      expect(row.yes + row.no + row.unsure).toBe(voters.length);
    }
  }, 120_000);

  it('keeps every one of 40 concurrent uploads through both instances, identical bytes stored once', async () => {
    const distinct = await Promise.all(Array.from({ length: 30 }, async (_, i) => sharp(await photo(64, 48, 100 + i)).jpeg().toBuffer()));
    const same = await sharp(await photo(64, 48, 999)).jpeg().toBuffer();
    const files = [...distinct, ...Array.from({ length: 10 }, () => same)];
    const [{ n: before }] = await a.dataSource.query('SELECT count(*)::int AS n FROM images');
    const uploads = await Promise.all(
      files.map((data, i) => (i % 2 ? a : b).http().post('/api/upload').set('Authorization', token).attach('upload', data, `f${i}.jpg`)),
    );
    expect(uploads.map((r) => r.status).filter((s) => s !== 201)).toEqual([]);
    const [{ n: after }] = await a.dataSource.query('SELECT count(*)::int AS n FROM images');
    expect(after - before).toBe(files.length);
    expect(new Set(uploads.map((r) => r.body.slug)).size).toBe(files.length);
    const sameSha = new Set(uploads.slice(30).map((r) => r.body.sha256));
    expect(sameSha.size).toBe(1);
    const [{ n: sameBlobs }] = await a.dataSource.query('SELECT count(*)::int AS n FROM blobs WHERE sha256 = $1', [[...sameSha][0]]);
    expect(sameBlobs).toBe(1);
    const blobs: Array<{ storageKey: string }> = await a.dataSource.query('SELECT "storageKey" FROM blobs');
    expect(listFiles(join(storageDir, 'blobs')).map((f) => `blobs/${f}`).sort()).toEqual(blobs.map((r) => r.storageKey).sort());
    // Each instance serves what the other stored, byte for byte.
    for (const [i, res] of uploads.entries()) {
      const served = await (i % 2 ? b : a).http().get(`/i/${res.body.slug}`).expect(200);
      expect(createHash('sha256').update(served.body).digest('hex')).toBe(res.body.sha256);
    }
  }, 120_000);
});
