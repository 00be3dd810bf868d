import sharp from 'sharp';
import { parse } from 'yaml';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { jest } from '@jest/globals';
import { ExportRepository } from '../src/export/export.repository.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';
import { binary, unzip } from './utils/zip.js';

describe('dataset export', () => {
  let t: TestApp;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.voteThrottle': { limit: 10_000, ttlSeconds: 60 },
    });
    admin = await loginAs(t);
    const base = await photo(200, 150, 77);
    const make = async (name: string, data: Buffer, labels: string[], approve = true, yesVotes = 4) => {
      const req = t.http().post('/api/donations').field('consent', 'true');
      for (const l of labels) req.field('labels', l);
      const { body } = await req.attach('image', data, `${name}.jpg`).expect(201);
      ids[name] = body.id;
      if (approve) await t.http().post(`/api/moderation/images/${body.id}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
      if (approve) for (const pair of body.labels) for (let v = 0; v < yesVotes; v++) await t.http().post(`/api/validation/${pair.id}/votes`).send({ answer: 'yes' }).expect(200);
    };
    await make('dog1', await sharp(await photo(200, 150, 1)).jpeg().toBuffer(), ['dog']);
    await make('dog2', await sharp(await photo(200, 150, 2)).jpeg().toBuffer(), ['dog', 'cup']);
    await make('cup1', await sharp(await photo(200, 150, 3)).jpeg().toBuffer(), ['cup']);
    await make('twinA', await sharp(base).jpeg({ quality: 92 }).toBuffer(), ['cat']);
    await make('twinB', await sharp(base).resize(190, 142).jpeg({ quality: 75 }).toBuffer(), ['cat']);
    await make('weak', await sharp(await photo(200, 150, 4)).jpeg().toBuffer(), ['dog'], true, 1);
    await make('pending', await sharp(await photo(200, 150, 5)).jpeg().toBuffer(), ['dog'], false);
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http().get(path).buffer(true).parse(binary as never);

  it('exports JSON Lines of the images a query selects, with probabilities and votes', async () => {
    const res = await get('/api/export?format=jsonl&query=dog').expect(200);
    expect(res.headers['content-type']).toMatch(/ndjson|jsonl|json/);
    const lines = res.body.toString('utf8').trim().split('\n').map((l: string) => JSON.parse(l));
    expect(lines.map((l: { id: string }) => l.id).sort()).toEqual([ids.dog1, ids.dog2].sort());
    const dog2 = lines.find((l: { id: string }) => l.id === ids.dog2);
    const dogLabel = dog2.labels.find((l: { name: string }) => l.name === 'dog');
    expect(dogLabel.probability).toBeGreaterThanOrEqual(0.95);
    expect(dogLabel.votes).toEqual({ yes: 4, no: 0, unsure: 0 });
  });

  it('never exports pending images, nor labels with too few votes ("one yes is not 100 %")', async () => {
    const res = await get('/api/export?format=jsonl').expect(200);
    const exported = res.body.toString('utf8').trim().split('\n').map((l: string) => JSON.parse(l).id);
    expect(exported).not.toContain(ids.pending);
    expect(exported).not.toContain(ids.weak);
    const lenient = await get('/api/export?format=jsonl&minVotes=1&minProbability=0.6').expect(200);
    expect(lenient.body.toString('utf8')).toContain(ids.weak);
    const count = await t.http().get('/api/export/count').expect(200);
    expect(count.body.count).toBe(exported.length);
    // Empty parameters (a form's blank fields) are absent, not 0: the defaults still apply.
    expect((await t.http().get('/api/export/count?minProbability=&minVotes=').expect(200)).body.count).toBe(exported.length);
  });

  it('exports COCO that follows COCO’s rules and matches the database', async () => {
    const res = await get('/api/export?format=coco').expect(200);
    const coco = JSON.parse(res.body.toString('utf8'));
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM images WHERE "datasetState" = 'approved'`);
    expect(coco.images).toHaveLength(n - 1); // all approved but the weakly voted one
    expect(new Set(coco.images.map((i: { id: number }) => i.id)).size).toBe(coco.images.length);
    expect(coco.categories.map((c: { name: string }) => c.name).sort()).toEqual(['cat', 'cup', 'dog']);
    for (const image of coco.images) {
      expect(Number.isInteger(image.width) && Number.isInteger(image.height)).toBe(true);
      expect(typeof image.file_name).toBe('string');
    }
  });

  it('exports CSV with one row per image and label', async () => {
    const res = await get('/api/export?format=csv&query=cup').expect(200);
    const rows = res.body.toString('utf8').trim().split(/\r?\n/);
    expect(rows[0]).toMatch(/^image_id,/);
    const cupRows = rows.slice(1).filter((r: string) => r.includes(',cup,'));
    expect(cupRows).toHaveLength(2);
  });

  it('reads the database once for a multi-pass format: a change between COCO\'s passes cannot break the download', async () => {
    const repo = t.app.get(ExportRepository);
    const page = repo.page.bind(repo);
    const reads = jest.spyOn(repo, 'page').mockImplementationOnce(async (...args: Parameters<typeof page>) => {
      const rows = await page(...args);
      // A moderator hides an image while the export is between its passes.
      await t.dataSource.query('UPDATE images SET hidden = true WHERE id = $1', [ids.cup1]);
      return rows;
    });
    try {
      const res = await get('/api/export?format=coco').expect(200);
      const coco = JSON.parse(res.body.toString('utf8')) as { images: Array<{ id: number; imagehive_id?: string }>; annotations: Array<{ image_id: number }> };
      expect(coco.images).toHaveLength(5);
      const known = new Set(coco.images.map((i) => i.id));
      for (const a of coco.annotations) expect(known.has(a.image_id)).toBe(true);
      expect(reads.mock.calls.filter(([, after]) => after === null)).toHaveLength(1);
    } finally {
      reads.mockRestore();
      await t.dataSource.query('UPDATE images SET hidden = false WHERE id = $1', [ids.cup1]);
    }
  });

  it('zips YOLO with its data.yaml and, on request, the image bytes themselves', async () => {
    const meta = unzip((await get('/api/export?format=yolo').expect(200)).body);
    expect([...meta.keys()]).toContain('data.yaml');
    expect([...meta.keys()].some((k) => k.startsWith('images/'))).toBe(false);
    const full = unzip((await get('/api/export?format=yolo&images=true&query=dog1%20%7C%20cup').expect(200)).body);
    const imagesInZip = [...full.keys()].filter((k) => k.startsWith('images/'));
    expect(imagesInZip.length).toBeGreaterThanOrEqual(2);
    for (const name of imagesInZip) expect((await sharp(full.get(name)!).metadata()).format).toBe('jpeg');
  });

  it('puts the images beside a single-file format on request, where its file_name references point', async () => {
    const zip = unzip((await get('/api/export?format=coco&images=true&query=cup').expect(200)).body);
    const instances = JSON.parse(zip.get('instances.json')!.toString('utf8')) as { images: Array<{ file_name: string }> };
    expect(instances.images.length).toBe(2);
    for (const { file_name: name } of instances.images) {
      expect(name).toMatch(/^images\//);
      expect((await sharp(zip.get(name)!).metadata()).format).toBe('jpeg');
    }
    expect([...zip.keys()].filter((k) => k.startsWith('images/'))).toHaveLength(2);
    const split = unzip((await get('/api/export?format=csv&images=true&split=train:0.5,val:0.5&seed=3').expect(200)).body);
    let referenced = 0;
    for (const [name, data] of split) {
      if (!name.endsWith('.csv')) continue;
      const part = name.split('/')[0];
      const files = data.toString('utf8').trim().split(/\r?\n/).slice(1).map((row) => row.split(',')[1]);
      for (const file of files) expect(split.has(`${part}/${file}`)).toBe(true);
      referenced += files.length;
    }
    expect(referenced).toBeGreaterThanOrEqual(5);
  });

  it('splits deterministically and keeps near-duplicates in the same part', async () => {
    const a = unzip((await get('/api/export?format=jsonl&split=train:0.5,val:0.5&seed=3').expect(200)).body);
    const b = unzip((await get('/api/export?format=jsonl&split=train:0.5,val:0.5&seed=3').expect(200)).body);
    const listing = (files: Map<string, Buffer>) =>
      Object.fromEntries([...files].map(([name, data]) => [name, data.toString('utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l).id).sort()]));
    expect(listing(a)).toEqual(listing(b));
    const partOf = (id: string) => Object.entries(listing(a)).find(([, list]) => list.includes(id))?.[0].split('/')[0];
    expect(partOf(ids.twinA)).toBeDefined();
    expect(partOf(ids.twinA)).toBe(partOf(ids.twinB));
  });

  it('gives every part of a split YOLO export the same classes and a data.yaml that names all parts', async () => {
    const zip = unzip((await get('/api/export?format=yolo&split=train:0.5,val:0.5&seed=3').expect(200)).body);
    const yamls = ['train', 'val'].map((part) => parse(zip.get(`${part}/data.yaml`)!.toString('utf8')));
    expect(yamls[0]).toEqual(yamls[1]);
    expect(yamls[0]).toMatchObject({ train: '../train/images', val: '../val/images' });
    expect([...yamls[0].names].sort()).toEqual(['cat', 'cup', 'dog']);
    // Both parts hold images: the seed splits this selection, so one class list is not one part's list.
    for (const part of ['train', 'val']) expect([...zip.keys()].some((k) => k.startsWith(`${part}/labels/`))).toBe(true);
  });

  it('fails before the first byte on a bad query, format or split', async () => {
    const bad = await t.http().get(`/api/export?format=coco&query=${encodeURIComponent('dog & & cat')}`).expect(400);
    expect(bad.body.caret).toMatch(/\^/);
    expect((await t.http().get('/api/export?format=tiff').expect(400)).body.message).toMatch(/Unknown format "tiff"; available: .*coco/);
    await t.http().get('/api/export?format=coco&split=train:0.9').expect(400);
    await t.http().get('/api/export?format=coco&minProbability=2').expect(400);
  });

  it('answers tests of what is not recorded yet (collections, attributes) with no images, never an error', async () => {
    const count = async (query: string) => (await t.http().get(`/api/export/count?query=${encodeURIComponent(query)}`).expect(200)).body.count as number;
    const all = await count('image.width > 0');
    expect(all).toBeGreaterThan(0);
    expect(await count("image.collection='holiday 2024'")).toBe(0);
    expect(await count("image.collection != 'holiday 2024'")).toBe(all);
    expect(await count("dog.breed='Labrador Retriever'")).toBe(0);
    expect(await count("~dog.breed='poodle'")).toBe(all);
    expect(await count("dog & image.collection != 'x'")).toBe(await count('dog'));
    await get(`/api/export?format=jsonl&query=${encodeURIComponent("cup | image.collection='x'")}`).expect(200);
  });

  it('matches a part only on an image whose whole is confirmed too (dog.has=ear needs a confirmed dog)', async () => {
    const ear = async (imageId: string) => {
      const pairs = (await t.http().post(`/api/images/${imageId}/labels`).set('Authorization', `Bearer ${admin}`).send({ labels: [{ label: 'ear', of: 'dog' }] }).expect(201)).body;
      const pair = pairs.find((p: { name: string; parent: string | null }) => p.name === 'ear' && p.parent === 'dog');
      for (let v = 0; v < 4; v++) await t.http().post(`/api/validation/${pair.id}/votes`).send({ answer: 'yes' }).expect(200);
    };
    await ear(ids.dog1);
    await ear(ids.cup1); // an ear of a dog, on an image with no dog label
    await ear(ids.weak); // its dog has too few votes: the part is its only confirmed pair
    const res = await get(`/api/export?format=jsonl&query=${encodeURIComponent("dog.has='ear'")}`).expect(200);
    expect(res.body.toString('utf8').trim().split('\n').map((l: string) => JSON.parse(l).id)).toEqual([ids.dog1]);
    // Parts are not exported, so an image whose only confirmed pair is a part is not either (it had no labels).
    const all = (await get('/api/export?format=jsonl').expect(200)).body.toString('utf8').trim().split('\n').map((l: string) => JSON.parse(l));
    expect(all.map((l: { id: string }) => l.id)).not.toContain(ids.weak);
    for (const image of all) expect(image.labels.length).toBeGreaterThan(0);
  });

  it('browses the same selection as JSON pages', async () => {
    const first = await t.http().get('/api/images?limit=2').expect(200);
    expect(first.body.items).toHaveLength(2);
    const second = await t.http().get(`/api/images?limit=10&cursor=${first.body.nextCursor}`).expect(200);
    const all = [...first.body.items, ...second.body.items].map((i: { id: string }) => i.id);
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBe((await t.http().get('/api/export/count').expect(200)).body.count);
    expect(first.body.items[0].labels[0]).toEqual(expect.objectContaining({ name: expect.any(String), probability: expect.any(Number) }));
  });
});
