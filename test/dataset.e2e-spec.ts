import { EventEmitter2 } from '@nestjs/event-emitter';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('dataset: donations, moderation, labels', () => {
  let t: TestApp;
  let admin: string;
  let mod: string;
  let alice: string;
  let bob: string;
  const events: Array<{ name: string; payload: Record<string, unknown> }> = [];

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'open', 'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 } });
    const bus = t.app.get(EventEmitter2);
    for (const name of ['donation.created', 'image.approved', 'image.rejected', 'image.quarantined', 'image.reported']) {
      bus.on(name, (payload: Record<string, unknown>) => events.push({ name, payload }));
    }
    admin = await loginAs(t);
    const register = async (username: string) => (await t.http().post('/api/auth/register').send({ username, password: 'password123' }).expect(201)).body;
    const m = await register('mod');
    await t.http().patch(`/api/admin/users/${m.user.id}`).set('Authorization', `Bearer ${admin}`).send({ role: 'moderator' }).expect(200);
    mod = await loginAs(t, 'mod', 'password123');
    alice = (await register('alice')).accessToken;
    bob = (await register('bob')).accessToken;
  });
  afterAll(() => t.close());

  let seed = 100;
  const jpeg = async () => sharp(await photo(160, 120, seed++)).jpeg({ quality: 90 }).toBuffer();
  const donate = (data: Buffer, labels: string[] = [], auth?: string) => {
    const req = t.http().post('/api/donations');
    if (auth) req.set('Authorization', `Bearer ${auth}`);
    for (const label of labels) req.field('labels', label);
    return req.field('consent', 'true').attach('image', data, 'donation.jpg');
  };
  const as = (session: string | undefined) => <T extends { set(name: string, value: string): T }>(req: T): T =>
    session ? req.set('Authorization', `Bearer ${session}`) : req;
  const getImage = (id: string, session?: string) => as(session)(t.http().get(`/api/images/${id}`));
  const moderate = (id: string, action: string, session = mod) =>
    t.http().post(`/api/moderation/images/${id}`).set('Authorization', `Bearer ${session}`).send({ action, reason: 'test' });

  it('walks an anonymous donation through the queue to approval', async () => {
    const res = await donate(await jpeg(), ['dog', 'Hund', 'sparkly widget']).expect(201);
    expect(res.body).toMatchObject({ state: 'pending', license: 'CC0-1.0', nearDuplicates: 0 });
    // "Hund" is German for dog: one pair, not two; the unknown word becomes a suggestion.
    expect(res.body.labels.map((l: { name: string; suggestion: boolean }) => [l.name, l.suggestion]).sort()).toEqual([
      ['dog', false],
      ['sparkly widget', true],
    ]);
    const id = res.body.id;
    await getImage(id).expect(404);
    await getImage(id, bob).expect(404);
    const queue = await t.http().get('/api/moderation/queue').set('Authorization', `Bearer ${mod}`).expect(200);
    const item = queue.body.items.find((i: { id: string }) => i.id === id);
    expect(item).toMatchObject({ state: 'pending', donor: null, labels: expect.arrayContaining(['dog', 'sparkly widget']) });
    await t.http().get('/api/moderation/queue').set('Authorization', `Bearer ${alice}`).expect(403);
    const approved = await moderate(id, 'approve').expect(200);
    expect(approved.body).toEqual({ id, result: 'ok', state: 'approved' });
    const publicView = await getImage(id).expect(200);
    expect(publicView.body).toMatchObject({ state: 'approved', license: 'CC0-1.0' });
    expect(publicView.body).not.toHaveProperty('history');
    const history = (await getImage(id, mod).expect(200)).body.history.map((h: { action: string }) => h.action);
    expect(history).toEqual(['donated', 'approved']);
    expect(events.map((e) => e.name)).toEqual(expect.arrayContaining(['donation.created', 'image.approved']));
    await moderate(id, 'approve').expect(409);
  });

  it('shows a pending image to its donor and moderators only', async () => {
    const { body } = await donate(await jpeg(), ['cup'], alice).expect(201);
    await getImage(body.id, alice).expect(200);
    await getImage(body.id, mod).expect(200);
    await getImage(body.id, bob).expect(404);
    await getImage(body.id).expect(404);
    const pairs = await t.http().post(`/api/images/${body.id}/labels`).set('Authorization', `Bearer ${bob}`).send({ labels: [{ label: 'dog' }] });
    expect(pairs.status).toBe(404);
  });

  it('refuses bad donations with clear 4xx errors', async () => {
    const data = await jpeg();
    expect((await t.http().post('/api/donations').attach('image', data, 'x.jpg').expect(400)).body.message).toMatch(/consent must be true/);
    for (const bad of ['', '!!!', 'x'.repeat(65)]) {
      const res = await donate(data, [bad]).expect(400);
      expect(res.body.message).toMatch(/Label/);
    }
    await t.http().post('/api/donations').field('consent', 'true').attach('upload', data, 'x.jpg').expect(400);
    await t.http().post('/api/donations').field('consent', 'true').attach('image', Buffer.from('<svg onload="x"/>'), 'x.jpg').expect(415);
  });

  it('answers exact duplicates with 409 naming the existing image, and flags near-duplicates', async () => {
    const base = await photo(320, 240, 999);
    const original = await sharp(base).jpeg({ quality: 92 }).toBuffer();
    const first = await donate(original, ['dog']).expect(201);
    const again = await donate(original, ['dog']).expect(409);
    expect(again.body.existingImageId).toBe(first.body.id);
    const similar = await sharp(base).resize(300, 225).modulate({ brightness: 1.03 }).jpeg({ quality: 70 }).toBuffer();
    const near = await donate(similar, ['dog']).expect(201);
    expect(near.body.nearDuplicates).toBe(1);
    const flagged = await t.http().get('/api/moderation/queue?queue=flagged').set('Authorization', `Bearer ${mod}`).expect(200);
    const item = flagged.body.items.find((i: { id: string }) => i.id === near.body.id);
    expect(item.nearDuplicates).toEqual([{ imageId: first.body.id, distance: expect.any(Number) }]);
    expect(item.nearDuplicates[0].distance).toBeLessThanOrEqual(6);
    const unrelated = await donate(await jpeg(), ['dog']).expect(201);
    expect(unrelated.body.nearDuplicates).toBe(0);
  });

  it('hides an image after enough reports until a moderator decides', async () => {
    const { body } = await donate(await jpeg(), ['cup']).expect(201);
    await moderate(body.id, 'approve').expect(200);
    const raw = new URL(body.rawUrl).pathname;
    await t.http().get(raw).expect(200);
    const reporters = [alice, bob, undefined];
    for (const [i, who] of reporters.entries()) {
      const res = await as(who)(t.http().post(`/api/images/${body.id}/reports`)).send({ reason: 'not a cup at all' }).expect(201);
      expect(res.body).toEqual({ reports: i + 1, hidden: i === 2 });
    }
    await as(alice)(t.http().post(`/api/images/${body.id}/reports`)).send({ reason: 'again' }).expect(404); // hidden now
    await getImage(body.id).expect(404);
    await t.http().get(raw).expect(404);
    const reported = await t.http().get('/api/moderation/queue?queue=reported').set('Authorization', `Bearer ${mod}`).expect(200);
    expect(reported.body.items.find((i: { id: string }) => i.id === body.id)).toMatchObject({
      hidden: true,
      reports: 3,
      reportReasons: ['not a cup at all', 'not a cup at all', 'not a cup at all'],
    });
    await moderate(body.id, 'approve').expect(200);
    await getImage(body.id).expect(200);
    await t.http().get(raw).expect(200);
    // Approving again dismisses reports that have not hidden it yet; with none open it is a conflict.
    await as(mod)(t.http().post(`/api/images/${body.id}/reports`)).send({ reason: 'still not a cup' }).expect(201);
    await moderate(body.id, 'approve').expect(200);
    const after = await t.http().get('/api/moderation/queue?queue=reported').set('Authorization', `Bearer ${mod}`).expect(200);
    expect(after.body.items.map((i: { id: string }) => i.id)).not.toContain(body.id);
    expect((await moderate(body.id, 'approve').expect(409)).body.message).toBe('The image is already approved and has no open reports');
  });

  it('quarantines out of the donor’s sight too, and deletes bytes for good', async () => {
    const { body } = await donate(await jpeg(), ['cup'], alice).expect(201);
    await moderate(body.id, 'quarantine').expect(200);
    await getImage(body.id, alice).expect(404);
    await t.http().get(new URL(body.rawUrl).pathname).expect(404);
    const file = await t.http().get(`/api/moderation/images/${body.id}/file`).set('Authorization', `Bearer ${mod}`).expect(200);
    expect(file.headers['cache-control']).toBe('private, no-store');
    await moderate(body.id, 'delete').expect(200);
    await moderate(body.id, 'approve').expect(409);
    await getImage(body.id, mod).expect(404);
  });

  it('moderates many images at once, each with its own result', async () => {
    const a = (await donate(await jpeg(), ['cup']).expect(201)).body.id;
    const b = (await donate(await jpeg(), ['cup']).expect(201)).body.id;
    await moderate(b, 'reject').expect(200);
    const missing = '00000000-0000-4000-8000-000000000000';
    const res = await t.http().post('/api/moderation/images').set('Authorization', `Bearer ${mod}`).send({ ids: [a, b, missing], action: 'reject' }).expect(200);
    expect(res.body.map((r: { result: string }) => r.result)).toEqual(['ok', 'conflict', 'not_found']);
    await t.http().post('/api/moderation/images').set('Authorization', `Bearer ${mod}`).send({ ids: ['nope'], action: 'reject' }).expect(400);
    await t.http().post('/api/moderation/images').set('Authorization', `Bearer ${mod}`).send({ ids: [a], action: 'burn' }).expect(400);
  });

  it('turns unknown labels into suggestions, and accepts, renames, merges and rejects them in bulk', async () => {
    const ids: string[] = [];
    for (const labels of [['fidget spinner', 'coffee thingy'], ['Fidget Spinner', 'coffee thingy'], ['zorblax']]) ids.push((await donate(await jpeg(), labels).expect(201)).body.id);
    const list = await t.http().get('/api/labels/suggestions').expect(200);
    const usage = Object.fromEntries(list.body.items.map((s: { name: string; usage: number }) => [s.name, s.usage]));
    expect(usage).toMatchObject({ 'fidget spinner': 2, zorblax: 1 });
    expect(list.body.items[0].usage).toBeGreaterThanOrEqual(list.body.items[list.body.items.length - 1].usage);
    await t.http().post('/api/labels/suggestions/accept').set('Authorization', `Bearer ${alice}`).send({ items: [{ suggestion: 'zorblax' }] }).expect(403);
    const accepted = await t.http()
      .post('/api/labels/suggestions/accept')
      .set('Authorization', `Bearer ${mod}`)
      .send({ items: [{ suggestion: 'fidget spinner', as: 'spinner toy' }, { suggestion: 'coffee thingy', mergeInto: 'cup' }, { suggestion: 'no such thing' }] })
      .expect(200);
    expect(accepted.body).toEqual([
      expect.objectContaining({ suggestion: 'fidget spinner', result: 'accepted', label: 'spinner toy', moved: 2 }),
      expect.objectContaining({ suggestion: 'coffee thingy', result: 'merged', label: 'cup', moved: 2 }),
      expect.objectContaining({ suggestion: 'no such thing', result: 'not_found' }),
    ]);
    const labels = (await getImage(ids[0], mod).expect(200)).body.labels.map((l: { name: string; suggestion: boolean }) => [l.name, l.suggestion]);
    expect(labels.sort()).toEqual([['cup', false], ['spinner toy', false]]);
    expect((await t.http().get('/api/labels?search=fidget').expect(200)).body[0]).toMatchObject({ name: 'spinner toy', matched: 'fidget spinner' });
    const rejected = await t.http().post('/api/labels/suggestions/reject').set('Authorization', `Bearer ${mod}`).send({ suggestions: ['zorblax'] }).expect(200);
    expect(rejected.body).toEqual([expect.objectContaining({ suggestion: 'zorblax', result: 'rejected', moved: 1 })]);
    expect((await getImage(ids[2], mod).expect(200)).body.labels).toEqual([]);
  });

  it('searches the vocabulary in any language and shows a label’s hierarchy and parts', async () => {
    const hund = await t.http().get('/api/labels?search=Hun&lang=de').expect(200);
    expect(hund.body.map((l: { name: string }) => l.name)).toContain('dog');
    const dog = await t.http().get('/api/labels/dog').expect(200);
    expect(dog.body.parent).toBeTruthy();
    expect(dog.body.parts).toEqual(expect.arrayContaining(['ear', 'tail']));
    expect(dog.body.terms).toEqual(expect.arrayContaining([{ language: 'de', term: 'Hund', role: 'name' }]));
    await t.http().get('/api/labels/no-such-label-anywhere').expect(404);
    const { body } = await donate(await jpeg(), ['dog'], alice).expect(201);
    const parts = await t.http().post(`/api/images/${body.id}/labels`).set('Authorization', `Bearer ${alice}`).send({ labels: [{ label: 'ear', of: 'dog' }] }).expect(201);
    expect(parts.body).toEqual(expect.arrayContaining([expect.objectContaining({ name: 'ear', parent: 'dog', suggestion: false })]));
    const notAPart = await t.http().post(`/api/images/${body.id}/labels`).set('Authorization', `Bearer ${alice}`).send({ labels: [{ label: 'wheel', of: 'dog' }] }).expect(400);
    expect(notAPart.body.message).toMatch(/not a part of "dog"/);
  });

  it('lets owners donate an existing upload', async () => {
    const token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${alice}`).send({ name: 'sx' }).expect(201)).body.secret;
    const up = await t.http().post('/api/upload').set('Authorization', token).set('Expires-At', '1h').attach('upload', await jpeg(), 'mine.jpg').expect(201);
    await t.http().post(`/api/uploads/${up.body.id}/donate`).set('Authorization', `Bearer ${bob}`).send({ consent: true }).expect(404);
    await t.http().post(`/api/uploads/${up.body.id}/donate`).set('Authorization', `Bearer ${alice}`).send({}).expect(400);
    const donated = await t.http().post(`/api/uploads/${up.body.id}/donate`).set('Authorization', `Bearer ${alice}`).send({ consent: true, labels: [{ label: 'cup' }] }).expect(201);
    expect(donated.body).toMatchObject({ id: up.body.id, state: 'pending' });
    await t.http().post(`/api/uploads/${up.body.id}/donate`).set('Authorization', `Bearer ${alice}`).send({ consent: true }).expect(409);
    const [{ expiresAt }] = await t.dataSource.query('SELECT "expiresAt" FROM images WHERE id = $1', [up.body.id]);
    expect(expiresAt).toBeNull();
  });
});

describe('dataset: limits', () => {
  it('refuses anonymous donations when turned off, and throttles anonymous floods with 429 and Retry-After', async () => {
    let t = await createTestApp({ 'dataset.anonymousDonations': false });
    try {
      const data = await sharp(await photo(60, 40, 7)).jpeg().toBuffer();
      const off = await t.http().post('/api/donations').field('consent', 'true').attach('image', data, 'a.jpg').expect(401);
      expect(off.body.message).toMatch(/Sign in to donate/);
      t = await t.restart({ 'dataset.anonymousDonations': true, 'dataset.anonymousDonationThrottle': { limit: 2, ttlSeconds: 600 } });
      for (let i = 0; i < 2; i++) {
        const img = await sharp(await photo(60, 40, 20 + i)).jpeg().toBuffer();
        await t.http().post('/api/donations').field('consent', 'true').attach('image', img, 'a.jpg').expect(201);
      }
      const flood = await t.http().post('/api/donations').field('consent', 'true').attach('image', data, 'a.jpg').expect(429);
      expect(Number(flood.headers['retry-after'])).toBeGreaterThan(0);
      expect(flood.body.message).toMatch(/Too many donations/);
      // Signed-in donors have their own, larger allowance.
      const token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${await loginAs(t)}`).send({ name: 'd' })).body.secret;
      await t.http().post('/api/donations').set('Authorization', token).field('consent', 'true').attach('image', data, 'a.jpg').expect(201);
    } finally {
      await t.close();
    }
  });
});
