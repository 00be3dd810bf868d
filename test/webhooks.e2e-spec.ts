import { photo } from '../libs/imaging/testing/fixtures.js';
import { verifySignature } from '../libs/webhooks/index.js';
import { OutboxService, UnsafePayloadError } from '../src/webhooks/outbox.service.js';
import { matchesEvent } from '../src/webhooks/event-patterns.js';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher.service.js';
import { WebhooksRepository } from '../src/webhooks/webhooks.repository.js';
import { eventually, HttpStub, type StubRequest } from './utils/http-stub.js';
import { createTestApp, loginAs, type TestApp, testDatabaseKind } from './utils/test-app.js';

/** Fast retries for tests; each suite may override. */
const FAST = {
  'auth.registration': 'open',
  'server.publicUrl': 'https://img.example.test',
  'webhooks.dispatchIntervalMs': 50,
  'webhooks.backoffBaseMs': 100,
  'webhooks.backoffCapMs': 400,
  'webhooks.timeoutMs': 3000,
  'webhooks.maxAttempts': 4,
};

/** For tests that start applications: PGlite boots are slow on a busy machine. */
const SLOW = 300_000;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The id OutboxService.record returned where a subscription is enabled (null: nothing was recorded). */
function recorded(id: string | null): string {
  expect(id).toMatch(UUID);
  return id!;
}

