import { existsSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { animatedGif, noise, phoneJpeg, photo, pngBomb, screenshot } from '../libs/imaging/testing/fixtures.js';
import { ConfigService } from '../src/config/config.service.js';
import { intakeBudgetOf } from '../src/uploads/upload.interceptor.js';
import { listFiles } from './utils/files.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('image host: uploads', () => {
  let t: TestApp;
  let admin: string;
  let adminToken: string;
  let userToken: string;
  let userSession: string;
  let png: Buffer;

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'open', 'server.publicUrl': 'https://img.example.test' });
    admin = await loginAs(t);
    adminToken = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${admin}`).send({ name: 'a', scopes: ['upload', 'read'] })).body.secret;
    userSession = (await t.http().post('/api/auth/register').send({ username: 'sharer', password: 'password123' })).body.accessToken;
    userToken = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${userSession}`).send({ name: 'sx', scopes: ['upload', 'read'] })).body.secret;
    png = await screenshot(7);
  });
  afterAll(() => t.close());

  const upload = (token: string, data: Buffer, name = 'shot.png', field = 'upload') =>
    t.http().post('/api/upload').set('Authorization', token).attach(field, data, name);
  const path = (url: string) => new URL(url).pathname + new URL(url).search;
  const blobFiles = () => listFiles(join(t.config.dataDir, 'files', 'blobs'));

  it('keeps a non-ASCII file name as sent (UTF-8), not read as latin1', async () => {
    const small = await sharp(await photo(40, 30, 5)).png().toBuffer();
    const res = await upload(userToken, small, 'Überweisung スクショ.png').expect(201);
    expect(res.body.originalName).toBe('Überweisung スクショ.png');
  });

  it('stores a ShareX screenshot (bare token) and answers with every link', async () => {
    const res = await upload(userToken, png).expect(201);
    expect(res.body).toMatchObject({ width: 1920, height: 1080, mimeType: 'image/webp', compressed: true, originalSize: png.length, originalName: 'shot.png' });
    expect(res.body.size).toBeLessThan(png.length);
    expect(res.body.slug).toMatch(/^[A-Za-z0-9]{8}$/);
    expect(res.body.url).toBe(`https://img.example.test/v/${res.body.slug}`);
    expect(res.body.rawUrl).toBe(`https://img.example.test/i/${res.body.slug}.webp`);
    expect(res.body.deletionUrl).toMatch(new RegExp(`^https://img.example.test/d/${res.body.slug}/ih_del_[A-Za-z0-9_-]{43}$`));
    expect(res.body.sha256).toMatch(/^[0-9a-f]{64}$/);
    const raw = await t.http().get(path(res.body.rawUrl)).expect(200);
    expect(raw.headers['content-type']).toBe('image/webp');
    const meta = await sharp(raw.body).metadata();
    expect([meta.width, meta.height, meta.format]).toEqual([1920, 1080, 'webp']);
  });

  it('receives small bodies in memory, and larger ones (past uploads.inMemoryBytes) through a temp file', async () => {
    const small = await createTestApp({ 'uploads.inMemoryBytes': '16kb' });
    try {
      const session = await loginAs(small);
      const token = (await small.http().post('/api/tokens').set('Authorization', `Bearer ${session}`).send({ name: 'm', scopes: ['upload'] })).body.secret;
      const temp = join(small.config.dataDir, 'tmp', 'uploads');
      const tiny = await photo(64, 48, 21);
      expect(tiny.length).toBeLessThan(15 * 1024);
      const first = await small.http().post('/api/upload').set('Authorization', token).attach('upload', tiny, 'tiny.png').expect(201);
      // The temp folder is made for the first body that goes to disk: none so far.
      expect(existsSync(temp)).toBe(false);
      expect(png.length).toBeGreaterThan(16 * 1024);
      const second = await small.http().post('/api/upload').set('Authorization', token).attach('upload', png, 'shot.png').expect(201);
      expect(existsSync(temp)).toBe(true);
      expect(listFiles(temp)).toEqual([]);
      for (const up of [first, second]) await small.http().get(path(up.body.rawUrl)).expect(200);
      // Refused bodies give their reservation back too: 413, 415, 400.
      await small.http().post('/api/upload').set('Authorization', token).attach('upload', Buffer.from('<svg onload=alert(1)>'), 'x.png').expect(415);
      await small.http().post('/api/upload').set('Authorization', token).field('nothing', 'here').expect(400);
      await small.http().post('/api/upload').set('Authorization', 'ih_api_wrong').attach('upload', tiny, 'tiny.png').expect(401);
      expect(intakeBudgetOf(small.app.get(ConfigService)).heldBytes).toBe(0);
    } finally {
      await small.close();
    }
  });

  it('stores nothing and gives the memory back when the client hangs up while its upload is processed', async () => {
    const budget = intakeBudgetOf(t.app.get(ConfigService));
    const slow = await sharp(noise(1900, 1300, 31), { raw: { width: 1900, height: 1300, channels: 3 } }).png().toBuffer();
    expect(slow.length).toBeLessThan(8 * 1024 ** 2); // received in memory
    const images = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM images'))[0].n as number;
    const before = await images();
    // Noise encodes slowly: the client gives up while sharp is at work.
    await expect(upload(adminToken, slow, 'slow.png').timeout(300)).rejects.toThrow(/timeout/i);
    const deadline = Date.now() + 20_000;
    while (budget.heldBytes > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(budget.heldBytes).toBe(0);
    expect(await images()).toBe(before);
  });

  it('makes a lossless screenshot lossy only when configured, and then smaller as JPEG and as WebP', async () => {
    const lossy = await t.restart({ 'compression.allowLossyFromLossless': true });
    t = lossy;
    const session = await loginAs(t, 'sharer', 'password123');
    for (const format of ['jpeg', 'webp']) {
      const res = await t.http().post('/api/upload').set('Authorization', `Bearer ${session}`).set('Image-Format', format).set('Image-Quality', '80').attach('upload', png, 'shot.png').expect(201);
      expect(res.body.mimeType).toBe(`image/${format}`);
      expect(res.body.size).toBeLessThan(png.length / 2);
    }
    t = await t.restart();
  });

  it('strips GPS and other EXIF after turning a phone photo upright', async () => {
    const jpeg = await phoneJpeg(64, 32, 6);
    expect((await sharp(jpeg).metadata()).exif).toBeDefined();
    const res = await upload(userToken, jpeg, 'phone.jpg').set('Image-Format', 'keep').expect(201);
    expect([res.body.width, res.body.height]).toEqual([32, 64]);
    const raw = await t.http().get(path(res.body.rawUrl)).expect(200);
    const meta = await sharp(raw.body).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation ?? 1).toBe(1);
    expect([meta.width, meta.height]).toEqual([32, 64]);
    expect(raw.body.includes(Buffer.from('PhoneCo'))).toBe(false);
  });

  it('lets exactly admins with a true Compression-Bypass header skip compression', async () => {
    const photoPng = await photo(300, 200, 11);
    const cases: Array<[string, string | undefined, boolean]> = [
      [adminToken, 'true', false],
      [adminToken, '1', false],
      [adminToken, 'false', true],
      [adminToken, '0', true],
      [adminToken, undefined, true],
      [userToken, 'true', true],
    ];
    for (const [token, header, compressed] of cases) {
      const req = upload(token, photoPng, 'p.png');
      if (header !== undefined) req.set('Compression-Bypass', header);
      const res = await req.expect(201);
      expect({ header, admin: token === adminToken, compressed: res.body.compressed }).toEqual({ header, admin: token === adminToken, compressed });
      if (!compressed) expect(res.body.mimeType).toBe('image/png');
    }
  });

  it('keeps animations animated', async () => {
    const res = await upload(userToken, await animatedGif(), 'anim.gif').expect(201);
    const raw = await t.http().get(path(res.body.rawUrl)).expect(200);
    expect((await sharp(raw.body, { animated: true }).metadata()).pages).toBe(3);
  });

  describe('bad input: a clear 4xx, never a 500, and nothing left behind', () => {
    let before: string[];
    beforeEach(() => (before = blobFiles()));
    afterEach(async () => {
      expect(blobFiles()).toEqual(before);
      expect(listFiles(join(t.config.dataDir, 'tmp'))).toEqual([]);
    });

    it('refuses decompression bombs (422)', async () => {
      const res = await upload(userToken, pngBomb(30_000, 30_000), 'bomb.png').expect(422);
      expect(res.body.message).toMatch(/megapixel/);
    });

    it('refuses truncated images (422)', async () => {
      const jpeg = await sharp(await photo(400, 300, 5)).jpeg().toBuffer();
      const res = await upload(userToken, jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg').expect(422);
      expect(res.body.statusCode).toBe(422);
    });

    it('refuses SVG with script, HTML and random bytes by their content, whatever the name (415)', async () => {
      const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg"><script>alert(document.cookie)</script></svg>');
      for (const [data, name] of [
        [svg, 'cat.png'],
        [Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'cat.jpg'],
        [Buffer.from('just some text, not an image at all'), 'cat.gif'],
      ] as const) {
        const res = await upload(userToken, data, name).expect(415);
        expect(res.body.message).toMatch(/allowed: jpeg, png, gif, webp, avif, tiff/);
      }
    });

    it('answers missing or misnamed file fields and non-multipart bodies with 400', async () => {
      expect((await upload(userToken, png, 'x.png', 'image').expect(400)).body.message).toMatch(/Unexpected file field "image"/);
      expect((await t.http().post('/api/upload').set('Authorization', userToken).field('note', 'hi').expect(400)).body.message).toMatch(/No file/);
      expect((await t.http().post('/api/upload').set('Authorization', userToken).send({ a: 1 }).expect(400)).body.message).toMatch(/multipart/);
    });

    it('needs a token with the upload scope', async () => {
      await upload('ih_api_' + 'x'.repeat(43), png).expect(401);
      const readOnly = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${userSession}`).send({ name: 'ro', scopes: ['read'] })).body.secret;
      expect((await upload(readOnly, png).expect(403)).body.message).toMatch(/scope upload/);
    });
  });

  it('serves a JPEG/HTML polyglot only as a harmless image', async () => {
    const jpeg = await sharp(await photo(120, 80, 9)).jpeg().toBuffer();
    const polyglot = Buffer.concat([jpeg, Buffer.from('<html><body><script>alert(document.domain)</script></body></html>')]);
    const res = await upload(userToken, polyglot, 'evil.html').expect(201);
    const raw = await t.http().get(path(res.body.rawUrl)).expect(200);
    expect(raw.headers['content-type']).toMatch(/^image\//);
    expect(raw.headers['x-content-type-options']).toBe('nosniff');
    expect(raw.headers['content-security-policy']).toMatch(/sandbox/);
    expect(raw.body.includes(Buffer.from('<script'))).toBe(false);
  });

  it('stores identical bytes once, however many links point at them', async () => {
    const data = await sharp(await photo(200, 100, 21)).png().toBuffer();
    const first = await upload(userToken, data, 'a.png').expect(201);
    const filesAfterFirst = blobFiles().length;
    const second = await upload(userToken, data, 'b.png').expect(201);
    expect(second.body.sha256).toBe(first.body.sha256);
    expect(second.body.slug).not.toBe(first.body.slug);
    expect(blobFiles()).toHaveLength(filesAfterFirst);
  });

  it('enforces per-user quotas with 413 and the quota in the message', async () => {
    const [{ id }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'sharer'`);
    await t.dataSource.query(`UPDATE users SET "quotaFiles" = 1 WHERE id = $1`, [id]);
    const res = await upload(userToken, await photo(50, 50, 2), 'q.png').expect(413);
    expect(res.body.message).toMatch(/File quota exceeded: you have \d+ of 1 files/);
    await t.dataSource.query(`UPDATE users SET "quotaFiles" = NULL, "quotaBytes" = 1000 WHERE id = $1`, [id]);
    expect((await upload(userToken, await photo(50, 50, 2), 'q.png').expect(413)).body.message).toMatch(/Storage quota exceeded/);
    await t.dataSource.query(`UPDATE users SET "quotaBytes" = NULL WHERE id = $1`, [id]);
  });

  it('holds a quota under concurrent uploads: five at once into the last free slot store exactly one', async () => {
    const reg = await t.http().post('/api/auth/register').send({ username: 'racer', password: 'password123' }).expect(201);
    const racer = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${reg.body.accessToken}`).send({ name: 'sx', scopes: ['upload'] }).expect(201)).body.secret;
    await t.dataSource.query(`UPDATE users SET "quotaFiles" = 1 WHERE id = $1`, [reg.body.user.id]);
    const before = blobFiles().length;
    const shots = await Promise.all([71, 72, 73, 74, 75].map((seed) => photo(50, 50, seed)));
    const statuses = await Promise.all(shots.map((shot, i) => upload(racer, shot, `race${i}.png`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 201)).toHaveLength(1);
    expect(statuses.filter((s) => s === 413)).toHaveLength(4);
    const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM images WHERE "ownerId" = $1', [reg.body.user.id]);
    expect(n).toBe(1);
    expect(blobFiles()).toHaveLength(before + 1);
  });

  it('refuses files over the size limit with 413 before storing anything', async () => {
    const small = await t.restart({ 'uploads.maxFileSize': '100kb' });
    t = small;
    const token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${await loginAs(t)}`).send({ name: 's' })).body.secret;
    const before = blobFiles();
    const res = await t.http().post('/api/upload').set('Authorization', token).attach('upload', png, 'big.png').expect(413);
    expect(res.body.message).toBe('The file is larger than the 100 KB limit');
    expect(blobFiles()).toEqual(before);
    t = await t.restart();
  });
});
