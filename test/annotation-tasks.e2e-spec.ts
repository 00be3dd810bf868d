import sharp from 'sharp';
import { AnnotationVotesService } from '../src/annotations/annotation-votes.service.js';
import { approvedImage, box, confirm, cookieOf, type DatasetImage } from './utils/annotation-fixtures.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('annotation tasks', () => {
  let t: TestApp;
  let admin: string;
  let one: DatasetImage;
  let two: DatasetImage;

  beforeAll(async () => {
    t = await createTestApp({
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.voteThrottle': { limit: 100_000, ttlSeconds: 60 },
      'annotations.notAnnotatableThreshold': 2,
      'annotations.drawingsPerPair': 2,
    });
    admin = await loginAs(t);
    one = await approvedImage(t, admin, 31, ['dog', 'cup', 'indoor']);
    two = await approvedImage(t, admin, 32, ['cat']);
    for (const pair of [one.pairs.dog, one.pairs.indoor, two.pairs.cat]) await confirm(t, pair);
    await confirm(t, one.pairs.cup, 2); // probability 0.85: not confirmed
  }, 300_000);
  afterAll(() => t.close());

  /** A new anonymous annotator (their cookie). */
  const annotator = async () => cookieOf(await t.http().get('/api/annotation/next').expect((r) => expect([200, 204]).toContain(r.status)));
  const next = (cookie: string, query = '') => t.http().get(`/api/annotation/next${query}`).set('Cookie', cookie);
  /** Every task the annotator is offered, skipping each in turn. */
  const offered = async (cookie: string, query = ''): Promise<Array<{ pairId: string; label: string; drawings: number }>> => {
    const seen = [];
    for (let i = 0; i < 20; i++) {
      const res = await next(cookie, query);
      if (res.status === 204) return seen;
      expect(res.status).toBe(200);
      seen.push(res.body);
      await t.http().post(`/api/annotation/pairs/${res.body.pairId}/skip`).set('Cookie', cookie).expect(200);
    }
    throw new Error('the queue never ran dry');
  };
  const labels = (tasks: Array<{ label: string }>) => tasks.map((x) => x.label).sort();

  it('offers confirmed object labels only, and never again once skipped', async () => {
    const a = await annotator();
    const first = await next(a).expect(200);
    expect(first.body).toMatchObject({ width: 200, height: 100, drawings: 0 });
    expect(first.body.instruction).toMatch(/^Draw every (dog|cat) in this image\.$/);
    expect(first.body.imageUrl).toMatch(/\/i\/[^/]+\.jpg$/);
    expect(labels(await offered(a))).toEqual(['cat', 'dog']);
    expect((await next(a)).status).toBe(204);
    // Skips are per annotator.
    expect(labels(await offered(await annotator()))).toEqual(['cat', 'dog']);
  });

  it('filters by query and label', async () => {
    expect(labels(await offered(await annotator(), '?query=cat'))).toEqual(['cat']);
    expect(labels(await offered(await annotator(), '?label=dog'))).toEqual(['dog']);
    expect(labels(await offered(await annotator(), `?query=${encodeURIComponent('image.num_annotations = 0 & ~cat')}`))).toEqual(['dog']);
    await next(await annotator(), '?query=dog%20%26').expect(400);
  });

  it('drops a pair from everyone’s queue after enough “not annotatable” answers', async () => {
    const c = await annotator();
    const first = await t.http().post(`/api/annotation/pairs/${one.pairs.dog}/not-annotatable`).set('Cookie', c).expect(200);
    expect(first.body).toEqual({ pairId: one.pairs.dog, answer: 'not_annotatable', notAnnotatable: 1 });
    expect(labels(await offered(c))).toEqual(['cat']); // not for c any more
    expect(labels(await offered(await annotator()))).toEqual(['cat', 'dog']); // one answer is below the threshold of 2
    // Answering again replaces the answer instead of counting twice.
    expect((await t.http().post(`/api/annotation/pairs/${one.pairs.dog}/not-annotatable`).set('Cookie', c).expect(200)).body.notAnnotatable).toBe(1);
    const d = await annotator();
    expect((await t.http().post(`/api/annotation/pairs/${one.pairs.dog}/not-annotatable`).set('Cookie', d).expect(200)).body.notAnnotatable).toBe(2);
    expect(labels(await offered(await annotator()))).toEqual(['cat']);
    await t.http().post(`/api/annotation/pairs/${one.pairs.indoor}/skip`).set('Cookie', d).expect(400);
    await t.http().post('/api/annotation/pairs/00000000-0000-4000-8000-000000000000/skip').set('Cookie', d).expect(404);
  });

  it('keeps a pair in the queue until it has annotations.drawingsPerPair drawings not rejected, never for who drew it', async () => {
    const f = await annotator();
    await t.http().post(`/api/images/${two.id}/annotations`).set('Cookie', f).send({ pairId: two.pairs.cat, shapes: [box(10, 10, 50, 50)] }).expect(201);
    expect(labels(await offered(f))).toEqual([]);
    const tasks = await offered(await annotator());
    expect(tasks).toEqual([expect.objectContaining({ label: 'cat', drawings: 1 })]);
    const second = await t.http().post(`/api/images/${two.id}/annotations`).set('Cookie', await annotator()).send({ pairId: two.pairs.cat, shapes: [box(12, 10, 50, 50)] }).expect(201);
    expect(await offered(await annotator())).toEqual([]);
    // A drawing the crowd rejects no longer counts: the pair wants another one.
    for (let i = 0; i < 4; i++) await t.http().post(`/api/annotations/${second.body.id}/revisions/1/votes`).send({ answer: 'no' }).expect(200);
    expect(await offered(await annotator())).toEqual([expect.objectContaining({ label: 'cat', drawings: 1 })]);
  });

  it('draws the annotation’s outline on a variant with ?highlight=', async () => {
    const image = await approvedImage(t, admin, 40, ['bird']);
    const shape = box(20, 20, 100, 50);
    const { body } = await t.http().post(`/api/images/${image.id}/annotations`).set('Cookie', await annotator()).send({ pairId: image.pairs.bird, shapes: [shape] }).expect(201);
    const pixels = async (query: string) => {
      const res = await t.http().get(`/i/${image.slug}?${query}`).buffer(true).parse((r, cb) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => cb(null, Buffer.concat(chunks)));
      }).expect(200);
      const { data, info } = await sharp(res.body as Buffer).raw().toBuffer({ resolveWithObject: true });
      return { at: (x: number, y: number) => [...data.subarray((y * info.width + x) * info.channels, (y * info.width + x) * info.channels + 3)], info, res };
    };
    const plain = await pixels('format=png');
    const lit = await pixels(`format=png&highlight=${body.id}`);
    expect(lit.info).toMatchObject({ width: 200, height: 100 });
    expect(lit.res.headers['content-type']).toBe('image/png');
    // On the outline (the middle of the top edge, the left edge): magenta; the original there is not.
    for (const [x, y] of [[70, 20], [20, 45], [119, 45]] as const) {
      const [r, g, b] = lit.at(x, y);
      expect(r).toBeGreaterThan(200);
      expect(g).toBeLessThan(80);
      expect(b).toBeGreaterThan(200);
      expect(plain.at(x, y)).not.toEqual(lit.at(x, y));
    }
    // Away from the outline (inside the box, and outside it) the pixels are the original's.
    for (const [x, y] of [[70, 45], [170, 80]] as const) expect(lit.at(x, y)).toEqual(plain.at(x, y));
    // A smaller variant: the outline is scaled with it.
    const small = await pixels(`w=100&format=png&highlight=${body.id}`);
    expect(small.info).toMatchObject({ width: 100, height: 50 });
    expect(small.at(35, 10)[1]).toBeLessThan(80);
    await t.http().get(`/i/${image.slug}?highlight=nope`).expect(400);
    await t.http().get(`/i/${one.slug}?highlight=${body.id}`).expect(404);
    // A new revision changes what is drawn (same URL: the response may not be cached as immutable).
    expect(lit.res.headers['cache-control']).toBe('no-cache');
    await t.http().put(`/api/annotations/${body.id}`).set('Cookie', await annotator()).send({ revision: 1, shapes: [box(150, 60, 30, 30)] }).expect(200);
    const moved = await pixels(`format=png&highlight=${body.id}`);
    expect(moved.at(70, 20)).toEqual(plain.at(70, 20));
    expect(moved.at(165, 60)[1]).toBeLessThan(80);
  });
});