async function subscribe(t: TestApp, session: string, body: object) {
  const res = await t.http().post('/api/admin/webhooks').set('Authorization', `Bearer ${session}`).send(body);
  if (res.status !== 201) throw new Error(`subscribe: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body as { id: string; secret?: string; url: string };
}

async function deliveries(t: TestApp, session: string, query: Record<string, string>) {
  const res = await t.http().get('/api/admin/webhooks/deliveries').query(query).set('Authorization', `Bearer ${session}`).expect(200);
  return res.body.items as Array<{ id: string; status: string; attempts: number; lastError: string | null; lastStatusCode: number | null; event: { id: string; type: string } }>;
}

describe('webhooks: Discord and signed HTTP webhooks from the outbox', () => {
  let t: TestApp;
  let admin: string;
  let discord: HttpStub;
  let receiver: HttpStub;
  const DISCORD_TOKEN = 'dIsCoRdToKeN-abcdefghijklmnopqrstuvwxyz0123456789';

  beforeAll(async () => {
    discord = await HttpStub.start();
    receiver = await HttpStub.start();
    t = await createTestApp({
      ...FAST,
      'webhooks.discordUrl': `${discord.url}/api/webhooks/1234567890/${DISCORD_TOKEN}`,
      plugins: ['./test/fixtures/plugins/relay.plugin.ts'],
    });
    admin = await loginAs(t);
  }, SLOW);
  afterAll(async () => {
    await t.close();
    await discord.close();
    await receiver.close();
  });

  const auth = (session: string) => ({ Authorization: `Bearer ${session}` });

  it('posts an upload to the configured Discord URL as an embed: thumbnail, uploader, size and links', async () => {
    const png = await photo(320, 240, 3);
    const token = (await t.http().post('/api/tokens').set(auth(admin)).send({ name: 'sx', scopes: ['upload'] }).expect(201)).body.secret;
    const up = await t.http().post('/api/upload').set('Authorization', token).attach('upload', png, 'shot.png').expect(201);
    const [request] = await discord.waitFor(1, (r) => r.json?.embeds?.[0]?.title === 'New upload');
    expect(request.method).toBe('POST');
    expect(request.path).toBe(`/api/webhooks/1234567890/${DISCORD_TOKEN}`);
    expect(request.headers['content-type']).toBe('application/json');
    expect(request.headers['x-imagehive-event-id']).toMatch(UUID);
    const message = request.json;
    expect(message.allowed_mentions).toEqual({ parse: [] });
    expect(message.username).toBe('Imagehive');
    const [embed] = message.embeds;
    expect(embed).toMatchObject({
      title: 'New upload',
      url: up.body.url,
      thumbnail: { url: up.body.thumbnailUrl },
      footer: { text: `upload.created · ${request.headers['x-imagehive-event-id']}` },
    });
    expect(Date.parse(embed.timestamp)).toBeGreaterThan(Date.now() - 60_000);
    const fields = Object.fromEntries(embed.fields.map((f: { name: string; value: string }) => [f.name, f.value]));
    expect(fields).toMatchObject({ Uploader: 'admin', Dimensions: '320×240', Type: up.body.mimeType });
    expect(fields.Size).toMatch(/^\d+(\.\d)? (bytes|KB|MB)$/);
    expect(fields.Links).toBe(`[View](${up.body.url}) · [Raw](${up.body.rawUrl})`);
    // The deletion link carries its own secret: it never reaches a webhook.
    expect(request.body).not.toContain(up.body.deletionUrl.split('/').pop());
    // A view-limited upload gets no thumbnail: Discord's preview would use up its views.
    const limited = await t.http().post('/api/upload').set('Authorization', token).set('Max-Views', '1').attach('upload', await photo(32, 24, 4), 'once.png').expect(201);
    const [second] = await discord.waitFor(1, (r) => r.json?.embeds?.[0]?.url === limited.body.url);
    expect(second.json.embeds[0].thumbnail).toBeUndefined();
    expect(second.body).not.toContain(`/i/${limited.body.slug}?`);
  });

  it('shows the configured subscription read-only, with the Discord token hidden', async () => {
    const list = await t.http().get('/api/admin/webhooks').set(auth(admin)).expect(200);
    const config = list.body.items.find((s: { name: string }) => s.name === 'config:discord');
    expect(config).toMatchObject({ channel: 'discord', source: 'config', events: ['*'], enabled: true, signed: false });
    expect(config.url).toBe(`${discord.url}/api/webhooks/1234567890/***`);
    expect(JSON.stringify(list.body)).not.toContain(DISCORD_TOKEN);
    expect((await t.http().patch(`/api/admin/webhooks/${config.id}`).set(auth(admin)).send({ enabled: false }).expect(409)).body.message).toMatch(/configuration/);
    await t.http().delete(`/api/admin/webhooks/${config.id}`).set(auth(admin)).expect(409);
    const rows = await t.dataSource.query('SELECT * FROM webhook_subscriptions');
    expect(JSON.stringify(rows)).not.toContain(DISCORD_TOKEN);
  });

  it('lists every event type with its payload schema, also in the OpenAPI document', async () => {
    const res = await t.http().get('/api/admin/webhooks/event-types').set(auth(admin)).expect(200);
    const types = res.body.map((e: { type: string }) => e.type);
    for (const type of ['upload.created', 'upload.deleted', 'donation.created', 'image.approved', 'image.rejected', 'image.quarantined',
      'image.reported', 'label.suggested', 'validation.alert', 'user.created', 'user.role_changed', 'token.created', 'token.revoked']) {
      expect(types).toContain(type);
    }
    const spec = (await t.http().get('/docs-json').expect(200)).body;
    for (const { schema } of res.body) expect(spec.components.schemas[schema.split('/').pop()]).toBeDefined();
    expect(spec.components.schemas.UploadCreatedPayload.required).toEqual(expect.arrayContaining(['imageId', 'slug', 'url', 'size']));
    await t.http().get('/api/admin/webhooks/event-types').expect(401);
  });

  it('signs every event it sends to a webhook; each verifies with the secret shown once, and none carries a secret', async () => {
    const sub = await subscribe(t, admin, { name: 'audit', channel: 'webhook', url: `${receiver.url}/hooks/in`, events: ['user.*', 'token.*', 'upload.*'] });
    expect(sub.secret).toMatch(/^ih_whsec_[A-Za-z0-9_-]{43}$/);
    const got = await t.http().get(`/api/admin/webhooks/${sub.id}`).set(auth(admin)).expect(200);
    expect(got.body).toMatchObject({ signed: true, source: 'api', url: `${receiver.url}/hooks/in` });
    expect(JSON.stringify(got.body)).not.toContain(sub.secret!);
    expect(JSON.stringify((await t.http().get('/api/admin/webhooks').set(auth(admin))).body)).not.toContain(sub.secret!);

    // One of each event wired today.
    const password = 'a-password-for-webhook-tests';
    const reg = await t.http().post('/api/auth/register').send({ username: 'hooked', password }).expect(201);
    await t.http().patch(`/api/admin/users/${reg.body.user.id}`).set(auth(admin)).send({ role: 'moderator' }).expect(200);
    const user = await loginAs(t, 'hooked', password); // the role change ended the old session
    const token = await t.http().post('/api/tokens').set(auth(user)).send({ name: 'laptop', scopes: ['upload', 'read'] }).expect(201);
    const up = await t.http().post('/api/upload').set('Authorization', token.body.secret).attach('upload', await photo(320, 240, 4), 'x.png').expect(201);
    await t.http().delete(`/api/uploads/${up.body.id}`).set('Authorization', token.body.secret).expect(204);
    await t.http().delete(`/api/tokens/${token.body.id}`).set(auth(user)).expect(204);

    const types = ['user.created', 'user.role_changed', 'token.created', 'upload.created', 'upload.deleted', 'token.revoked'];
    const requests = await receiver.waitFor(6, (r) => r.path === '/hooks/in');
    const byType = Object.fromEntries(requests.map((r) => [r.json.type, r]));
    expect(Object.keys(byType).sort()).toEqual([...types].sort());
    for (const r of requests) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['user-agent']).toMatch(/^Imagehive\//);
      expect(r.headers['x-imagehive-event-id']).toBe(r.json.id);
      expect(r.headers['x-imagehive-event-type']).toBe(r.json.type);
      expect(Object.keys(r.json).sort()).toEqual(['data', 'id', 'occurredAt', 'type']);
      expect(verifySignature(r.headers['x-imagehive-signature'] as string, r.body, sub.secret!)).toEqual({ ok: true, timestamp: expect.any(Number) });
      expect(verifySignature(r.headers['x-imagehive-signature'] as string, r.body, 'ih_whsec_wrong').ok).toBe(false);
      for (const secret of [password, token.body.secret, sub.secret!, up.body.deletionUrl.split('/').pop()]) expect(r.body).not.toContain(secret);
      expect(r.body).not.toMatch(/password|secretHash|ih_(api|del|whsec)_/i);
    }
    const userId = reg.body.user.id;
    const [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'admin'`);
    expect(byType['user.created'].json.data).toEqual({ userId, username: 'hooked', role: 'user', via: 'registration' });
    expect(byType['user.role_changed'].json.data).toEqual({ userId, username: 'hooked', from: 'user', to: 'moderator', actorId: adminId, actorName: 'admin' });
    expect(byType['token.created'].json.data).toEqual({ tokenId: token.body.id, userId, username: 'hooked', name: 'laptop', scopes: ['upload', 'read'], expiresAt: null });
    expect(byType['token.revoked'].json.data).toEqual({ tokenId: token.body.id, userId, username: 'hooked', name: 'laptop' });
    expect(byType['upload.created'].json.data).toEqual({
      imageId: up.body.id, slug: up.body.slug, ownerId: userId, ownerName: 'hooked', url: up.body.url, rawUrl: up.body.rawUrl,
      thumbnailUrl: up.body.thumbnailUrl, size: up.body.size, mimeType: up.body.mimeType, width: 320, height: 240,
      compressed: up.body.compressed, expiresAt: null,
    });
    expect(byType['upload.deleted'].json.data).toEqual({ imageId: up.body.id, slug: up.body.slug, ownerId: userId, by: 'owner', actorId: userId });
    // Nothing secret is stored in the outbox either.
    const stored = JSON.stringify(await t.dataSource.query('SELECT * FROM outbox_events'));
    for (const secret of [password, token.body.secret, sub.secret!]) expect(stored).not.toContain(secret);
    const rows = await t.dataSource.query('SELECT * FROM webhook_subscriptions');
    expect(JSON.stringify(rows)).not.toContain(sub.secret!);
    // The URL is sealed too (it can be a credential); only the redacted displayUrl is readable.
    for (const row of rows) expect([row.urlSealed, row.secretSealed ?? 'v1.']).toEqual([expect.stringMatching(/^v1\./), expect.stringMatching(/^v1\./)]);
  });

  it('records the event in the transaction of the change: nothing when it rolls back, never a secret', async () => {
    const outbox = t.app.get(OutboxService);
    const before = Number((await t.dataSource.query('SELECT count(*) AS n FROM outbox_events'))[0].n);
    await expect(
      t.dataSource.transaction(async (manager) => {
        await outbox.record(manager, 'label.suggested', { suggestionId: crypto.randomUUID(), label: 'cat', imageId: null, userId: null, userName: null });
        throw new Error('the change failed');
      }),
    ).rejects.toThrow('the change failed');
    // A registration that fails on the unique name records no user.created.
    await t.http().post('/api/auth/register').send({ username: 'hooked', password: 'another-password' }).expect(409);
    expect(Number((await t.dataSource.query('SELECT count(*) AS n FROM outbox_events'))[0].n)).toBe(before);
    await expect(
      t.dataSource.transaction((m) => outbox.record(m, 'user.created', { userId: 'x', username: 'y', role: 'user', via: 'admin', password: 'hunter2' } as never)),
    ).rejects.toThrow(UnsafePayloadError);
    await expect(
      t.dataSource.transaction((m) =>
        outbox.record(m, 'image.reported', { reportId: 'r', imageId: 'i', reporterId: null, reporterName: null, reason: 'other', comment: `see ih_api_${'A'.repeat(43)}` }),
      ),
    ).rejects.toThrow(/looks like a secret/);
  });

  it('retries a 500 with backoff, same event id each time, until delivered', async () => {
    const stub = await HttpStub.start((_, i) => (i < 2 ? { status: 500, body: 'boom' } : { status: 200 }));
    try {
      const sub = await subscribe(t, admin, { name: 'flaky', channel: 'webhook', url: `${stub.url}/flaky`, events: ['label.suggested'] });
      const eventId = recorded(
        await t.dataSource.transaction((m) =>
          t.app.get(OutboxService).record(m, 'label.suggested', { suggestionId: crypto.randomUUID(), label: 'dog', imageId: null, userId: null, userName: null }),
        ),
      );
      const requests = await stub.waitFor(3);
      expect(new Set(requests.map((r) => r.json.id))).toEqual(new Set([eventId]));
      expect(new Set(requests.map((r) => r.headers['x-imagehive-event-id']))).toEqual(new Set([eventId]));
      // Backoff 100 ms base with equal jitter: at least 50 ms, then at least 100 ms.
      expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(45);
      expect(requests[2].at - requests[1].at).toBeGreaterThanOrEqual(95);
      // Every attempt is signed afresh and verifies.
      for (const r of requests) expect(verifySignature(r.headers['x-imagehive-signature'] as string, r.body, sub.secret!).ok).toBe(true);
      const [delivery] = await eventually(async () => {
        const list = await deliveries(t, admin, { eventId, subscriptionId: sub.id });
        expect(list[0].status).toBe('delivered');
        return list;
      });
      expect(delivery).toMatchObject({ attempts: 3, lastStatusCode: 200, lastError: null, event: { id: eventId, type: 'label.suggested' } });
      await new Promise((r) => setTimeout(r, 300));
      expect(stub.requests).toHaveLength(3);
    } finally {
      await stub.close();
    }
  });

  it('honours Discord’s 429 retry_after, and holds the subscription’s other messages meanwhile', async () => {
    const stub = await HttpStub.start((_, i) =>
      i === 0 ? { status: 429, body: { message: 'You are being rate limited.', retry_after: 0.7, global: false }, headers: { 'retry-after': '1' } } : { status: 204 },
    );
    try {
      const sub = await subscribe(t, admin, { name: 'discord-2', channel: 'discord', url: `${stub.url}/api/webhooks/1/abc`, events: ['label.suggested'], options: { username: 'Hive' } });
      expect(sub.secret).toBeUndefined();
      const outbox = t.app.get(OutboxService);
      await t.dataSource.transaction(async (m) => {
        for (const label of ['a', 'b']) await outbox.record(m, 'label.suggested', { suggestionId: crypto.randomUUID(), label, imageId: null, userId: null, userName: 'x' });
      });
      const requests = await stub.waitFor(3);
      expect(requests[0].json.username).toBe('Hive');
      // retry_after (0.7 s) is honoured, for the limited message and the one held behind it.
      expect(requests[1].at - requests[0].at).toBeGreaterThanOrEqual(690);
      expect(requests[2].at - requests[0].at).toBeGreaterThanOrEqual(690);
      const labels = requests.map((r) => r.json.embeds[0].fields.find((f: { name: string }) => f.name === 'Label').value);
      expect(labels.slice(1).sort()).toEqual(['a', 'b']);
    } finally {
      await stub.close();
    }
  });

  it('dead-letters after maxAttempts (or at once on a 4xx), lists the dead letters, and retries them on request', async () => {
    let healthy = false;
    const stub = await HttpStub.start((r) => (healthy ? { status: 204 } : r.path === '/gone' ? { status: 404, body: 'no such hook' } : { status: 503 }));
    try {
      const down = await subscribe(t, admin, { name: 'down', channel: 'webhook', url: `${stub.url}/down`, events: ['image.reported'] });
      const gone = await subscribe(t, admin, { name: 'gone', channel: 'webhook', url: `${stub.url}/gone`, events: ['image.reported'] });
      const eventId = recorded(
        await t.dataSource.transaction((m) =>
          t.app.get(OutboxService).record(m, 'image.reported', { reportId: crypto.randomUUID(), imageId: crypto.randomUUID(), reporterId: null, reporterName: null, reason: 'spam', comment: null }),
        ),
      );
      const dead = await eventually(async () => {
        const list = await deliveries(t, admin, { status: 'dead', eventId });
        expect(list).toHaveLength(2);
        return list;
      });
      const bySub = (id: string) => dead.find((d) => (d as unknown as { subscriptionId: string }).subscriptionId === id)!;
      expect(bySub(down.id)).toMatchObject({ attempts: 4, lastStatusCode: 503, lastError: 'HTTP 503' });
      expect(bySub(gone.id)).toMatchObject({ attempts: 1, lastStatusCode: 404, lastError: 'HTTP 404: no such hook' });
      expect(stub.requests.filter((r) => r.path === '/down')).toHaveLength(4);
      const listed = await t.http().get(`/api/admin/webhooks/${down.id}`).set(auth(admin)).expect(200);
      expect(listed.body).toMatchObject({ dead: 1, pending: 0 });

      healthy = true;
      await t.http().post(`/api/admin/webhooks/deliveries/${bySub(down.id).id}/retry`).set(auth(admin)).expect(200, { retried: [bySub(down.id).id] });
      const all = await t.http().post(`/api/admin/webhooks/${gone.id}/retry-dead`).set(auth(admin)).expect(200);
      expect(all.body.retried).toEqual([bySub(gone.id).id]);
      for (const sub of [down, gone]) {
        await eventually(async () => expect((await deliveries(t, admin, { eventId, subscriptionId: sub.id })).map((d) => d.status)).toEqual(['delivered']));
      }
      expect((await t.http().post(`/api/admin/webhooks/deliveries/${bySub(down.id).id}/retry`).set(auth(admin)).expect(409)).body.message).toMatch(/delivered/);
      await t.http().post(`/api/admin/webhooks/deliveries/${crypto.randomUUID()}/retry`).set(auth(admin)).expect(404);
    } finally {
      await stub.close();
    }
  });

  it('manages subscriptions: validation, rename, rotate, disable pauses, test ping, delete; admins only', async () => {
    const stub = await HttpStub.start();
    try {
      const bad = (body: object) => t.http().post('/api/admin/webhooks').set(auth(admin)).send(body).expect(400);
      expect((await bad({ name: 'x', channel: 'carrier-pigeon', url: stub.url, events: ['*'] })).body.message).toMatch(/unknown channel "carrier-pigeon"; available: discord, relay, webhook/);
      expect((await bad({ name: 'x', channel: 'webhook', url: 'ftp://example.com/', events: ['*'] })).body.message).toMatch(/http or https/);
      expect((await bad({ name: 'x', channel: 'webhook', url: stub.url, events: ['upload.crated'] })).body.message).toMatch(/unknown event type.*upload.crated/);
      expect((await bad({ name: 'x', channel: 'discord', url: stub.url, events: ['*'], secret: 'a-secret-of-16-chars' })).body.message).toMatch(/does not sign/);
      expect((await bad({ name: 'config:x', channel: 'webhook', url: stub.url, events: ['*'] })).body.message.toString()).toMatch(/name/);
      await t.http().post('/api/admin/webhooks').set(auth(admin)).send({ name: 'audit', channel: 'webhook', url: stub.url, events: ['*'] }).expect(409);

      const sub = await subscribe(t, admin, { name: 'managed', channel: 'webhook', url: `${stub.url}/m`, events: ['image.*'], secret: 'my-own-secret-0123456789' });
      expect(sub.secret).toBe('my-own-secret-0123456789');
      const rotated = await t.http().patch(`/api/admin/webhooks/${sub.id}`).set(auth(admin)).send({ rotateSecret: true, name: 'managed-2' }).expect(200);
      expect(rotated.body).toMatchObject({ name: 'managed-2', signed: true, secret: expect.stringMatching(/^ih_whsec_/) });
      const plain = await t.http().patch(`/api/admin/webhooks/${sub.id}`).set(auth(admin)).send({ events: ['image.approved'] }).expect(200);
      expect(plain.body.secret).toBeUndefined();

      const ping = await t.http().post(`/api/admin/webhooks/${sub.id}/test`).set(auth(admin)).expect(201);
      const [request] = await stub.waitFor(1);
      expect(request.json).toMatchObject({ id: ping.body.eventId, type: 'webhook.ping', data: { subscriptionId: sub.id, subscriptionName: 'managed-2', requestedBy: 'admin' } });
      expect(verifySignature(request.headers['x-imagehive-signature'] as string, request.body, rotated.body.secret).ok).toBe(true);

      // Disabled: new events are not fanned out to it; re-enabled: it gets the ones after.
      await t.http().patch(`/api/admin/webhooks/${sub.id}`).set(auth(admin)).send({ enabled: false }).expect(200);
      const record = (type: 'image.approved') =>
        t.dataSource.transaction((m) => t.app.get(OutboxService).record(m, type, { imageId: crypto.randomUUID(), status: 'approved', previousStatus: 'pending', actorId: null, actorName: null, reason: null }));
      await record('image.approved');
      await new Promise((r) => setTimeout(r, 300));
      expect(stub.requests).toHaveLength(1);
      await t.http().patch(`/api/admin/webhooks/${sub.id}`).set(auth(admin)).send({ enabled: true }).expect(200);
      await record('image.approved');
      await stub.waitFor(2);

      const reg = await t.http().post('/api/auth/register').send({ username: 'nosy', password: 'password123' }).expect(201);
      await t.http().get('/api/admin/webhooks').set(auth(reg.body.accessToken)).expect(403);
      await t.http().get('/api/admin/webhooks/deliveries').set(auth(reg.body.accessToken)).expect(403);
      await t.http().delete(`/api/admin/webhooks/${sub.id}`).set(auth(admin)).expect(204);
      await t.http().get(`/api/admin/webhooks/${sub.id}`).set(auth(admin)).expect(404);
      expect(await deliveries(t, admin, { subscriptionId: sub.id })).toEqual([]);
    } finally {
      await stub.close();
    }
  });

  it('delivers through a channel a plugin registered, with the same retries', async () => {
    const stub = await HttpStub.start((_, i) => ({ status: i === 0 ? 502 : 200 }));
    try {
      await subscribe(t, admin, { name: 'relayed', channel: 'relay', url: `${stub.url}/relay`, events: ['token.*'], options: { prefix: '> ' } });
      const token = await t.http().post('/api/tokens').set(auth(admin)).send({ name: 'r' }).expect(201);
      const requests = await stub.waitFor(2);
      const [{ id }] = await t.dataSource.query(`SELECT id FROM outbox_events WHERE payload->>'tokenId' = $1`, [token.body.id]);
      expect(requests.map((r) => r.body)).toEqual([`> token.created ${id} #1`, `> token.created ${id} #2`]);
      const list = await t.http().get('/api/plugins').set(auth(admin)).expect(200);
      expect(list.body.notificationChannels).toContainEqual({ name: 'relay', plugin: 'test-relay' });
    } finally {
      await stub.close();
    }
  });
});

describe('webhooks: durability and concurrency', () => {
  const outboxRecord = async (t: TestApp, label: string) =>
    recorded(
      await t.dataSource.transaction((m) =>
        t.app.get(OutboxService).record(m, 'label.suggested', { suggestionId: crypto.randomUUID(), label, imageId: null, userId: null, userName: null }),
      ),
    );

  it('records no event while no subscription could receive it; a disabled one still gets its ping', async () => {
    const stub = await HttpStub.start();
    const t = await createTestApp(FAST);
    // Events from before the test (the first admin's) are not this test's.
    const since = await t.dataSource.query('SELECT now() AS at').then((rows) => rows[0].at as Date);
    const recordedSince = () => t.dataSource.query('SELECT id, type FROM outbox_events WHERE "occurredAt" >= $1 ORDER BY "occurredAt"', [since]);
    try {
      const admin = await loginAs(t);
      const token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${admin}`).send({ name: 'sx', scopes: ['upload'] }).expect(201)).body.secret;
      const upload = async (seed: number) => t.http().post('/api/upload').set('Authorization', token).attach('upload', await photo(64, 48, seed), 'shot.png').expect(201);
      await upload(1);
      expect(await recordedSince()).toEqual([]);

      const sub = await subscribe(t, admin, { name: 'later', channel: 'webhook', url: `${stub.url}/later`, events: ['upload.*'] });
      await t.http().patch(`/api/admin/webhooks/${sub.id}`).set('Authorization', `Bearer ${admin}`).send({ enabled: false }).expect(200);
      await upload(2);
      expect(await recordedSince()).toEqual([]);
      // A ping names its subscription: recorded even while that one is disabled.
      const ping = await t.http().post(`/api/admin/webhooks/${sub.id}/test`).set('Authorization', `Bearer ${admin}`).expect(201);
      expect(await recordedSince()).toEqual([{ id: ping.body.eventId, type: 'webhook.ping' }]);

      await t.http().patch(`/api/admin/webhooks/${sub.id}`).set('Authorization', `Bearer ${admin}`).send({ enabled: true }).expect(200);
      const third = await upload(3);
      const [request] = await stub.waitFor(1, (r) => r.json?.type === 'upload.created');
      expect(request.json.data).toMatchObject({ slug: third.body.slug });
      expect((await recordedSince()).map((e: { type: string }) => e.type)).toEqual(['webhook.ping', 'upload.created']);
    } finally {
      await t.close();
      await stub.close();
    }
  }, SLOW);

  it('survives a restart in the middle of a retry, and resends what a shutdown interrupted', async () => {
    let mode: 'fail' | 'hang' | 'ok' = 'fail';
    const stub = await HttpStub.start(() => (mode === 'fail' ? { status: 500 } : mode === 'hang' ? { hang: true } : { status: 200 }));
    let t = await createTestApp({ ...FAST, 'webhooks.backoffBaseMs': 4000, 'webhooks.backoffCapMs': 4000 });
    const row = async (eventId: string) =>
      (await t.dataSource.query('SELECT status, attempts, "lastStatusCode" FROM webhook_deliveries WHERE "eventId" = $1', [eventId]))[0];
    try {
      const admin = await loginAs(t);
      await subscribe(t, admin, { name: 'durable', channel: 'webhook', url: `${stub.url}/d`, events: ['label.suggested'] });
      const first = await outboxRecord(t, 'one');
      // Failed once; the next attempt is 2-4 s away. Restart in between: the new instance must send it.
      await eventually(async () => expect(await row(first)).toEqual({ status: 'pending', attempts: 1, lastStatusCode: 500 }));
      mode = 'ok';
      t = await t.restart();
      const requests = await stub.waitFor(2);
      expect(requests.map((r) => r.json.id)).toEqual([first, first]);
      await eventually(async () => expect(await row(first)).toEqual({ status: 'delivered', attempts: 2, lastStatusCode: 200 }));

      // In flight when the server stops: handed back uncounted, sent again after the restart.
      mode = 'hang';
      const second = await outboxRecord(t, 'two');
      await stub.waitFor(1, (r) => r.json.id === second);
      expect(await row(second)).toMatchObject({ status: 'sending', attempts: 1 });
      mode = 'ok';
      t = await t.restart();
      await stub.waitFor(2, (r) => r.json.id === second);
      await eventually(async () => expect(await row(second)).toEqual({ status: 'delivered', attempts: 1, lastStatusCode: 200 }));
      const session = await loginAs(t);

      // A dispatcher that died mid-send (its lease ran out) is taken over.
      const third = await outboxRecord(t, 'three');
      await stub.waitFor(1, (r) => r.json.id === third);
      await eventually(async () => expect((await deliveries(t, session, { eventId: third }))[0].status).toBe('delivered'));
      await t.dataSource.query(
        `UPDATE webhook_deliveries SET status = 'sending', "claimToken" = gen_random_uuid(), "leaseExpiresAt" = now() - interval '1 second'
          WHERE "eventId" = $1`,
        [third],
      );
      await stub.waitFor(2, (r) => r.json.id === third);
      await eventually(async () => expect((await deliveries(t, session, { eventId: third }))[0]).toMatchObject({ status: 'delivered', attempts: 2 }));
    } finally {
      await t.close();
      await stub.close();
    }
  }, SLOW);

  it('never sends one delivery twice from two dispatchers on one database', async () => {
    const seen = new Map<string, number>();
    const stub = await HttpStub.start((r: StubRequest) => {
      seen.set(r.json.id, (seen.get(r.json.id) ?? 0) + 1);
      return { status: 200, delayMs: 15 };
    });
    const t = await createTestApp({ ...FAST, 'webhooks.concurrency': 4, 'webhooks.batchSize': 5 });
    // PostgreSQL: a second server instance on the same database. PGlite (one process): a second loop in this one.
    const second = testDatabaseKind() === 'postgres' ? await t.twin() : null;
    if (!second) t.app.get(WebhookDispatcher).createLoop().start();
    try {
      const admin = await loginAs(t);
      // Several subscriptions, so both dispatchers have parallel work to compete for.
      for (const n of [1, 2, 3]) await subscribe(t, admin, { name: `race-${n}`, channel: 'webhook', url: `${stub.url}/race/${n}`, events: ['label.suggested'] });
      const ids: string[] = [];
      const t0 = Date.now();
      for (let i = 0; i < 30; i++) ids.push(await outboxRecord(i % 2 && second ? second : t, `l${i}`));
      const t1 = Date.now();
      await stub.waitFor(90);
      if (process.env.WH_DEBUG) console.log('record', t1 - t0, 'deliver', Date.now() - t1);
      await new Promise((r) => setTimeout(r, 500));
      expect(stub.requests).toHaveLength(90);
      for (const n of [1, 2, 3]) {
        const got = stub.requests.filter((r) => r.path === `/race/${n}`).map((r) => r.json.id);
        expect(new Set(got).size).toBe(30);
        expect(got).toHaveLength(30);
      }
      expect(new Set(ids)).toEqual(new Set(seen.keys()));
      const rows = await t.dataSource.query(`SELECT status, attempts FROM webhook_deliveries d JOIN outbox_events e ON e.id = d."eventId" WHERE e.type = 'label.suggested'`);
      expect(rows).toHaveLength(90);
      expect(rows.every((r: { status: string; attempts: number }) => r.status === 'delivered' && r.attempts === 1)).toBe(true);
    } finally {
      await second?.close();
      await t.close();
      await stub.close();
    }
  }, SLOW);
});

describe('webhooks: claims and configuration', () => {
  let t: TestApp;
  let second: TestApp | null = null;
  const ci = { name: 'ci', channel: 'webhook', url: 'http://127.0.0.1:9/ci', secret: 'a-secret-of-at-least-16', events: ['upload.*'] };

  // No dispatcher loop: the claims below are the only ones.
  beforeAll(async () => {
    t = await createTestApp({ ...FAST, 'webhooks.dispatcher': false, 'webhooks.subscriptions': [ci] });
    // Open for the whole block (see twin()): PostgreSQL has a second instance, PGlite is one process's.
    if (testDatabaseKind() === 'postgres') second = await t.twin();
  }, SLOW);
  afterAll(async () => {
    await second?.close();
    await t.close();
  });

  it('claims each due delivery exactly once when many claimers race (FOR UPDATE SKIP LOCKED)', async () => {
    const admin = await loginAs(t);
    await subscribe(t, admin, { name: 'nowhere', channel: 'webhook', url: 'http://127.0.0.1:9/never', events: ['label.suggested'] });
    const outbox = t.app.get(OutboxService);
    await t.dataSource.transaction(async (m) => {
      for (let i = 0; i < 40; i++) await outbox.record(m, 'label.suggested', { suggestionId: crypto.randomUUID(), label: `l${i}`, imageId: null, userId: null, userName: null });
    });
    const repos = [t, second ?? t].map((a) => a.app.get(WebhooksRepository));
    // Two instances fanning out at once: each event becomes one delivery.
    await Promise.all(repos.map((r) => r.fanOut(200, matchesEvent)));
    const claims = await Promise.all(Array.from({ length: 64 }, (_, i) => repos[i % 2].claim(crypto.randomUUID(), 60_000, [])));
    const claimed = claims.filter((c) => c !== null).map((c) => c!.id);
    expect(claimed).toHaveLength(40);
    expect(new Set(claimed).size).toBe(40);
    const rows = await t.dataSource.query(`SELECT status, attempts, count(*)::int AS n FROM webhook_deliveries GROUP BY status, attempts`);
    expect(rows).toEqual([{ status: 'sending', attempts: 1, n: 40 }]);
    // Leased: nobody can claim them again until the lease runs out.
    expect(await repos[0].claim(crypto.randomUUID(), 60_000, [])).toBeNull();
  }, SLOW);

  it('prunes delivered events after the retention, keeping dead letters and anything recent', async () => {
    // The 40 deliveries claimed above: 30 delivered long ago, 5 delivered now, 5 dead long ago.
    const ids: string[] = (await t.dataSource.query(`SELECT id FROM webhook_deliveries ORDER BY id`)).map((r: { id: string }) => r.id);
    expect(ids).toHaveLength(40);
    const set = (sql: string, slice: string[]) => t.dataSource.query(`UPDATE webhook_deliveries SET ${sql} WHERE id = ANY($1::uuid[])`, [slice]);
    await set(`status = 'delivered', "deliveredAt" = now() - interval '20 days'`, ids.slice(0, 30));
    await set(`status = 'delivered', "deliveredAt" = now()`, ids.slice(30, 35));
    await set(`status = 'dead', "updatedAt" = now() - interval '20 days'`, ids.slice(35));
    await t.dataSource.query(`UPDATE outbox_events SET "dispatchedAt" = now() - interval '20 days'`);
    await t.app.get(WebhooksRepository).prune(14);
    const left = await t.dataSource.query(`SELECT status, count(*)::int AS n FROM webhook_deliveries GROUP BY status ORDER BY status`);
    expect(left).toEqual([{ status: 'dead', n: 5 }, { status: 'delivered', n: 5 }]);
    const events = await t.dataSource.query(`SELECT count(*)::int AS n FROM outbox_events e WHERE NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d."eventId" = e.id)`);
    expect(events).toEqual([{ n: 0 }]);
  }, SLOW);

  it('mirrors the configured subscriptions at every start: added, changed, removed; a bad one stops the start', async () => {
    const configured = async () => {
      const res = await t.http().get('/api/admin/webhooks').set('Authorization', `Bearer ${await loginAs(t)}`).expect(200);
      return res.body.items.filter((s: { source: string }) => s.source === 'config');
    };
    const [first] = await configured();
    expect(first).toMatchObject({ name: 'config:ci', channel: 'webhook', source: 'config', signed: true, events: ['upload.*'], url: 'http://127.0.0.1:9/ci' });
    t = await t.restart({ 'webhooks.subscriptions': [{ ...ci, events: ['*'] }, { name: 'chat', channel: 'discord', url: 'http://127.0.0.1:9/api/webhooks/1/tok' }] });
    const second = await configured();
    expect(second.map((s: { name: string }) => s.name)).toEqual(['config:ci', 'config:chat']);
    expect(second[0]).toMatchObject({ id: first.id, events: ['*'] });
    expect(second[1]).toMatchObject({ channel: 'discord', events: ['*'], signed: false, url: 'http://127.0.0.1:9/api/webhooks/1/***' });
    t = await t.restart({ 'webhooks.subscriptions': [] });
    expect(await configured()).toEqual([]);
    await expect(t.restart({ 'webhooks.subscriptions': [{ ...ci, secret: undefined }] })).rejects.toThrow(/needs a secret/);
  }, SLOW);
});

describe('webhooks: the server as a process logs no secret', () => {
  it('keeps Discord tokens, signing secrets, API tokens and passwords out of its logs, at debug level', async () => {
    const { mkdtempSync, rmSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { createDatabase } = await import('./utils/databases.js');
    const { spawnServer, waitForHealthy } = await import('./utils/server-process.js');
    const discord = await HttpStub.start((_, i) => (i === 0 ? { status: 429, body: { retry_after: 0.05, global: false } } : { status: 204 }));
    const receiver = await HttpStub.start(() => ({ status: 500, body: 'receiver down' }));
    const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-webhook-logs-'));
    const database = testDatabaseKind() === 'postgres' ? await createDatabase() : undefined;
    const discordToken = 'SeCrEtDiScOrDtOkEn_0123456789abcdefghijklmnopqrstuvwxyz';
    const adminPassword = 'admin-password-never-logged';
    const server = await spawnServer({
      IMAGEHIVE_DATA_DIR: dataDir,
      ...(database ? { DATABASE_URL: database.url } : {}),
      LOG_LEVEL: 'debug',
      IMAGEHIVE_ADMIN_PASSWORD: adminPassword,
      IMAGEHIVE_REGISTRATION: 'open',
      IMAGEHIVE_DISCORD_WEBHOOK_URL: `${discord.url}/api/webhooks/42/${discordToken}`,
      IMAGEHIVE__WEBHOOKS__DISPATCH_INTERVAL_MS: '50',
      IMAGEHIVE__WEBHOOKS__BACKOFF_BASE_MS: '50',
      IMAGEHIVE__WEBHOOKS__BACKOFF_CAP_MS: '100',
      IMAGEHIVE__WEBHOOKS__MAX_ATTEMPTS: '2',
    });
    try {
      await waitForHealthy(server, 120_000);
      const base = `http://127.0.0.1:${server.port}`;
      const post = async (path: string, body: object, bearer?: string): Promise<{ status: number; body: any }> => {
        const res = await fetch(`${base}${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(bearer ? { authorization: `Bearer ${bearer}` } : {}) },
          body: JSON.stringify(body),
        });
        return { status: res.status, body: await res.json() };
      };
      const admin = (await post('/api/auth/login', { username: 'admin', password: adminPassword })).body.accessToken;
      const sub = await post('/api/admin/webhooks', { name: 'logged', channel: 'webhook', url: `${receiver.url}/in`, events: ['user.*', 'token.*'] }, admin);
      expect(sub.status).toBe(201);
      const userPassword = 'user-password-never-logged';
      const reg = await post('/api/auth/register', { username: 'quiet', password: userPassword });
      expect(reg.status).toBe(201);
      const token = await post('/api/tokens', { name: 'cli', scopes: ['read'] }, reg.body.accessToken);
      expect(token.status).toBe(201);
      await receiver.waitFor(4); // user.created and token.created, twice each: then dead-lettered
      await discord.waitFor(3);
      await eventually(() => expect(server.output()).toMatch(/Dead-lettered delivery .* token\.created/), 60_000);
      await server.stop();
      const output = server.output();
      expect(output).toMatch(/retrying in/);
      for (const secret of [discordToken, sub.body.secret, token.body.secret, userPassword, adminPassword]) {
        expect({ secret, found: output.includes(secret) }).toEqual({ secret, found: false });
      }
    } finally {
      await server.stop();
      await discord.close();
      await receiver.close();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, SLOW);
});
