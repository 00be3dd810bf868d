import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { jest } from '@jest/globals';
import { EventEmitter2 } from '@nestjs/event-emitter';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { MediaRepository } from '../src/media/media.repository.js';
import { LinkCache } from '../src/serving/link-cache.js';
import { RateLimiterRepository } from '../src/throttling/rate-limiter.repository.js';
import { UploadMaintenanceService } from '../src/uploads/upload-maintenance.service.js';
import { listFiles } from './utils/files.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('image host: serving, links and deletion', () => {
  let t: TestApp;
  let token: string;
  let session: string;
  let image: Buffer;
  const events: Array<{ name: string; payload: Record<string, unknown> }> = [];

  const listen = (app: TestApp) => {
    const bus = app.app.get(EventEmitter2);
    for (const name of ['upload.created', 'upload.deleted']) bus.on(name, (payload: Record<string, unknown>) => events.push({ name, payload }));
  };

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'open' });
    listen(t);
    session = await loginAs(t);
    token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${session}`).send({ name: 'sx' })).body.secret;
    image = await sharp(await photo(640, 480, 4)).jpeg({ quality: 85 }).toBuffer();
  });
  afterAll(() => t.close());

  const upload = (headers: Record<string, string> = {}, data = image, name = 'holiday.jpg') => {
    const req = t.http().post('/api/upload').set('Authorization', token);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return req.attach('upload', data, name).expect(201);
  };
  const local = (url: string) => {
    const u = new URL(url);
    return u.pathname + u.search;
  };
  const files = (sub: string) => listFiles(join(t.config.dataDir, 'files', sub));

  it('serves the bytes with a strong ETag, long immutable caching, 304, Range and HEAD', async () => {
    const { body } = await upload({ 'Image-Format': 'keep' });
    const res = await t.http().get(local(body.rawUrl)).expect(200);
    expect(res.headers.etag).toBe(`"${body.sha256}"`);
    expect(res.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(res.headers['last-modified']).toBeDefined();
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(Number(res.headers['content-length'])).toBe(body.size);
    await t.http().get(`/i/${body.slug}`).set('If-None-Match', res.headers.etag).expect(304);
    const part = await t.http().get(`/i/${body.slug}`).set('Range', 'bytes=0-99').expect(206);
    expect(part.headers['content-range']).toBe(`bytes 0-99/${body.size}`);
    expect(Buffer.compare(part.body, res.body.subarray(0, 100))).toBe(0);
    const head = await t.http().head(`/i/${body.slug}`).expect(200);
    expect(head.headers['content-length']).toBe(String(body.size));
    await t.http().get('/i/doesnotexist').expect(404);
    await t.http().get(`/i/${body.slug}.exe`).expect(404);
  });

  it('answers image hits before Express with the headers and errors the controller gives', async () => {
    // Bytes of its own: another upload of the same bytes rewrites the file, and the kept copy's Last-Modified
    // may then trail the file's by up to a second (LocalFileCache).
    const { body } = await upload({ 'Image-Format': 'keep' }, await sharp(await photo(320, 240, 77)).jpeg().toBuffer(), 'fast.jpg');
    // If-Unmodified-Since in the future never fails, and sends the request on through Express and the controller.
    const viaNest = (path: string) => t.http().get(path).set('If-Unmodified-Since', new Date(Date.now() + 86_400_000).toUTCString());
    const comparable = (headers: Record<string, string>) => {
      const { date, 'x-request-id': id, connection, 'keep-alive': keepAlive, ...rest } = headers;
      expect(id).toMatch(/^[0-9a-f-]{36}$/);
      return rest;
    };
    for (const path of [`/i/${body.slug}`, `/i/${body.slug}.jpg`, `/i/${body.slug}?w=64&format=webp`, `/i/${body.slug}?w=64&w=65`, `/i/${body.slug}?nope=1`, '/i/doesnotexist']) {
      // The first hit is built, the second answered from what the first prepared.
      const [fast, again] = [await t.http().get(path), await t.http().get(path)];
      const nest = await viaNest(path);
      expect({ path, status: fast.status, again: again.status }).toEqual({ path, status: nest.status, again: nest.status });
      if (fast.status === 200) {
        expect(comparable(fast.headers)).toEqual(comparable(nest.headers));
        expect(comparable(again.headers)).toEqual(comparable(nest.headers));
        expect(Buffer.compare(fast.body, nest.body)).toBe(0);
        expect(Buffer.compare(again.body, nest.body)).toBe(0);
      } else {
        expect(fast.body).toEqual({ ...nest.body, requestId: fast.body.requestId });
        expect(fast.headers['content-type']).toBe('application/json; charset=utf-8');
      }
    }
    // The caller's request id is echoed, on hits and on errors alike.
    expect((await t.http().get(`/i/${body.slug}`).set('X-Request-Id', 'trace-42')).headers['x-request-id']).toBe('trace-42');
    expect((await t.http().get('/i/doesnotexist').set('X-Request-Id', 'trace-43')).headers['x-request-id']).toBe('trace-43');
    // A prepared answer dies with its link: deleted, the next request is a 404.
    await t.http().delete(`/api/uploads/${body.id}`).set('Authorization', `Bearer ${session}`).expect(204);
    await t.http().get(`/i/${body.slug}`).expect(404);
    await t.http().get(`/i/${body.slug}?w=64&format=webp`).expect(404);
  });

  it('serves what is on disk, though small files are kept in memory: rewritten or removed bytes are seen within a second', async () => {
    const { body } = await upload({ 'Image-Format': 'keep' }, await sharp(await photo(80, 60, 71)).jpeg().toBuffer());
    const first = await t.http().get(`/i/${body.slug}`).expect(200);
    const [{ storageKey }] = await t.dataSource.query('SELECT "storageKey" FROM blobs WHERE sha256 = $1', [body.sha256]);
    const path = join(t.config.dataDir, 'files', storageKey);
    const other = Buffer.concat([first.body, Buffer.from('tail')]);
    writeFileSync(path, other);
    const aSecond = () => new Promise((resolve) => setTimeout(resolve, 1100));
    await aSecond();
    const again = await t.http().get(`/i/${body.slug}`).expect(200);
    expect(Buffer.compare(again.body, other)).toBe(0);
    expect(again.headers['content-length']).toBe(String(other.length));
    await t.http().get(`/i/${body.slug}`).set('If-Match', '"another-etag"').expect(412);
    await t.http().get(`/i/${body.slug}`).set('If-Match', again.headers.etag).expect(200);
    const { rmSync } = await import('node:fs');
    rmSync(path);
    await aSecond();
    expect((await t.http().get(`/i/${body.slug}`).expect(404)).body.message).toBe('The image bytes are missing');
  });

  it('renders bounded variants once and serves them from the cache after', async () => {
    const { body } = await upload();
    const first = await t.http().get(`/i/${body.slug}?w=100&format=png`).expect(200);
    expect(first.headers['content-type']).toBe('image/png');
    const meta = await sharp(first.body).metadata();
    expect([meta.width, meta.height]).toEqual([100, 75]);
    const cached = files(`variants/${body.sha256}`);
    expect(cached).toHaveLength(1);
    const again = await t.http().get(`/i/${body.slug}?w=100&format=png`).expect(200);
    expect(again.headers.etag).toBe(first.headers.etag);
    expect(files(`variants/${body.sha256}`)).toEqual(cached);
    const huge = await t.http().get(`/i/${body.slug}?w=4000&h=4000`).expect(200);
    expect((await sharp(huge.body).metadata()).width).toBe(640); // never enlarged
    const thumb = await t.http().get(local(body.thumbnailUrl)).expect(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    for (const bad of ['w=0', 'w=99999', 'w=abc', 'fit=stretch', 'format=svg', 'q=0', 'x=1']) {
      const res = await t.http().get(`/i/${body.slug}?${bad}`).expect(400);
      expect(res.body.message).toBeTruthy();
    }
  });

  it('renders a new size once however many ask for it at the same time', async () => {
    const { body } = await upload({}, await sharp(await photo(90, 60, 38)).jpeg().toBuffer());
    const media = t.app.get(MediaRepository);
    const renders = jest.spyOn(media, 'variant');
    // The render limit answers at Redis's pace in a cluster: a round trip in which other requests arrive.
    const limiter = t.app.get(RateLimiterRepository);
    const consume = limiter.consume.bind(limiter);
    const slow = jest.spyOn(limiter, 'consume').mockImplementation(async (...args: Parameters<typeof consume>) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return consume(...args);
    });
    try {
      const statuses = await Promise.all(Array.from({ length: 6 }, () => t.http().get(`/i/${body.slug}?w=57`).then((r) => r.status)));
      expect(statuses).toEqual([200, 200, 200, 200, 200, 200]);
      expect(renders).toHaveBeenCalledTimes(1);
    } finally {
      renders.mockRestore();
      slow.mockRestore();
    }
  });

  it('has a view page that embeds in chats (OpenGraph and Twitter tags), escaping the file name', async () => {
    const { body } = await upload({}, image, '"><script>alert(1)</script>.jpg');
    const page = await t.http().get(`/v/${body.slug}`).expect(200);
    expect(page.headers['content-type']).toMatch(/text\/html/);
    expect(page.headers['content-security-policy']).toMatch(/default-src 'none'/);
    // supertest listens on a new port per request, so compare everything but the port
    expect(page.text).toMatch(new RegExp(`<meta property="og:image" content="http://127\\.0\\.0\\.1:\\d+${new URL(body.rawUrl).pathname}">`));
    expect(page.text).toContain('<meta property="twitter:card" content="summary_large_image">');
    expect(page.text).not.toContain('<script>');
  });

  it('builds links from publicUrl, or from forwarded headers only when trustProxy is on', async () => {
    const plain = await upload();
    expect(plain.body.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v\//);
    const spoofed = await t.http().post('/api/upload').set('Authorization', token).set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'evil.example').attach('upload', image, 'a.jpg').expect(201);
    expect(spoofed.body.url).not.toContain('evil.example');
    t = await t.restart({ 'server.trustProxy': true });
    listen(t);
    const proxied = await t.http().post('/api/upload').set('Authorization', token).set('X-Forwarded-Proto', 'https').set('X-Forwarded-Host', 'img.example.org').attach('upload', image, 'a.jpg').expect(201);
    expect(proxied.body.url).toMatch(/^https:\/\/img\.example\.org\/v\//);
    t = await t.restart();
    listen(t);
  });

  it('counts views exactly under concurrency: a two-view link serves exactly twice', async () => {
    const { body } = await upload({ 'Max-Views': '2' }, await sharp(await photo(50, 50, 33)).jpeg().toBuffer());
    const statuses = await Promise.all(Array.from({ length: 6 }, () => t.http().get(`/i/${body.slug}`).then((r) => r.status)));
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 404)).toHaveLength(4);
    await t.http().delete(`/api/uploads/${body.id}`).set('Authorization', token).expect(204);
  });

  it('counts a variant as a view: a view-limited link runs out through ?w= and ?format= too, and a bad parameter costs none', async () => {
    const { body } = await upload({ 'Max-Views': '2' }, await sharp(await photo(80, 60, 34)).jpeg().toBuffer());
    await t.http().get(`/i/${body.slug}?w=abc`).expect(400);
    await t.http().head(`/i/${body.slug}?w=40`).expect(200);
    await t.http().get(`/i/${body.slug}?w=40`).expect(200);
    await t.http().get(`/i/${body.slug}?format=png&q=100`).expect(200);
    await t.http().get(`/i/${body.slug}?w=40`).expect(404);
    await t.http().get(`/i/${body.slug}`).expect(404);
    const [row] = await t.dataSource.query('SELECT views FROM images WHERE id = $1', [body.id]);
    expect(row.views).toBe(2);
    await t.http().delete(`/api/uploads/${body.id}`).set('Authorization', token).expect(204);
  });

  it('limits the new sizes one client has rendered (429), never the sizes already made nor the thumbnail', async () => {
    t = await t.restart({ 'variants.renderThrottle': { limit: 3, ttlSeconds: 60 } });
    listen(t);
    const { body } = await upload({}, await sharp(await photo(120, 90, 35)).jpeg().toBuffer());
    for (const w of [10, 11, 12]) await t.http().get(`/i/${body.slug}?w=${w}`).expect(200);
    const refused = await t.http().get(`/i/${body.slug}?w=13`).expect(429);
    expect(refused.body.message).toMatch(/Too many new image sizes rendered/);
    await t.http().get(`/i/${body.slug}?w=10`).expect(200);
    await t.http().get(`/i/${body.slug}?w=11&fit=inside`).expect(200); // the same variant as ?w=11
    await t.http().get(local(body.thumbnailUrl)).expect(200);
    expect(files('variants').filter((f) => f.includes(body.sha256))).toHaveLength(4);
    t = await t.restart();
    listen(t);
  });

  it('uses up no view of a view-limited link on its own pages: no preview on the deletion page, no og:image', async () => {
    const { body } = await upload({ 'Max-Views': '1' }, await sharp(await photo(60, 40, 36)).jpeg().toBuffer());
    const confirm = await t.http().get(new URL(body.deletionUrl).pathname).expect(200);
    expect(confirm.text).not.toContain(`/i/${body.slug}`);
    expect(confirm.text).toContain('view limit');
    const page = await t.http().get(`/v/${body.slug}`).expect(200);
    expect(page.text).not.toContain('og:image');
    expect(page.text).toContain('og:title');
    await t.http().get(`/i/${body.slug}`).expect(200);
    await t.http().get(`/i/${body.slug}`).expect(404);
    const plain = (await upload({}, await sharp(await photo(60, 40, 37)).jpeg().toBuffer())).body;
    expect((await t.http().get(`/v/${plain.slug}`).expect(200)).text).toContain('og:image');
    expect((await t.http().get(new URL(plain.deletionUrl).pathname).expect(200)).text).toContain(`/i/${plain.slug}?`);
    for (const id of [body.id, plain.id]) await t.http().delete(`/api/uploads/${id}`).set('Authorization', token).expect(204);
  });

  it('offers uuid, words and original-name links', async () => {
    expect((await upload({ 'Name-Format': 'uuid' })).body.slug).toMatch(/^[0-9a-f-]{36}$/);
    expect((await upload({ 'Name-Format': 'words' })).body.slug).toMatch(/^[a-z]+-[a-z]+-[a-z]+$/);
    expect((await upload({ 'Name-Format': 'original' }, image, 'My Holiday.jpg')).body.slug).toMatch(/^My-Holiday-[A-Za-z0-9]{6}$/);
    expect((await t.http().post('/api/upload').set('Authorization', token).set('Max-Views', 'lots').attach('upload', image, 'a.jpg').expect(400)).body.message).toMatch(/Max-Views/);
  });

  it('stops serving after the view limit and after expiry, and the sweep deletes them with their bytes', async () => {
    const limited = (await upload({ 'Max-Views': '2' }, await sharp(await photo(90, 60, 31)).jpeg().toBuffer())).body;
    await t.http().get(`/i/${limited.slug}`).expect(200);
    const second = await t.http().get(`/i/${limited.slug}`).expect(200);
    expect(second.headers['cache-control']).toBe('no-store');
    await t.http().get(`/i/${limited.slug}`).expect(404);
    const expiring = (await upload({ 'Expires-At': '1h' }, await sharp(await photo(90, 60, 32)).jpeg().toBuffer())).body;
    await t.http().get(`/i/${expiring.slug}`).expect(200);
    await t.dataSource.query(`UPDATE images SET "expiresAt" = now() - interval '1 minute' WHERE slug = $1`, [expiring.slug]);
    // The row was edited behind the server's back (to move time on); drop the link cache's copy of it.
    t.app.get(LinkCache).forget({ imageId: expiring.id });
    await t.http().get(`/i/${expiring.slug}`).expect(404);
    await t.http().get(`/v/${expiring.slug}`).expect(404);
    const removed = await t.app.get(UploadMaintenanceService).expire();
    expect(removed).toBe(2);
    const rows = await t.dataSource.query('SELECT slug FROM images WHERE slug = ANY($1)', [[limited.slug, expiring.slug]]);
    expect(rows).toEqual([]);
    for (const sha of [limited.sha256, expiring.sha256]) expect(files('blobs').some((f) => f.includes(sha))).toBe(false);
    expect(events.filter((e) => e.name === 'upload.deleted' && e.payload.by === 'expiry')).toHaveLength(2);
  });

  it('deletes through the deletion link only after confirming, never on GET', async () => {
    const { body } = await upload({}, await sharp(await photo(80, 80, 41)).jpeg().toBuffer());
    await t.http().get(`/i/${body.slug}?w=20`).expect(200);
    const deletePath = local(body.deletionUrl);
    const confirm = await t.http().get(deletePath).expect(200);
    expect(confirm.text).toMatch(/<form method="post">/);
    await t.http().get(`/i/${body.slug}`).expect(200); // the GET deleted nothing
    await t.http().post(`/d/${body.slug}/ih_del_${'A'.repeat(43)}`).expect(404);
    await t.http().post(deletePath).expect(200);
    await t.http().get(`/i/${body.slug}`).expect(404);
    await t.http().post(deletePath).expect(404);
    expect(files('blobs').some((f) => f.includes(body.sha256))).toBe(false);
    expect(files(`variants/${body.sha256}`)).toEqual([]);
    expect(events.find((e) => e.name === 'upload.deleted' && e.payload.slug === body.slug)?.payload.by).toBe('deletion-link');
  });

  it('keeps shared bytes until the last link to them is deleted', async () => {
    const data = await sharp(await photo(70, 70, 51)).png().toBuffer();
    const a = (await upload({}, data, 'a.png')).body;
    const b = (await upload({}, data, 'b.png')).body;
    await t.http().delete(`/api/uploads/${a.id}`).set('Authorization', token).expect(204);
    await t.http().get(`/i/${b.slug}`).expect(200);
    await t.http().delete(`/api/uploads/${b.id}`).set('Authorization', token).expect(204);
    expect(files('blobs').some((f) => f.includes(b.sha256))).toBe(false);
  });

  it('lets owners and admins delete over the API, and nobody else', async () => {
    const { body } = await upload();
    const other = (await t.http().post('/api/auth/register').send({ username: 'other', password: 'password123' })).body.accessToken;
    await t.http().delete(`/api/uploads/${body.id}`).set('Authorization', `Bearer ${other}`).expect(404);
    await t.http().delete(`/api/uploads/${body.id}`).set('Authorization', `Bearer ${session}`).expect(204); // admin (and owner)
    await t.http().delete(`/api/uploads/${body.id}`).set('Authorization', `Bearer ${session}`).expect(404);
  });

  it('lists my uploads with cursor pages, type and name filters; admins see everyone’s', async () => {
    const other = (await t.http().post('/api/auth/register').send({ username: 'lister', password: 'password123' })).body.accessToken;
    const otherToken = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${other}`).send({ name: 'l' })).body.secret;
    for (const name of ['cat-1.jpg', 'cat-2.jpg', 'dog.jpg']) {
      await t.http().post('/api/upload').set('Authorization', otherToken).set('Image-Format', 'keep').attach('upload', image, name).expect(201);
    }
    const page1 = await t.http().get('/api/uploads?limit=2').set('Authorization', otherToken).expect(200);
    expect(page1.body.items.map((i: { originalName: string }) => i.originalName)).toEqual(['dog.jpg', 'cat-2.jpg']);
    const page2 = await t.http().get(`/api/uploads?limit=2&cursor=${page1.body.nextCursor}`).set('Authorization', otherToken).expect(200);
    expect(page2.body.items.map((i: { originalName: string }) => i.originalName)).toEqual(['cat-1.jpg']);
    expect(page2.body.nextCursor).toBeNull();
    expect(page1.body.items[0]).not.toHaveProperty('deletionUrl');
    const cats = await t.http().get('/api/uploads?search=cat&type=jpeg').set('Authorization', otherToken).expect(200);
    expect(cats.body.items).toHaveLength(2);
    expect((await t.http().get('/api/uploads?type=png').set('Authorization', otherToken).expect(200)).body.items).toEqual([]);
    await t.http().get('/api/admin/uploads').set('Authorization', `Bearer ${other}`).expect(403);
    const [{ id }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'lister'`);
    const all = await t.http().get(`/api/admin/uploads?ownerId=${id}`).set('Authorization', `Bearer ${session}`).expect(200);
    expect(all.body.items).toHaveLength(3);
  });

  it('emits upload.created with the links and uploader, never a secret', async () => {
    const { body } = await upload();
    const event = events.find((e) => e.name === 'upload.created' && e.payload.slug === body.slug)!;
    expect(event.payload).toMatchObject({ imageId: body.id, ownerName: 'admin', url: body.url, rawUrl: body.rawUrl, size: body.size });
    expect(JSON.stringify(event.payload)).not.toMatch(/ih_(api|del)_/);
  });

  it('hands out a working ShareX config and upload script with a fresh upload-only token', async () => {
    const res = await t.http().get('/api/sharex.sxcu').set('Authorization', `Bearer ${session}`).expect(200);
    expect(res.headers['content-disposition']).toMatch(/attachment; filename="imagehive.sxcu"/);
    const sxcu = JSON.parse(res.text);
    expect(sxcu).toMatchObject({
      Version: '17.0.0',
      DestinationType: 'ImageUploader',
      RequestMethod: 'POST',
      Body: 'MultipartFormData',
      FileFormName: 'upload',
      URL: '{json:url}',
      ThumbnailURL: '{json:thumbnailUrl}',
      DeletionURL: '{json:deletionUrl}',
      ErrorMessage: '{json:message}',
    });
    expect(sxcu.RequestURL).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/upload$/);
    const secret = sxcu.Headers.Authorization;
    await t.http().post('/api/upload').set('Authorization', secret).attach(sxcu.FileFormName, image, 'sx.jpg').expect(201);
    await t.http().get('/api/uploads').set('Authorization', secret).expect(403); // upload scope only
    const script = await t.http().get('/api/upload.sh').set('Authorization', `Bearer ${session}`).expect(200);
    expect(script.text).toMatch(/^#!\/bin\/sh/);
    expect(script.text).toMatch(/TOKEN='ih_api_[A-Za-z0-9_-]{43}'/);
    // Run it, on a file whose name curl's -F would split unquoted.
    const dir = mkdtempSync(join(tmpdir(), 'upload-sh-'));
    const server = t.app.getHttpServer() as import('node:http').Server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as import('node:net').AddressInfo;
      writeFileSync(join(dir, 'upload.sh'), script.text.replace(/^URL='[^']*'$/m, `URL='http://127.0.0.1:${port}/api/upload'`));
      const file = join(dir, 'shot, 1;a"b.jpg');
      writeFileSync(file, image);
      const { stdout } = await promisify(execFile)('sh', [join(dir, 'upload.sh'), file]);
      const slug = stdout.trim().split('/').pop()!;
      const [row] = await t.dataSource.query('SELECT "originalName" FROM images WHERE slug = $1', [slug]);
      expect(row.originalName).toBe('shot, 1;a"b.jpg');
    } finally {
      await new Promise((resolve) => server.close(resolve));
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('repairs at start-up what a crash left: orphan files go, rows whose bytes vanished go', async () => {
    const orphanKey = join(t.config.dataDir, 'files', 'blobs', 'ab', 'cd', `abcd${'0'.repeat(60)}.png`);
    mkdirSync(join(orphanKey, '..'), { recursive: true });
    writeFileSync(orphanKey, 'half an upload');
    const { body } = await upload({}, await sharp(await photo(60, 60, 61)).jpeg().toBuffer());
    const [{ storageKey }] = await t.dataSource.query('SELECT "storageKey" FROM blobs WHERE sha256 = $1', [body.sha256]);
    const { rmSync } = await import('node:fs');
    rmSync(join(t.config.dataDir, 'files', storageKey));
    mkdirSync(join(t.config.dataDir, 'tmp', 'uploads'), { recursive: true });
    writeFileSync(join(t.config.dataDir, 'tmp', 'uploads', 'x.part'), 'interrupted');
    t = await t.restart();
    listen(t);
    expect(files('blobs').some((f) => f.includes(`abcd${'0'.repeat(60)}`))).toBe(false);
    expect(await t.dataSource.query('SELECT id FROM images WHERE id = $1', [body.id])).toEqual([]);
    expect(listFiles(join(t.config.dataDir, 'tmp'))).toEqual([]);
    const blobs: Array<{ storageKey: string }> = await t.dataSource.query('SELECT "storageKey" FROM blobs');
    expect(blobs.map((b) => b.storageKey.replace(/^blobs\//, '')).sort()).toEqual(files('blobs'));
  });
});
