import { randomUUID } from 'node:crypto';
import { EventEmitter2 } from '@nestjs/event-emitter';
import sharp from 'sharp';
import request from 'supertest';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { ADMIN, createTestApp, loginAs, type TestApp } from './utils/test-app.js';

type Agent = ReturnType<typeof request.agent>;
interface Rec {
  id: string;
  params: Record<string, any>;
}

/** The staff panel's moderation, label and webhook resources, driven through the panel's JSON API like its pages do. */
describe('staff panel: moderation, labels, webhooks', () => {
  let t: TestApp;
  let base: string;
  let admin: Agent;
  let mod: Agent;
  let modId: string;
  let modToken: string;
  let alice: string;
  let bob: string;
  const events: Array<{ name: string; payload: Record<string, unknown> }> = [];

  const post = (agent: Agent, path: string) => agent.post(path).set('Origin', base).type('form');
  const signIn = async (username: string, password: string) => {
    const agent = request.agent(base);
    await post(agent, '/admin/login').send({ email: username, password }).expect(302);
    return agent;
  };
  const api = () => request(base);
  let seed = 500;
  const jpeg = async (from?: Buffer) => sharp(from ?? (await photo(160, 120, seed++))).jpeg({ quality: 90 }).toBuffer();
  const donate = async (labels: string[], data?: Buffer, token?: string): Promise<string> => {
    const req = api().post('/api/donations');
    if (token) req.set('Authorization', `Bearer ${token}`);
    for (const label of labels) req.field('labels', label);
    return (await req.field('consent', 'true').attach('image', data ?? (await jpeg()), 'donation.jpg').expect(201)).body.id;
  };
  const list = async (agent: Agent, resource: string, query = ''): Promise<Rec[]> =>
    (await agent.get(`/admin/api/resources/${resource}/actions/list?perPage=100${query}`).expect(200)).body.records;
  const state = async (id: string) => (await t.dataSource.query('SELECT "datasetState" FROM images WHERE id = $1', [id]))[0]?.datasetState;

  beforeAll(async () => {
    t = await createTestApp({
      'admin.enabled': true,
      'auth.registration': 'open',
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'webhooks.dispatcher': false, // deliveries stay where the tests put them
      // Events are recorded only while a subscription could receive them.
      'webhooks.subscriptions': [{ name: 'audit', url: 'http://127.0.0.1:9/audit', secret: 'a-secret-of-at-least-16', events: ['image.*'] }],
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    const bus = t.app.get(EventEmitter2);
    for (const name of ['image.approved', 'image.rejected', 'image.quarantined']) bus.on(name, (payload: Record<string, unknown>) => events.push({ name, payload }));
    const adminToken = await loginAs(t);
    const register = async (username: string) => (await api().post('/api/auth/register').send({ username, password: 'password123' }).expect(201)).body;
    const moe = await register('moe');
    modId = moe.user.id;
    await api().patch(`/api/admin/users/${modId}`).set('Authorization', `Bearer ${adminToken}`).send({ role: 'moderator' }).expect(200);
    modToken = await loginAs(t, 'moe', 'password123');
    alice = (await register('alice')).accessToken;
    bob = (await register('bob')).accessToken;
    admin = await signIn(ADMIN.username, ADMIN.password);
    mod = await signIn('moe', 'password123');
  }, 240_000); // AdminJS takes seconds to import
  afterAll(() => t?.close());

  it("gives a moderator the donor's name only, in lists, shows and actions alike; an admin sees the account", async () => {
    const erin = (await api().post('/api/auth/register').send({ username: 'erin', password: 'password123', email: 'erin@example.org' }).expect(201)).body;
    const id = await donate(['dog'], undefined, erin.accessToken);
    const resource = '/admin/api/resources/moderation-queue';
    const answers = [
      (await mod.get(`${resource}/actions/list?perPage=100`).expect(200)).body.records.find((r: Rec) => r.id === id),
      (await mod.get(`${resource}/records/${id}/show`).expect(200)).body.record,
      (await mod.get(`${resource}/records/${id}/approve`).expect(200)).body.record,
      (await mod.get(`${resource}/bulk/bulkApprove?recordIds=${id}`).expect(200)).body.records[0],
    ];
    for (const answer of answers) expect(answer.populated.ownerId.params).toEqual({ id: erin.user.id, username: 'erin' });
    const full = (await admin.get(`${resource}/records/${id}/approve`).expect(200)).body.record;
    expect(full.populated.ownerId.params).toMatchObject({ username: 'erin', email: 'erin@example.org' });
    // Sorting or filtering by an unknown name is ignored; by an Object.prototype member, refused: never a 500.
    for (const query of ['sortBy=nothing', 'filters.nothing=x']) expect((await mod.get(`${resource}/actions/list?${query}`).expect(200)).body.records.map((r: Rec) => r.id)).toContain(id);
    for (const query of ['sortBy=constructor', 'sortBy=__proto__', 'filters.constructor=x', 'filters.toString~~from=x']) {
      const res = await mod.get(`${resource}/actions/list?${query}`);
      expect([query, res.status, res.body.message]).toEqual([query, 400, expect.stringMatching(/^No property \w+ to sort or filter by$/)]);
    }
  });

  it('a moderator opens the moderation queue, with thumbnails and labels, but is refused accounts and webhooks', async () => {
    const id = await donate(['dog', 'sparkly widget'], undefined, alice);
    const queue = await list(mod, 'moderation-queue');
    const item = queue.find((r) => r.id === id)!;
    expect(item.params).toMatchObject({ datasetState: 'pending', thumbnail: `/admin/media/${id}/thumb`, openReports: 0, nearDuplicates: 0 });
    expect(item.params.labels.split(', ').sort()).toEqual(['dog', 'sparkly widget']);
    expect(queue.every((r) => r.params.datasetState === 'pending')).toBe(true);
    const thumb = await mod.get(item.params.thumbnail).expect(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    for (const resource of ['users', 'api-tokens', 'invites', 'webhook-subscriptions', 'webhook-deliveries', 'dead-letters']) {
      await mod.get(`/admin/api/resources/${resource}/actions/list`).expect(403);
    }
    for (const resource of ['reports', 'near-duplicates', 'label-suggestions', 'label-pairs', 'gold-pairs', 'flagged-voters', 'validation-alerts']) await list(mod, resource);
  });

  it('bulk-approves through ModerationService: the state, an audit row and an outbox event per image', async () => {
    const ids = [await donate(['dog']), await donate(['cup'])];
    // The confirmation page loads the chosen records by GET; only the POST acts.
    await mod.get(`/admin/api/resources/moderation-queue/bulk/bulkApprove?recordIds=${ids.join(',')}`).expect(200);
    expect(await state(ids[0])).toBe('pending');
    const res = await post(mod, `/admin/api/resources/moderation-queue/bulk/bulkApprove?recordIds=${ids.join(',')}`).send({ reason: 'clear photos' }).expect(200);
    expect(res.body.notice).toEqual({ message: 'Approved 2 images', type: 'success' });
    for (const id of ids) {
      expect(await state(id)).toBe('approved');
      const audit = await t.dataSource.query('SELECT action, "actorId", "fromState", "toState", detail FROM image_audit WHERE "imageId" = $1 ORDER BY "createdAt"', [id]);
      expect(audit.at(-1)).toEqual({ action: 'approved', actorId: modId, fromState: 'pending', toState: 'approved', detail: 'clear photos' });
      const outbox = await t.dataSource.query(`SELECT payload FROM outbox_events WHERE type = 'image.approved' AND payload->>'imageId' = $1`, [id]);
      expect(outbox).toEqual([{ payload: expect.objectContaining({ imageId: id, status: 'approved', previousStatus: 'pending', actorName: 'moe', reason: 'clear photos' }) }]);
      expect(events).toContainEqual({ name: 'image.approved', payload: expect.objectContaining({ imageId: id, by: 'moe' }) });
    }
    const queue = await list(mod, 'moderation-queue');
    expect(queue.map((r) => r.id)).not.toEqual(expect.arrayContaining([ids[0]]));
    // Decided images have left the queue: acting on them there again finds nothing.
    await post(mod, `/admin/api/resources/moderation-queue/bulk/bulkApprove?recordIds=${ids.join(',')}`).expect(404);
    expect(await t.dataSource.query(`SELECT id FROM image_audit WHERE "imageId" = ANY($1) AND action = 'approved'`, [ids])).toHaveLength(2);
  });

  it('rejects and quarantines one image at a time, refusing a reason that is too long', async () => {
    const [a, b] = [await donate(['dog']), await donate(['dog'])];
    const long = await post(mod, `/admin/api/resources/moderation-queue/records/${a}/reject`).send({ reason: 'x'.repeat(501) }).expect(200);
    expect(long.body.notice).toEqual({ message: 'reason must be at most 500 characters', type: 'error' });
    expect(await state(a)).toBe('pending');
    const res = await post(mod, `/admin/api/resources/moderation-queue/records/${a}/reject`).send({ reason: 'blurry' }).expect(200);
    expect(res.body.notice).toEqual({ message: 'Rejected: the image is rejected', type: 'success' });
    expect(res.body.redirectUrl).toBe('/admin/resources/moderation-queue');
    await post(mod, `/admin/api/resources/moderation-queue/bulk/bulkQuarantine?recordIds=${b}`).expect(200);
    expect([await state(a), await state(b)]).toEqual(['rejected', 'quarantined']);
    expect(events.filter((e) => e.payload.imageId === b).map((e) => e.name)).toEqual(['image.quarantined']);
    const rows = await t.dataSource.query(`SELECT type FROM outbox_events WHERE payload->>'imageId' = ANY($1) AND type LIKE 'image.%' ORDER BY type`, [[a, b]]);
    expect(rows.map((r: { type: string }) => r.type)).toEqual(['image.quarantined', 'image.rejected']);
  });

  it('lists reports with the reported image, never the reporter key, and a decision closes them', async () => {
    const id = await donate(['cup']);
    await api().post(`/api/moderation/images/${id}`).set('Authorization', `Bearer ${modToken}`).send({ action: 'approve' }).expect(200);
    for (const who of [alice, bob, undefined]) {
      const req = api().post(`/api/images/${id}/reports`);
      if (who) req.set('Authorization', `Bearer ${who}`);
      await req.send({ reason: 'not a cup at all' }).expect(201);
    }
    const open = (await list(mod, 'reports', '&filters.open=true')).filter((r) => r.params.imageId === id);
    expect(open).toHaveLength(3);
    expect(open[0].params).toMatchObject({ reason: 'not a cup at all', imageState: 'approved', imageHidden: true, open: true, thumbnail: `/admin/media/${id}/thumb` });
    const keys: Array<{ reporterKey: string }> = await t.dataSource.query('SELECT "reporterKey" FROM image_reports WHERE "imageId" = $1', [id]);
    const text = JSON.stringify(open);
    for (const { reporterKey } of keys) expect(text).not.toContain(reporterKey);
    expect(text).not.toContain('reporterKey');

    await post(mod, `/admin/api/resources/reports/records/${open[0].id}/quarantine`).send({ reason: 'misleading' }).expect(200);
    expect(await state(id)).toBe('quarantined');
    expect((await list(mod, 'reports', '&filters.open=true')).filter((r) => r.params.imageId === id)).toEqual([]);
    expect((await list(mod, 'reports', '&filters.open=false')).filter((r) => r.params.imageId === id)).toHaveLength(3);
  });

  it('shows near-duplicates beside their closest earlier image', async () => {
    const original = await photo(320, 240, 4242);
    const first = await donate(['dog'], await jpeg(original));
    const near = await donate(['dog'], await sharp(original).resize(300, 225).modulate({ brightness: 1.03 }).jpeg({ quality: 70 }).toBuffer());
    const flagged = await list(mod, 'near-duplicates');
    expect(flagged.map((r) => r.id)).toContain(near);
    expect(flagged.map((r) => r.id)).not.toContain(first);
    const item = flagged.find((r) => r.id === near)!;
    expect(item.params).toMatchObject({ nearDuplicates: 1, closest: `/admin/media/${first}/thumb` });
    expect(item.params.closestDistance).toBeLessThanOrEqual(6);
    await post(mod, `/admin/api/resources/near-duplicates/records/${near}/reject`).send({ reason: 'duplicate' }).expect(200);
    expect(await state(near)).toBe('rejected');
    expect((await list(mod, 'near-duplicates')).map((r) => r.id)).not.toContain(near);
  });

  it('label suggestions: usage counts; accept renamed, merge in bulk, reject in bulk, through LabelsService', async () => {
    const spinnerImages = [await donate(['fidget spinner']), await donate(['Fidget Spinner', 'coffee thingy'])];
    const zorblax = await donate(['zorblax']);
    const open = await list(mod, 'label-suggestions', '&filters.state=open');
    const byName = (name: string) => open.find((r) => r.params.name.toLowerCase() === name)!;
    expect(byName('fidget spinner').params.usage).toBe(2);
    expect(byName('zorblax').params.usage).toBe(1);
    const usages = open.map((r) => r.params.usage);
    expect(usages).toEqual([...usages].sort((a, b) => b - a)); // most used first
    const ascending = (await list(mod, 'label-suggestions', '&filters.state=open&sortBy=usage&direction=asc')).map((r) => r.params.usage);
    expect(ascending).toEqual([...usages].reverse());
    expect(ascending[0]).toBeLessThan(ascending.at(-1));

    const accepted = await post(mod, `/admin/api/resources/label-suggestions/records/${byName('fidget spinner').id}/accept`).send({ as: 'spinner toy' }).expect(200);
    expect(accepted.body.notice).toMatchObject({ type: 'success', message: expect.stringMatching(/accepted as spinner toy/) });
    const pairs = await t.dataSource.query(
      `SELECT p."imageId" FROM image_labels p JOIN labels l ON l.id = p."labelId" WHERE l.name = 'spinner toy' ORDER BY p."imageId"`,
    );
    expect(pairs.map((p: { imageId: string }) => p.imageId)).toEqual([...spinnerImages].sort());
    const again = await post(mod, `/admin/api/resources/label-suggestions/records/${byName('fidget spinner').id}/accept`).expect(200);
    expect(again.body.notice).toEqual({ message: 'fidget spinner: already accepted', type: 'error' });

    const merged = await post(mod, `/admin/api/resources/label-suggestions/bulk/bulkAccept?recordIds=${byName('coffee thingy').id}`).send({ mergeInto: 'spinner toy' }).expect(200);
    expect(merged.body.notice.message).toBe('1 merged');
    const [{ n }] = await t.dataSource.query(`SELECT COUNT(*)::int AS n FROM label_terms t JOIN labels l ON l.id = t."labelId" WHERE l.name = 'spinner toy' AND t.term = 'coffee thingy'`);
    expect(n).toBe(1);

    const rejected = await post(mod, `/admin/api/resources/label-suggestions/bulk/bulkReject?recordIds=${byName('zorblax').id},${byName('fidget spinner').id}`).expect(200);
    expect(rejected.body.notice.message).toBe('1 rejected; 1 suggestion unchanged (fidget spinner: already accepted)');
    expect(await t.dataSource.query('SELECT id FROM image_labels WHERE "imageId" = $1', [zorblax])).toEqual([]);
    expect((await t.dataSource.query(`SELECT state FROM label_suggestions WHERE lower(name) = 'zorblax'`))[0].state).toBe('rejected');
  });

  it('gold pairs: chosen from the image labels, flipped and taken out again through VotingService.setGold', async () => {
    const id = await donate(['dog']);
    await api().post(`/api/moderation/images/${id}`).set('Authorization', `Bearer ${modToken}`).send({ action: 'approve' }).expect(200);
    const [pair] = (await api().get(`/api/images/${id}/labels`).expect(200)).body;
    await api().post(`/api/validation/${pair.id}/votes`).set('Authorization', `Bearer ${alice}`).send({ answer: 'yes' }).expect(200);
    const gold = async () => (await t.dataSource.query('SELECT gold FROM image_labels WHERE id = $1', [pair.id]))[0].gold;

    const pairs = await list(mod, 'label-pairs', `&filters.label=DOG&filters.imageId=${id}`);
    expect(pairs.map((r) => [r.id, r.params.label, r.params.yes, r.params.answer])).toEqual([[pair.id, 'dog', 1, null]]);
    expect(await list(mod, 'label-pairs', `&filters.label=cup&filters.imageId=${id}`)).toEqual([]);
    expect(await list(mod, 'gold-pairs')).toEqual([]);
    await post(mod, `/admin/api/resources/label-pairs/records/${pair.id}/markRight`).expect(200);
    expect(await gold()).toBe(true);
    expect((await list(mod, 'gold-pairs')).map((r) => [r.id, r.params.label, r.params.answer])).toEqual([[pair.id, 'dog', 'right']]);
    const flipped = await post(mod, `/admin/api/resources/gold-pairs/bulk/bulkMarkWrong?recordIds=${pair.id}`).expect(200);
    expect(flipped.body.notice.message).toBe('1 pair marked gold (wrong)');
    expect(await gold()).toBe(false);
    await post(mod, `/admin/api/resources/gold-pairs/records/${pair.id}/unmarkGold`).expect(200);
    expect(await gold()).toBeNull();
    expect(await list(mod, 'gold-pairs')).toEqual([]);
    // The API's gold route shares the service.
    await api().put(`/api/validation/pairs/${pair.id}/gold`).set('Authorization', `Bearer ${modToken}`).send({ answer: 'right' }).expect(204);
    expect((await list(mod, 'gold-pairs')).map((r) => r.id)).toEqual([pair.id]);
    await api().put(`/api/validation/pairs/${randomUUID()}/gold`).set('Authorization', `Bearer ${modToken}`).send({ answer: 'right' }).expect(404);

    // The reliability model's verdicts, as it would write them: only flagged voters are listed, anonymous keys never.
    const anonKey = 'a'.repeat(64);
    await t.dataSource.query(`INSERT INTO voters ("anonKey", flag, accuracy) VALUES ($1, 'adversarial', 0.1), ($2, 'trusted', 0.95)`, [anonKey, 'b'.repeat(64)]);
    const voters = await list(mod, 'flagged-voters');
    expect(voters.map((v) => [v.params.flag, v.params.anonymous])).toEqual([['adversarial', true]]);
    expect(JSON.stringify(voters)).not.toContain(anonKey);
  });

  it('validation alerts: listed open, resolved through VotingService one by one or in bulk', async () => {
    const rows: Array<{ id: string }> = await t.dataSource.query(
      `INSERT INTO validation_alerts (kind, detail) VALUES ('probability_swing', 'probability moved from 0.20 to 0.90 within 3600 s'),
              ('voter_collapse', 'accuracy fell from 0.90 to 0.30'), ('voter_collapse', 'accuracy fell from 0.80 to 0.20') RETURNING id`,
    );
    const ids = rows.map((r) => r.id);
    const openIds = async () => (await list(mod, 'validation-alerts', '&filters.open=true')).map((r) => r.id).sort();
    expect(await openIds()).toEqual([...ids].sort());
    expect((await mod.get('/admin/api/dashboard').expect(200)).body.moderation.alerts).toBe(3);
    await post(mod, `/admin/api/resources/validation-alerts/records/${ids[0]}/resolve`).expect(200);
    const again = await post(mod, `/admin/api/resources/validation-alerts/records/${ids[0]}/resolve`).expect(200);
    expect(again.body.notice).toEqual({ message: 'This alert is resolved already', type: 'error' });
    const bulk = await post(mod, `/admin/api/resources/validation-alerts/bulk/bulkResolve?recordIds=${ids.join(',')}`).expect(200);
    expect(bulk.body.notice.message).toBe('Resolved 2 alerts');
    expect(await openIds()).toEqual([]);
    expect((await list(mod, 'validation-alerts', '&filters.open=false')).map((r) => r.id).sort()).toEqual([...ids].sort());
    expect((await mod.get('/admin/api/dashboard').expect(200)).body.moderation.alerts).toBe(0);
  });

  it('the dashboard adds donations and votes per day, the moderation backlog and the top labels', async () => {
    const data = (await mod.get('/admin/api/dashboard').expect(200)).body;
    expect(data.donationsPerDay).toHaveLength(30);
    expect(data.votesPerDay).toHaveLength(30);
    const [today] = await t.dataSource.query(
      `SELECT (SELECT COUNT(*)::int FROM images WHERE "donatedAt" >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC') AS donations,
              (SELECT COUNT(*)::int FROM votes) AS votes,
              (SELECT COUNT(*)::int FROM images WHERE "datasetState" = 'pending') AS pending`,
    );
    expect(today.donations).toBeGreaterThan(5);
    expect(data.donationsPerDay.at(-1)).toEqual({ day: new Date().toISOString().slice(0, 10), count: today.donations });
    expect(data.votesPerDay.at(-1).count).toBe(1);
    expect(today.votes).toBe(1);
    expect(data.moderation.pending).toBe(today.pending);
    expect(data.moderation.suggestions).toBe((await t.dataSource.query(`SELECT COUNT(*)::int AS n FROM label_suggestions WHERE state = 'open'`))[0].n);
    const [top] = await t.dataSource.query(
      `SELECT l.name, COUNT(DISTINCT p."imageId")::int AS images FROM image_labels p JOIN labels l ON l.id = p."labelId" GROUP BY l.name ORDER BY images DESC, l.name LIMIT 1`,
    );
    expect(data.topLabels[0]).toEqual(top);
    expect(top.name).toBe('dog');
  });

  describe('webhooks (admins)', () => {
    let subscriptionId: string;

    it('creates a subscription through SubscriptionsService: the URL is sealed and the secret shown once', async () => {
      const res = await post(admin, '/admin/api/resources/webhook-subscriptions/actions/new')
        .send({ name: 'receiver', channel: 'webhook', url: 'http://127.0.0.1:9/hook?token=s3cret', events: 'image.*, upload.created' })
        .expect(200);
      expect(res.body.notice).toEqual({ message: 'Created receiver', type: 'success' });
      expect(res.body.secret.value).toMatch(/^ih_whsec_/);
      const [row] = await t.dataSource.query(`SELECT id, "urlSealed", events FROM webhook_subscriptions WHERE name = 'receiver'`);
      subscriptionId = row.id;
      expect(row.events).toEqual(['image.*', 'upload.created']);
      expect(row.urlSealed).not.toContain('s3cret');
      const listed = await admin.get('/admin/api/resources/webhook-subscriptions/actions/list').expect(200);
      expect(listed.text).not.toContain(row.urlSealed);
      expect(listed.text).not.toContain(res.body.secret.value);
      const bad = await post(admin, '/admin/api/resources/webhook-subscriptions/actions/new').send({ name: 'x', channel: 'webhook', url: 'http://127.0.0.1:9/', events: 'no.such.event' }).expect(200);
      expect(bad.body.notice.type).toBe('error');
      await post(mod, '/admin/api/resources/webhook-subscriptions/actions/new').send({ name: 'y', channel: 'webhook', url: 'http://127.0.0.1:9/', events: '*' }).expect(403);
    });

    it('sends a test event and disables a subscription', async () => {
      await post(admin, `/admin/api/resources/webhook-subscriptions/records/${subscriptionId}/test`).expect(200);
      const pings = await t.dataSource.query(`SELECT "targetSubscriptionId" FROM outbox_events WHERE type = 'webhook.ping'`);
      expect(pings).toEqual([{ targetSubscriptionId: subscriptionId }]);
      const res = await post(admin, `/admin/api/resources/webhook-subscriptions/records/${subscriptionId}/disable`).expect(200);
      expect(res.body.record.params.enabled).toBe(false);
    });

    it('lists dead letters and retries them through DeliveriesService; anything else is refused with its reason', async () => {
      // A delivery that gave up, as the dispatcher leaves it after its last failed attempt.
      const eventId = randomUUID();
      await t.dataSource.query(`INSERT INTO outbox_events (id, type, payload, "occurredAt", "dispatchedAt") VALUES ($1, 'upload.created', '{"imageId":"x"}', now(), now())`, [eventId]);
      const [{ id }] = await t.dataSource.query(
        `INSERT INTO webhook_deliveries ("eventId", "subscriptionId", status, attempts, "lastStatusCode", "lastError") VALUES ($1, $2, 'dead', 10, 500, 'HTTP 500') RETURNING id`,
        [eventId, subscriptionId],
      );
      const dead = await list(admin, 'dead-letters');
      expect(dead.map((d) => [d.id, d.params.eventType, d.params.status, d.params.attempts])).toEqual([[id, 'upload.created', 'dead', 10]]);
      const subscriptions = await list(admin, 'webhook-subscriptions');
      expect(subscriptions.find((s) => s.id === subscriptionId)!.params.dead).toBe(1);

      await admin.get(`/admin/api/resources/dead-letters/records/${id}/retry`).expect(200);
      expect((await t.dataSource.query('SELECT status FROM webhook_deliveries WHERE id = $1', [id]))[0].status).toBe('dead');
      const res = await post(admin, `/admin/api/resources/dead-letters/records/${id}/retry`).expect(200);
      expect(res.body.notice).toEqual({ message: 'The upload.created delivery is queued again', type: 'success' });
      expect((await t.dataSource.query('SELECT status, attempts FROM webhook_deliveries WHERE id = $1', [id]))[0]).toEqual({ status: 'pending', attempts: 0 });
      expect(await list(admin, 'dead-letters')).toEqual([]);
      const again = await post(admin, `/admin/api/resources/webhook-deliveries/records/${id}/retry`).expect(200);
      expect(again.body.notice).toEqual({ message: 'Only dead deliveries can be retried; this one is pending', type: 'error' });
      await post(mod, `/admin/api/resources/webhook-deliveries/records/${id}/retry`).expect(403);
    });

    it('deletes an API subscription through the service', async () => {
      await post(admin, `/admin/api/resources/webhook-subscriptions/records/${subscriptionId}/delete`).expect(200);
      expect(await t.dataSource.query('SELECT id FROM webhook_subscriptions WHERE id = $1', [subscriptionId])).toEqual([]);
    });
  });
});