describe('annotation votes of voters in training', () => {
  it('do not move the probability until the voter counts', async () => {
    const t = await createTestApp({ 'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 }, 'validation.trainingGold': 2 });
    try {
      const admin = await loginAs(t);
      const image = await approvedImage(t, admin, 50, ['dog']);
      const drawing = await t.http().post(`/api/images/${image.id}/annotations`).send({ pairId: image.pairs.dog, shapes: [box(5, 5, 20, 20)] }).expect(201);
      const id = drawing.body.id;
      const trainee = await t.http().post(`/api/annotations/${id}/revisions/1/votes`).send({ answer: 'yes' }).expect(200);
      expect(trainee.body).toMatchObject({ counted: false, validation: { yes: 1, no: 0, probability: null, verdict: 'unknown' } });
      // Once the estimation lets the voter count, the stored vote is re-weighted.
      await t.dataSource.query(`UPDATE voters SET counted = true WHERE id = (SELECT "voterId" FROM annotation_votes LIMIT 1)`);
      expect(await t.app.get(AnnotationVotesService).rescore()).toBe(1);
      const after = await t.http().get(`/api/annotations/${id}`).set('Cookie', cookieOf(trainee)).expect(200);
      expect(after.body.validation.probability).toBeCloseTo(0.7, 9);
    } finally {
      await t.close();
    }
  }, 300_000);
});
