import { createHash, randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { parseS3Options } from '../src/storage/s3/s3-options.js';
import { S3Backend } from '../src/storage/s3/s3.backend.js';
import { UploadMaintenanceService } from '../src/uploads/upload-maintenance.service.js';
import { listFiles } from './utils/files.js';
import { eventually } from './utils/http-stub.js';
import { startS3, type TestS3 } from './utils/s3-server.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

const MB = 1024 ** 2;
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/** `data` in 64 KB chunks, as a socket would deliver it; optionally failing after `failAfter` bytes. */
function chunked(data: Buffer, failAfter?: number): Readable {
  return Readable.from(
    (function* () {
      for (let i = 0; i < data.length; i += 65_536) {
        if (failAfter !== undefined && i >= failAfter) throw new Error('the client went away');
        yield data.subarray(i, i + 65_536);
      }
    })(),
  );
}

describe('S3 storage', () => {
  let s3: TestS3;

  beforeAll(async () => {
    s3 = await startS3();
  });
  afterAll(() => s3.close());

  describe('the driver', () => {
    let backend: S3Backend;
    beforeAll(() => {
      backend = new S3Backend(parseS3Options(s3.options({ prefix: 'direct', partSize: '5mb', queueSize: 2 })), 2);
    });
    afterAll(() => backend.close());

    it('streams a 12 MB object up in 5 MB parts (multipart) and reads it back whole and by range', async () => {
      const data = randomBytes(12 * MB);
      const before = s3.requests.length;
      expect(await backend.write('blobs/big.bin', chunked(data))).toEqual({ size: data.length });
      const sent = s3.requests.slice(before);
      expect(sent.filter((r) => r.method === 'POST' && /[?&]uploads\b/.test(r.url))).toHaveLength(1);
      expect(sent.filter((r) => r.method === 'PUT' && /[?&]partNumber=/.test(r.url))).toHaveLength(3);
      expect(sent.filter((r) => r.method === 'POST' && /[?&]uploadId=/.test(r.url))).toHaveLength(1);
      expect(await backend.stat('blobs/big.bin')).toMatchObject({ size: data.length });
      expect(sha256(await readAll(await backend.read('blobs/big.bin')))).toBe(sha256(data));
      const middle = await readAll(await backend.read('blobs/big.bin', { start: 5 * MB - 10, end: 5 * MB + 9 }));
      expect(middle.equals(data.subarray(5 * MB - 10, 5 * MB + 10))).toBe(true);
      await backend.delete('blobs/big.bin');
      expect(await backend.stat('blobs/big.bin')).toBeNull();
      await expect(backend.read('blobs/big.bin')).rejects.toMatchObject({ code: 'ENOENT' });
      expect(await s3.keys('direct/')).toEqual([]);
    });

    it('aborts the multipart upload when the incoming stream fails, leaving no object', async () => {
      const before = s3.requests.length;
      await expect(backend.write('blobs/broken.bin', chunked(randomBytes(12 * MB), 7 * MB))).rejects.toThrow(/the client went away/);
      const sent = s3.requests.slice(before);
      // AbortMultipartUpload was asked for (s3rver cannot do it; S3, MinIO and Ceph drop the parts)
      expect(sent.some((r) => r.method === 'DELETE' && /[?&]uploadId=/.test(r.url))).toBe(true);
      expect(await backend.stat('blobs/broken.bin')).toBeNull();
      expect(await s3.keys('direct/')).toEqual([]);
    });

    it('lists every key under a prefix across ListObjectsV2 pages, relative to its own prefix', async () => {
      const keys = ['variants/aa/1.webp', 'variants/aa/2.webp', 'variants/aa/3.webp', 'variants/aa/4.webp', 'variants/aa/5.webp'];
      for (const key of [...keys, 'variants/ab/1.webp']) await backend.write(key, Readable.from([Buffer.from(key)]));
      const before = s3.requests.length;
      const listed: string[] = [];
      for await (const key of backend.list('variants/aa/')) listed.push(key);
      expect(listed.sort()).toEqual(keys);
      expect(s3.requests.slice(before).filter((r) => /continuation-token=/.test(r.url)).length).toBeGreaterThanOrEqual(2);
      expect(await s3.keys('direct/variants/')).toHaveLength(6);
      for await (const key of backend.list('variants/')) await backend.delete(key);
      expect(await s3.keys()).toEqual([]);
    });

    it('refuses keys that could leave its prefix', async () => {
      await expect(backend.write('../outside', Readable.from([Buffer.from('x')]))).rejects.toThrow(/Invalid storage key/);
      await expect(backend.stat('/abs')).rejects.toThrow(/Invalid storage key/);
    });
  });

  describe('the image host on S3', () => {
    let t: TestApp;
    let token: string;
    const storage = () => s3.options({ prefix: 'app' });
    const upload = async (data: Buffer, headers: Record<string, string> = {}) => {
      const req = t.http().post('/api/upload').set('Authorization', token);
      for (const [k, v] of Object.entries(headers)) req.set(k, v);
      return (await req.attach('upload', data, 'photo.jpg').expect(201)).body;
    };
    const blobKeys = async () => (await s3.keys('app/blobs/')).map((k) => k.slice('app/'.length));

    beforeAll(async () => {
      t = await createTestApp({ 'storage.driver': 's3', 'storage.options': storage() });
      const session = await loginAs(t);
      token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${session}`).send({ name: 's3' })).body.secret;
    });
    afterAll(() => t.close());

    it('stores uploads as objects and streams them with ETag, 304, Range (206, 416), If-Range and HEAD', async () => {
      const body = await upload(await sharp(await photo(320, 240, 1)).jpeg().toBuffer(), { 'Image-Format': 'keep' });
      expect(await blobKeys()).toEqual([expect.stringContaining(body.sha256)]);
      expect(listFiles(join(t.config.dataDir, 'files'))).toEqual([]);
      const full = await t.http().get(`/i/${body.slug}`).expect(200);
      expect(sha256(full.body)).toBe(body.sha256);
      expect(full.headers).toMatchObject({ etag: `"${body.sha256}"`, 'accept-ranges': 'bytes', 'content-length': String(body.size), 'content-type': 'image/jpeg' });
      expect(full.headers['last-modified']).toBeDefined();
      expect(full.headers['x-content-type-options']).toBe('nosniff');
      await t.http().get(`/i/${body.slug}`).set('If-None-Match', full.headers.etag).expect(304);

      const part = await t.http().get(`/i/${body.slug}`).set('Range', 'bytes=100-199').expect(206);
      expect(part.headers['content-range']).toBe(`bytes 100-199/${body.size}`);
      expect(part.headers['content-length']).toBe('100');
      expect(part.body.equals(full.body.subarray(100, 200))).toBe(true);
      const tail = await t.http().get(`/i/${body.slug}`).set('Range', 'bytes=-10').expect(206);
      expect(tail.body.equals(full.body.subarray(-10))).toBe(true);
      const beyond = await t.http().get(`/i/${body.slug}`).set('Range', `bytes=${body.size}-`).expect(416);
      expect(beyond.headers['content-range']).toBe(`bytes */${body.size}`);
      expect(beyond.body).toMatchObject({ statusCode: 416, message: expect.stringMatching(/Range not satisfiable/) });
      const stale = await t.http().get(`/i/${body.slug}`).set('Range', 'bytes=0-9').set('If-Range', '"something-else"').expect(200);
      expect(stale.body.length).toBe(body.size);
      await t.http().get(`/i/${body.slug}`).set('Range', 'bytes=0-9').set('If-Range', full.headers.etag).expect(206);

      const head = await t.http().head(`/i/${body.slug}`).expect(200);
      expect(head.headers['content-length']).toBe(String(body.size));
      expect(head.body).toEqual({});
      const headPart = await t.http().head(`/i/${body.slug}`).set('Range', 'bytes=0-9').expect(206);
      expect(headPart.headers['content-length']).toBe('10');
    });

    it('renders variants into variants/<sha>/ objects once, and deletes them with the upload', async () => {
      const body = await upload(await sharp(await photo(300, 200, 2)).jpeg().toBuffer());
      const first = await t.http().get(`/i/${body.slug}?w=60&format=png`).expect(200);
      expect((await sharp(first.body).metadata()).width).toBe(60);
      expect(await s3.keys(`app/variants/${body.sha256}/`)).toHaveLength(1);
      const part = await t.http().get(`/i/${body.slug}?w=60&format=png`).set('Range', 'bytes=0-7').expect(206);
      expect(part.body.equals(first.body.subarray(0, 8))).toBe(true);
      await t.http().delete(`/api/uploads/${body.id}`).set('Authorization', token).expect(204);
      expect((await blobKeys()).some((k) => k.includes(body.sha256))).toBe(false);
      expect(await s3.keys(`app/variants/${body.sha256}/`)).toEqual([]);
      await t.http().get(`/i/${body.slug}`).expect(404);
    });

    it('removes expired links with their objects', async () => {
      const body = await upload(await sharp(await photo(80, 80, 3)).jpeg().toBuffer(), { 'Expires-At': '1h' });
      await t.http().get(`/i/${body.slug}?w=20`).expect(200);
      await t.dataSource.query(`UPDATE images SET "expiresAt" = now() - interval '1 minute' WHERE id = $1`, [body.id]);
      expect(await t.app.get(UploadMaintenanceService).expire()).toBe(1);
      expect((await blobKeys()).some((k) => k.includes(body.sha256))).toBe(false);
      expect(await s3.keys(`app/variants/${body.sha256}/`)).toEqual([]);
    });

    it('repairs at start-up: orphan objects, rows whose object vanished, and stray variants go', async () => {
      const orphan = `app/blobs/ab/cd/abcd${'0'.repeat(60)}.png`;
      const strayVariant = `app/variants/${'e'.repeat(64)}/w10.webp`;
      await s3.put(orphan, 'half an upload');
      await s3.put(strayVariant, 'variant of nothing');
      const kept = await upload(await sharp(await photo(64, 64, 4)).jpeg().toBuffer());
      const lost = await upload(await sharp(await photo(64, 64, 5)).jpeg().toBuffer());
      const [{ storageKey }] = await t.dataSource.query('SELECT "storageKey" FROM blobs WHERE sha256 = $1', [lost.sha256]);
      await s3.remove(`app/${storageKey}`);
      t = await t.restart();
      expect(await s3.keys('app/')).not.toContain(orphan);
      expect(await s3.keys('app/variants/')).not.toContain(strayVariant);
      expect(await t.dataSource.query('SELECT id FROM images WHERE id = $1', [lost.id])).toEqual([]);
      const rows: Array<{ storageKey: string }> = await t.dataSource.query('SELECT "storageKey" FROM blobs ORDER BY "storageKey"');
      expect(rows.map((r) => r.storageKey)).toEqual(await blobKeys());
      await t.http().get(`/i/${kept.slug}`).expect(200);
    });

    it('deletes nothing at start-up when storage and database plainly do not belong together', async () => {
      const links = [];
      for (let seed = 100; seed < 112; seed++) links.push(await upload(await sharp(await photo(40, 40, seed)).jpeg().toBuffer()));
      const countRows = async () => (await t.dataSource.query('SELECT count(*)::int AS n FROM blobs'))[0].n as number;
      const rows = await countRows();
      const objects = await blobKeys();
      expect(objects).toHaveLength(rows);
      // Pointed at an empty prefix, every row seems to have lost its bytes.
      t = await t.restart({ 'storage.options': s3.options({ prefix: 'elsewhere' }) });
      expect(await countRows()).toBe(rows);
      // A new, empty database pointed at this storage (staging at production's bucket): every object seems an orphan.
      const stranger = await createTestApp({ 'storage.driver': 's3', 'storage.options': storage() });
      await stranger.close();
      expect(await blobKeys()).toEqual(objects);
      t = await t.restart({ 'storage.options': storage() });
      for (const link of links) await t.http().head(`/i/${link.slug}`).expect(200);
    }, 240_000); // twelve uploads and three start-ups: slow on PGlite on a busy machine

    it('leaves no object behind once every upload is deleted', async () => {
      await upload(await sharp(await photo(50, 50, 6)).jpeg().toBuffer());
      const list = await t.http().get('/api/uploads?limit=100').set('Authorization', token).expect(200);
      for (const item of list.body.items) await t.http().delete(`/api/uploads/${item.id}`).set('Authorization', token).expect(204);
      expect(await s3.keys('app/')).toEqual([]);
    });

    it('refuses to start with a bad redirect setting, naming the key', async () => {
      await expect(createTestApp({ 'storage.driver': 's3', 'storage.options': s3.options({ serve: 'redirect', redirectTtlSeconds: 0 }) })).rejects.toThrow(
        /storage\.options\.redirectTtlSeconds: must be at least 1 second/,
      );
      await expect(createTestApp({ 'storage.driver': 's3', 'storage.options': s3.options({ serve: 'presign' }) })).rejects.toThrow(/storage\.options\.serve/);
    });

    it('refuses to start when the bucket is missing, saying so', async () => {
      await expect(createTestApp({ 'storage.driver': 's3', 'storage.options': s3.options({ bucket: 'no-such-bucket' }) })).rejects.toThrow(
        /S3 storage: bucket "no-such-bucket" at http:\/\/127\.0\.0\.1:\d+ does not exist/,
      );
    });
  });

  describe('serving by presigned redirect (serve: redirect)', () => {
    const TTL = 2;
    let t: TestApp;
    let token: string;
    const upload = async (data: Buffer, headers: Record<string, string> = {}) => {
      const req = t.http().post('/api/upload').set('Authorization', token);
      for (const [k, v] of Object.entries(headers)) req.set(k, v);
      return (await req.attach('upload', data, 'photo.jpg').expect(201)).body;
    };
    const fetchBytes = async (url: string) => {
      const res = await fetch(url);
      return { status: res.status, headers: res.headers, body: Buffer.from(await res.arrayBuffer()) };
    };

    beforeAll(async () => {
      t = await createTestApp({ 'storage.driver': 's3', 'storage.options': s3.options({ prefix: 'redirect', serve: 'redirect', redirectTtlSeconds: TTL }) });
      const session = await loginAs(t);
      token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${session}`).send({ name: 'redirect' })).body.secret;
    });
    afterAll(() => t.close());

    it('redirects to a presigned URL that serves the same bytes with our Content-Type and Content-Disposition', async () => {
      const body = await upload(await sharp(await photo(200, 120, 40)).jpeg().toBuffer(), { 'Image-Format': 'keep' });
      const res = await t.http().get(`/i/${body.slug}`).expect(302);
      const location = new URL(res.headers.location);
      expect(location.origin).toBe(s3.endpoint);
      expect(location.searchParams.get('X-Amz-Expires')).toBe(String(TTL));
      expect(res.headers['cache-control']).toBe(`private, max-age=${Math.floor(TTL / 2)}`);
      const fetched = await fetchBytes(location.href);
      expect(fetched.status).toBe(200);
      expect(sha256(fetched.body)).toBe(body.sha256);
      expect(fetched.headers.get('content-type')).toBe('image/jpeg');
      expect(fetched.headers.get('content-disposition')).toBe(`inline; filename="${body.slug}.jpg"`);
      expect(fetched.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');

      // The overrides are query parameters, which SigV4 signs: changing one voids the URL on S3 (s3rver does not check).
      expect(location.searchParams.get('response-content-type')).toBe('image/jpeg');
      expect(location.searchParams.get('X-Amz-Signature')).toMatch(/^[0-9a-f]{64}$/);

      // HEAD is answered here (a presigned GET does not sign HEAD), with the same headers as streaming.
      const head = await t.http().head(`/i/${body.slug}`).expect(200);
      expect(head.headers).toMatchObject({ 'content-type': 'image/jpeg', 'content-length': String(body.size), etag: `"${body.sha256}"` });
    });

    it('redirects variants too, to bytes of the variant format', async () => {
      const body = await upload(await sharp(await photo(300, 200, 41)).jpeg().toBuffer());
      const res = await t.http().get(`/i/${body.slug}?w=50&format=png`).expect(302);
      const fetched = await fetchBytes(res.headers.location);
      expect(fetched.status).toBe(200);
      expect(fetched.headers.get('content-type')).toBe('image/png');
      expect(fetched.headers.get('content-disposition')).toBe(`inline; filename="${body.slug}.png"`);
      expect(await sharp(fetched.body).metadata()).toMatchObject({ format: 'png', width: 50 });
    });

    it('streams links with an expiry or a view limit itself: views are counted and expiry enforced here', async () => {
      const expiring = await upload(await sharp(await photo(60, 60, 42)).jpeg().toBuffer(), { 'Expires-At': '1h' });
      const served = await t.http().get(`/i/${expiring.slug}`).expect(200);
      expect(sha256(served.body)).toBe(expiring.sha256);
      await t.http().get(`/i/${expiring.slug}?w=20`).expect(200);
      const limited = await upload(await sharp(await photo(60, 60, 43)).jpeg().toBuffer(), { 'Max-Views': '2' });
      await t.http().get(`/i/${limited.slug}`).expect(200);
      await t.http().get(`/i/${limited.slug}`).expect(200);
      await t.http().get(`/i/${limited.slug}`).expect(404);
      const [{ views }] = await t.dataSource.query('SELECT views FROM images WHERE id = $1', [limited.id]);
      expect(views).toBe(2);
    });

    it('hands out URLs that stop working after their TTL', async () => {
      const body = await upload(await sharp(await photo(80, 60, 44)).jpeg().toBuffer());
      const { location } = (await t.http().get(`/i/${body.slug}`).expect(302)).headers;
      expect((await fetchBytes(location)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, (TTL + 1.2) * 1000));
      const expired = await fetchBytes(location);
      expect(expired.status).toBe(403);
      expect(expired.body.toString()).toMatch(/Request has expired/);
      // Imagehive itself signs a fresh one.
      expect((await fetchBytes((await t.http().get(`/i/${body.slug}`).expect(302)).headers.location)).status).toBe(200);
    });
  });

  describe('thumbnails ahead of time (variants.pregenerate)', () => {
    it('renders the thumbnail after the upload, so its first request only reads it', async () => {
      const t = await createTestApp({ 'storage.driver': 's3', 'storage.options': s3.options({ prefix: 'pregen' }), 'variants.pregenerate': true });
      try {
        const session = await loginAs(t);
        const data = await sharp(await photo(300, 200, 50)).jpeg().toBuffer();
        const body = (await t.http().post('/api/upload').set('Authorization', `Bearer ${session}`).attach('upload', data, 'photo.jpg').expect(201)).body;
        // Clamped to the source, as a request for the thumbnail is, so both name the same object.
        await eventually(async () => expect(await s3.keys(`pregen/variants/${body.sha256}/`)).toEqual([`pregen/variants/${body.sha256}/300x200-inside-q80.webp`]), 20_000);
        const before = s3.requests.length;
        const thumbnail = new URL(body.thumbnailUrl);
        const res = await t.http().get(`${thumbnail.pathname}${thumbnail.search}`).expect(200);
        expect(await sharp(res.body).metadata()).toMatchObject({ format: 'webp', width: 300, height: 200 });
        expect(s3.requests.slice(before).filter((r) => r.method === 'PUT' || r.method === 'POST')).toEqual([]);
      } finally {
        await t.close();
      }
    });
  });
});
