import { EventEmitter2 } from '@nestjs/event-emitter';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { ReliabilityService } from '../src/validation/reliability.service.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

interface Pair {
  id: string;
  name: string;
}

async function approvedImage(t: TestApp, admin: string, seed: number, labels: string[], donor?: string): Promise<{ id: string; pairs: Pair[] }> {
  const data = await sharp(await photo(64, 48, seed)).jpeg().toBuffer();
  const req = t.http().post('/api/donations').field('consent', 'true');
  if (donor) req.set('Authorization', `Bearer ${donor}`);
  for (const l of labels) req.field('labels', l);
  const { body } = await req.attach('image', data, 'x.jpg').expect(201);
  await t.http().post(`/api/moderation/images/${body.id}`).set('Authorization', `Bearer ${admin}`).send({ action: 'approve' }).expect(200);
  return { id: body.id, pairs: body.labels };
}

const cookieOf = (res: { headers: Record<string, unknown> }) => String((res.headers['set-cookie'] as string[])[0]).split(';')[0];

describe('crowd validation', () => {
  let t: TestApp;
  let admin: string;
  let images: Array<{ id: string; pairs: Pair[] }>;

  beforeAll(async () => {
    t = await createTestApp({
      'auth.registration': 'open',
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.alertSwing': 0.3,
      'validation.voteThrottle': { limit: 1000, ttlSeconds: 60 },
    });
    admin = await loginAs(t);
    images = [];
    for (let i = 0; i < 5; i++) images.push(await approvedImage(t, admin, 300 + i, ['dog', 'cup']));
  });
  afterAll(() => t.close());

  const vote = (pairId: string, answer: string, cookie?: string) => {
    const req = t.http().post(`/api/validation/${pairId}/votes`).send({ answer });
    return cookie ? req.set('Cookie', cookie) : req;
  };
  const counters = async (pairId: string) =>
    (await t.dataSource.query('SELECT yes, no, unsure, probability, verdict FROM image_labels WHERE id = $1', [pairId]))[0];

  it('keeps one vote per voter per pair: voting again replaces it', async () => {
    const pair = images[0].pairs[0].id;
    const first = await vote(pair, 'yes').expect(200);
    const cookie = cookieOf(first);
    expect(first.body).toMatchObject({ result: 'ok', replaced: false, counted: true });
    const again = await vote(pair, 'yes', cookie).expect(200);
    expect(again.body.replaced).toBe(true);
    expect(await counters(pair)).toMatchObject({ yes: 1, no: 0, unsure: 0 });
    await vote(pair, 'no', cookie).expect(200);
    expect(await counters(pair)).toMatchObject({ yes: 0, no: 1, unsure: 0 });
    const forged = await vote(pair, 'yes', `${cookie}x`).expect(200); // a forged cookie is a new voter, not the same one
    expect(forged.body.replaced).toBe(false);
    const labels = await t.http().get(`/api/images/${images[0].id}/labels`).expect(200);
    expect(labels.body.find((l: { id: string }) => l.id === pair)).toMatchObject({ yes: 1, no: 1, unsure: 0 });
  });

  it('keeps exact counters under 200 concurrent votes from many voters', async () => {
    const pairs = images.slice(1).flatMap((img) => img.pairs.map((p) => p.id));
    const answers = ['yes', 'no', 'unsure'] as const;
    const plan = Array.from({ length: 200 }, (_, k) => ({ pair: pairs[k % pairs.length], answer: answers[k % 3] }));
    const results = await Promise.all(plan.map(({ pair, answer }) => vote(pair, answer)));
    expect(results.every((r) => r.status === 200)).toBe(true);
    for (const pair of pairs) {
      const sent = plan.filter((p) => p.pair === pair);
      const c = await counters(pair);
      expect({ yes: c.yes, no: c.no, unsure: c.unsure }).toEqual({
        yes: sent.filter((p) => p.answer === 'yes').length,
        no: sent.filter((p) => p.answer === 'no').length,
        unsure: sent.filter((p) => p.answer === 'unsure').length,
      });
      const [{ n }] = await t.dataSource.query('SELECT count(*)::int AS n FROM votes WHERE "pairId" = $1', [pair]);
      expect(n).toBe(sent.length);
    }
  });

  it('counts one voter once even when they send the same vote 20 times at once', async () => {
    const cookie = cookieOf(await t.http().get('/api/validation/next?count=1').expect(200));
    const pair = images[0].pairs[1].id;
    const before = await counters(pair);
    await Promise.all(Array.from({ length: 20 }, () => vote(pair, 'yes', cookie).expect(200)));
    expect((await counters(pair)).yes).toBe(before.yes + 1);
  });

  it('never hands a voter a pair they voted on, nor their own donation', async () => {
    const session = (await t.http().post('/api/auth/register').send({ username: 'voter1', password: 'password123' }).expect(201)).body.accessToken;
    const own = await approvedImage(t, admin, 400, ['dog'], session);
    // Pairs with 25 votes or more leave the crowd's queue (they go to moderators).
    const [{ open }] = await t.dataSource.query(
      `SELECT count(*)::int AS open FROM image_labels p JOIN images i ON i.id = p."imageId" WHERE i."datasetState" = 'approved' AND i.id <> $1 AND p.yes + p.no + p.unsure < 25`,
      [own.id],
    );
    expect(open).toBeGreaterThan(1);
    const seen = new Set<string>();
    for (let round = 0; round < 20; round++) {
      const next = await t.http().get('/api/validation/next?count=3').set('Authorization', `Bearer ${session}`).expect(200);
      if (next.body.length === 0) break;
      for (const task of next.body) {
        expect(seen.has(task.pairId)).toBe(false);
        expect(task.imageId).not.toBe(own.id);
        expect(task.question).toMatch(/^Is there a (dog|cup) in this image\?$/);
        seen.add(task.pairId);
        await t.http().post(`/api/validation/${task.pairId}/votes`).set('Authorization', `Bearer ${session}`).send({ answer: 'yes' }).expect(200);
      }
    }
    expect(seen.size).toBe(open);
    const ownVote = await t.http().post(`/api/validation/${own.pairs[0].id}/votes`).set('Authorization', `Bearer ${session}`).send({ answer: 'yes' }).expect(403);
    expect(ownVote.body.message).toMatch(/your own donation/);
  });

  it('filters tasks by label and by query, and explains query errors with a caret', async () => {
    const cups = await t.http().get('/api/validation/next?label=cup&count=50').expect(200);
    expect(cups.body.length).toBeGreaterThan(0);
    expect(cups.body.every((task: { label: string }) => task.label === 'cup')).toBe(true);
    const bad = await t.http().get(`/api/validation/next?query=${encodeURIComponent('dog & (cup')}`).expect(400);
    expect(bad.body.message).toMatch(/Query error/);
    expect(bad.body.caret).toMatch(/\^/);
    await t.http().get(`/api/validation/next?query=${encodeURIComponent('image.width >= 10 & ~zebra')}`).expect(200);
  });

  it('answers bad votes clearly: unknown pair 404, bad answer 400, too fast 429', async () => {
    await vote('00000000-0000-4000-8000-000000000000', 'yes').expect(404);
    expect((await vote(images[0].pairs[0].id, 'maybe').expect(400)).body.message).toMatch(/answer must be one of: yes, no, unsure/);
    await vote('not-a-uuid', 'yes').expect(400);
    const strict = await t.restart({ 'validation.voteThrottle': { limit: 2, ttlSeconds: 60 } });
    t = strict;
    const cookie = cookieOf(await vote(images[0].pairs[0].id, 'yes').expect(200));
    await vote(images[0].pairs[1].id, 'yes', cookie).expect(200);
    const res = await vote(images[1].pairs[0].id, 'yes', cookie).expect(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    t = await t.restart();
  });

  it('emits validation.alert when a pair’s probability swings fast', async () => {
    const alerts: unknown[] = [];
    t.app.get(EventEmitter2).on('validation.alert', (a: unknown) => alerts.push(a));
    const { pairs } = await approvedImage(t, admin, 500, ['dog']);
    for (let i = 0; i < 3; i++) await vote(pairs[0].id, 'yes').expect(200);
    expect((await counters(pairs[0].id)).probability).toBeGreaterThan(0.9);
    for (let i = 0; i < 6; i++) await vote(pairs[0].id, 'no').expect(200);
    expect(alerts).toEqual([expect.objectContaining({ kind: 'probability_swing', pairId: pairs[0].id })]);
    const listed = await t.http().get('/api/validation/alerts').set('Authorization', `Bearer ${admin}`).expect(200);
    expect(listed.body.some((a: { pairId: string }) => a.pairId === pairs[0].id)).toBe(true);
  });

  it('serves statistics from the counters, per label and per day', async () => {
    const { body } = await t.http().get('/api/statistics').expect(200);
    const [{ votes }] = await t.dataSource.query('SELECT count(*)::int AS votes FROM votes');
    expect(body.totals.votes).toBe(votes);
    expect(body.totals.approvedImages).toBeGreaterThanOrEqual(6);
    expect(body.perDay).toHaveLength(30);
    expect(body.perDay[29].votes).toBe(votes);
    const dog = await t.http().get('/api/labels/Hund/statistics').expect(200);
    const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM image_labels p JOIN labels l ON l.id = p."labelId" WHERE l.name = 'dog'`);
    expect(dog.body).toMatchObject({ label: 'dog', images: n });
    await t.http().get('/api/labels/nothing-like-this/statistics').expect(404);
  });

  it('re-estimates voter reliability in the background and keeps every pair consistent with its votes', async () => {
    const stats = await t.app.get(ReliabilityService).recompute();
    expect(stats.votes).toBeGreaterThan(200);
    const rows: Array<{ id: string; weightSum: number; informative: number }> = await t.dataSource.query('SELECT id, "weightSum", informative FROM image_labels');
    for (const row of rows) {
      const [{ total, n }] = await t.dataSource.query(
        `SELECT COALESCE(sum(weight), 0)::float8 AS total, count(*) FILTER (WHERE answer <> 'unsure' AND weight <> 0)::int AS n FROM votes WHERE "pairId" = $1`,
        [row.id],
      );
      expect(row.weightSum).toBeCloseTo(total, 9);
      expect(row.informative).toBe(n);
    }
  });

  it('re-estimates without rewriting (and so locking) votes and pairs whose weight did not change', async () => {
    const versions = async () => {
      const rows: Array<{ id: string; xmin: string }> = await t.dataSource.query('SELECT id, xmin::text AS xmin FROM votes UNION ALL SELECT id, xmin::text FROM image_labels');
      return new Map(rows.map((r) => [r.id, r.xmin]));
    };
    const before = await versions();
    const stats = await t.app.get(ReliabilityService).recompute();
    expect(stats.votes).toBeGreaterThan(200);
    expect(await versions()).toEqual(before);
  });
});

describe('crowd validation: training phase', () => {
  it('does not count a new voter’s votes until they pass the gold questions', async () => {
    const t = await createTestApp({ 'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 }, 'validation.trainingGold': 2 });
    try {
      const admin = await loginAs(t);
      const imgs = [];
      for (let i = 0; i < 4; i++) imgs.push(await approvedImage(t, admin, 600 + i, ['dog']));
      const [goldA, goldB, regular, later] = imgs.map((img) => img.pairs[0].id);
      await t.http().put(`/api/validation/pairs/${goldA}/gold`).set('Authorization', `Bearer ${admin}`).send({ answer: 'right' }).expect(204);
      await t.http().put(`/api/validation/pairs/${goldB}/gold`).set('Authorization', `Bearer ${admin}`).send({ answer: 'wrong' }).expect(204);
      // A suggested label is never voted on, so it cannot be gold; an unknown pair is a 404.
      const suggested = (await approvedImage(t, admin, 610, ['frobnicator'])).pairs[0].id;
      const refused = await t.http().put(`/api/validation/pairs/${suggested}/gold`).set('Authorization', `Bearer ${admin}`).send({ answer: 'right' }).expect(409);
      expect(refused.body.message).toMatch(/cannot be a gold pair/);
      await t.http().put(`/api/validation/pairs/${suggested}/gold`).set('Authorization', `Bearer ${admin}`).send({ answer: null }).expect(204);
      await t.http().put('/api/validation/pairs/00000000-0000-4000-8000-000000000000/gold').set('Authorization', `Bearer ${admin}`).send({ answer: 'right' }).expect(404);
      const first = await t.http().post(`/api/validation/${regular}/votes`).send({ answer: 'yes' }).expect(200);
      expect(first.body.counted).toBe(false);
      const cookie = String((first.headers['set-cookie'] as unknown as string[])[0]).split(';')[0];
      const [{ probability }] = await t.dataSource.query('SELECT probability FROM image_labels WHERE id = $1', [regular]);
      expect(probability).toBeNull();
      // A new voter's queue starts with gold; answered right, the voter graduates.
      const tasks = await t.http().get('/api/validation/next?count=3').set('Cookie', cookie).expect(200);
      expect(tasks.body.map((x: { pairId: string }) => x.pairId)).toEqual(expect.arrayContaining([goldA, goldB]));
      await t.http().post(`/api/validation/${goldA}/votes`).set('Cookie', cookie).send({ answer: 'yes' }).expect(200);
      await t.http().post(`/api/validation/${goldB}/votes`).set('Cookie', cookie).send({ answer: 'no' }).expect(200);
      const counted = await t.http().post(`/api/validation/${later}/votes`).set('Cookie', cookie).send({ answer: 'yes' }).expect(200);
      expect(counted.body.counted).toBe(true);
      const [{ probability: after }] = await t.dataSource.query('SELECT probability FROM image_labels WHERE id = $1', [later]);
      expect(after).toBeGreaterThan(0.5);
      // A voter who fails the gold questions keeps not counting.
      const failing = await t.http().post(`/api/validation/${goldA}/votes`).send({ answer: 'no' }).expect(200);
      const failCookie = String((failing.headers['set-cookie'] as unknown as string[])[0]).split(';')[0];
      await t.http().post(`/api/validation/${goldB}/votes`).set('Cookie', failCookie).send({ answer: 'yes' }).expect(200);
      const still = await t.http().post(`/api/validation/${regular}/votes`).set('Cookie', failCookie).send({ answer: 'no' }).expect(200);
      expect(still.body.counted).toBe(false);
      // Gold stays secret: a graduated voter's answer to a gold pair reads like any other, and only staff see its verdict.
      const onGold = await t.http().post(`/api/validation/${goldB}/votes`).set('Cookie', cookie).send({ answer: 'yes' }).expect(200);
      expect(onGold.body.counted).toBe(true);
      const goldImage = imgs[1].id;
      const publicPairs = (await t.http().get(`/api/images/${goldImage}/labels`).expect(200)).body;
      expect(publicPairs.find((p: { id: string }) => p.id === goldB).verdict).toBe('unknown');
      const staffPairs = (await t.http().get(`/api/images/${goldImage}/labels`).set('Authorization', `Bearer ${admin}`).expect(200)).body;
      expect(staffPairs.find((p: { id: string }) => p.id === goldB).verdict).toBe('likely_wrong');
    } finally {
      await t.close();
    }
  });
});
