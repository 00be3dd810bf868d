import { createHash } from 'node:crypto';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('web app: pages, files, storage used, dataset search', () => {
  let t: TestApp;
  let admin: string;
  let alice: string;

  beforeAll(async () => {
    t = await createTestApp({
      'auth.registration': 'open',
      'uploads.quota.bytes': '10MB',
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      // The background re-estimation would recompute the probabilities the search tests set.
      'validation.recomputeSeconds': 86_400,
    });
    admin = await loginAs(t);
    alice = (await t.http().post('/api/auth/register').send({ username: 'alice', password: 'password123' }).expect(201)).body.accessToken;
  }, 180_000); // the browser tests may be running beside it on a shared machine
  afterAll(() => t?.close());

  describe('the HTML shell', () => {
    it('answers every app route with the shell under a strict policy that allows only our scripts and the import map', async () => {
      for (const path of ['/', '/login', '/register', '/dashboard', '/donate', '/validate', '/label', '/label/6f1c0a4e-2b9d-4c55-9a7e-0d3c2f1b8e11', '/explore', '/annotate', '/statistics']) {
        const res = await t.http().get(path).expect(200);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.text).toContain('<script type="module" src="/app/main.js"></script>');
      }
      const res = await t.http().get('/donate').expect(200);
      const csp = res.headers['content-security-policy'] as string;
      const map = /<script type="importmap">(.*?)<\/script>/.exec(res.text)![1];
      const hash = createHash('sha256').update(map).digest('base64');
      expect(csp).toContain(`script-src 'self' 'sha256-${hash}'`);
      expect(csp).not.toContain('unsafe-inline');
      expect(csp).not.toContain('unsafe-eval');
      expect(csp).toContain("default-src 'none'");
      expect(csp).toContain("frame-ancestors 'none'");
      // The import map is the only inline script.
      expect(res.text.match(/<script/g)).toHaveLength(2);
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers.vary).toContain('Accept-Language');
    });

    it('speaks the chosen language, else the browser’s, else English', async () => {
      const lang = async (headers: Record<string, string>) => /<html lang="(\w+)">/.exec((await t.http().get('/').set(headers).expect(200)).text)![1];
      expect(await lang({})).toBe('en');
      expect(await lang({ 'Accept-Language': 'de-DE,de;q=0.9,en;q=0.8' })).toBe('de');
      expect(await lang({ 'Accept-Language': 'fr-FR, en;q=0.5' })).toBe('en');
      expect(await lang({ 'Accept-Language': 'de', Cookie: 'imagehive_lang=en' })).toBe('en');
      expect(await lang({ 'Accept-Language': 'en', Cookie: 'imagehive_lang=de' })).toBe('de');
      const german = await t.http().get('/').set('Accept-Language', 'de').expect(200);
      expect(german.text).toContain('Wird geladen…');
      expect(german.text).toContain('/app/locales/de.json');
    });

    it('leaves the API, image and docs routes alone', async () => {
      await t.http().get('/api/users/me').expect(401);
      await t.http().get('/health').expect(200);
      await t.http().get('/v/nope').expect(404);
      const docs = await t.http().get('/docs-json').expect(200);
      expect(Object.keys(docs.body.paths).some((p) => p === '/' || p.startsWith('/app') || p === '/donate')).toBe(false);
    });
  });

  describe('static files', () => {
    it('serves the app’s modules, its locales and the vendor modules the import map names', async () => {
      const main = await t.http().get('/app/main.js').expect(200);
      expect(main.headers['content-type']).toMatch(/^text\/javascript/);
      expect(main.headers['x-content-type-options']).toBe('nosniff');
      expect(main.headers['cache-control']).toBe('no-cache');
      expect(main.headers.etag).toBeTruthy();
      await t.http().get('/app/main.js').set('If-None-Match', main.headers.etag as string).expect(304);
      const preact = await t.http().get('/app/vendor/preact.js').expect(200);
      expect(preact.text).toMatch(/export\s*\{/);
      expect((await t.http().get('/app/vendor/hooks.js').expect(200)).text).toContain('from"preact"');
      await t.http().get('/app/vendor/htm.js').expect(200);
      const de = await t.http().get('/app/locales/de.json').expect(200);
      expect(de.body['nav.donate']).toBe('Spenden');
      await t.http().get('/app/style.css').expect(200).expect('Content-Type', /text\/css/);
    });

    it('serves nothing outside web/ and no unknown vendor file', async () => {
      for (const path of ['/app/%2e%2e/%2e%2e/package.json', '/app/..%2f..%2fpackage.json', '/app/locales/..%2f..%2fpackage.json', '/app/vendor/../../package.json', '/app/vendor/preact', '/app/vendor/react.js', '/app/missing.js', '/app/.hidden.js', '/app/main.ts']) {
        const res = await t.http().get(path);
        expect([path, res.status]).toEqual([path, 404]);
        expect(res.body).toMatchObject({ statusCode: 404 });
      }
    });
  });

  describe('GET /api/users/me/usage', () => {
    it('sums my stored bytes and files against my quota', async () => {
      const empty = await t.http().get('/api/users/me/usage').set('Authorization', `Bearer ${alice}`).expect(200);
      expect(empty.body).toEqual({ bytes: 0, files: 0, quotaBytes: 10 * 1024 ** 2, quotaFiles: null });
      const sizes: number[] = [];
      for (const seed of [1, 2]) {
        const res = await t.http().post('/api/upload').set('Authorization', `Bearer ${alice}`).attach('upload', await photo(120, 90, seed), `p${seed}.png`).expect(201);
        sizes.push(res.body.size);
      }
      const used = await t.http().get('/api/users/me/usage').set('Authorization', `Bearer ${alice}`).expect(200);
      expect(used.body).toMatchObject({ bytes: sizes[0] + sizes[1], files: 2 });
      // Someone else's uploads are not mine.
      expect((await t.http().get('/api/users/me/usage').set('Authorization', `Bearer ${admin}`).expect(200)).body).toMatchObject({ bytes: 0, files: 0 });
      await t.http().get('/api/users/me/usage').expect(401);
    });
  });

  describe('GET /api/dataset/search', () => {
    const ids: Record<string, string> = {};

    beforeAll(async () => {
      const donate = async (seed: number, labels: string[]) => {
        const req = t.http().post('/api/donations').field('consent', 'true');
        for (const label of labels) req.field('labels', label);
        const { body } = await req.attach('image', await sharp(await photo(80, 60, seed)).jpeg().toBuffer(), 'x.jpg').expect(201);
        return body.id as string;
      };
      ids.dog = await donate(501, ['dog']);
      ids.dogCat = await donate(502, ['dog', 'cat']);
      ids.cat = await donate(503, ['cat']);
      ids.pending = await donate(504, ['dog']);
      for (const key of ['dog', 'dogCat', 'cat']) {
        await t.http().post(`/api/moderation/images/${ids[key]}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
      }
      // Confirmed labels need many counted votes; the search only reads the resulting probability.
      await t.dataSource.query(
        `UPDATE image_labels p SET probability = CASE WHEN l.name = 'dog' THEN 0.99 ELSE 0.9 END, yes = 5 FROM labels l WHERE l.id = p."labelId" AND p."imageId" = ANY($1::uuid[])`,
        [[ids.dog, ids.dogCat, ids.cat, ids.pending]],
      );
    }, 180_000);

    const search = (params: Record<string, string | number>) => t.http().get('/api/dataset/search').query(params);

    it('counts and lists the approved images a query matches, newest first, at the threshold asked', async () => {
      const all = await search({}).expect(200);
      expect(all.body.count).toBe(3);
      expect(all.body.items.map((i: { id: string }) => i.id)).toEqual([ids.cat, ids.dogCat, ids.dog]);
      expect(all.body.threshold).toBe(0.95);
      const dogs = await search({ query: 'dog' }).expect(200);
      expect(dogs.body.count).toBe(2);
      expect(dogs.body.items.map((i: { id: string }) => i.id).sort()).toEqual([ids.dog, ids.dogCat].sort());
      expect((await search({ query: 'dog & ~cat' }).expect(200)).body.count).toBe(2); // cat is 0.9: not confirmed at 0.95
      expect((await search({ query: 'dog & ~cat', threshold: 0.85 }).expect(200)).body.items.map((i: { id: string }) => i.id)).toEqual([ids.dog]);
      expect((await search({ query: 'Katze', threshold: 0.85 }).expect(200)).body.count).toBe(2); // any language's term
    });

    it('names labels in the language asked and says which are confirmed', async () => {
      const { body } = await search({ query: 'dog & cat', threshold: 0.85, lang: 'de' }).expect(200);
      expect(body.items).toHaveLength(1);
      const item = body.items[0];
      expect(item.labels).toEqual([
        { name: 'dog', display: 'Hund', probability: 0.99, confirmed: true },
        { name: 'cat', display: 'Katze', probability: 0.9, confirmed: true },
      ]);
      expect(item.thumbnailUrl).toMatch(/\/i\/[A-Za-z0-9]+\?w=\d+/);
      expect(item).toMatchObject({ width: 80, height: 60 });
      const english = (await search({ query: 'dog' }).expect(200)).body.items.find((i: { id: string }) => i.id === ids.dogCat).labels;
      expect(english.map((l: { display: string; confirmed: boolean }) => [l.display, l.confirmed])).toEqual([
        ['dog', true],
        ['cat', false],
      ]);
    });

    it('counts a label only with enough votes, as the export does, so the count is what the export holds', async () => {
      const pair = (await t.dataSource.query(`SELECT p.id FROM image_labels p JOIN labels l ON l.id = p."labelId" WHERE p."imageId" = $1 AND l.name = 'dog'`, [ids.dog]))[0].id;
      await t.dataSource.query('UPDATE image_labels SET yes = 1 WHERE id = $1', [pair]);
      try {
        const few = await search({ query: 'dog' }).expect(200);
        expect(few.body.count).toBe(1);
        expect(few.body.minVotes).toBe(3);
        expect(few.body.count).toBe((await t.http().get('/api/export/count').query({ query: 'dog' }).expect(200)).body.count);
        const lenient = await search({ query: 'dog', minVotes: 1 }).expect(200);
        expect(lenient.body.count).toBe(2);
        expect(lenient.body.count).toBe((await t.http().get('/api/export/count').query({ query: 'dog', minVotes: 1 }).expect(200)).body.count);
        const labels = (await search({}).expect(200)).body.items.find((i: { id: string }) => i.id === ids.dog).labels;
        expect(labels).toEqual([expect.objectContaining({ name: 'dog', probability: 0.99, confirmed: false })]);
      } finally {
        await t.dataSource.query('UPDATE image_labels SET yes = 5 WHERE id = $1', [pair]);
      }
    });

    it('pages with a cursor', async () => {
      const first = await search({ limit: 2 }).expect(200);
      expect(first.body.items).toHaveLength(2);
      expect(first.body.count).toBe(3);
      const second = await search({ limit: 2, cursor: first.body.nextCursor }).expect(200);
      expect(second.body.items.map((i: { id: string }) => i.id)).toEqual([ids.dog]);
      expect(second.body.nextCursor).toBeNull();
      await search({ cursor: 'garbage' }).expect(400);
    });

    it('answers a syntax error with its position, length and a caret', async () => {
      const res = await search({ query: 'dog & ' }).expect(400);
      expect(res.body).toMatchObject({ statusCode: 400, position: 6, length: expect.any(Number) });
      expect(res.body.message).toMatch(/^Query error: /);
      expect(res.body.caret.split('\n').slice(1)).toEqual(['dog & ', '      ^']);
      // Positions count in the text as typed, leading spaces included.
      expect((await search({ query: '  dog & ' }).expect(400)).body.position).toBe(8);
      await search({ threshold: 2 }).expect(400);
      await search({ threshold: 'high' }).expect(400);
    });
  });
});
