import { createHash, randomBytes } from 'node:crypto';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { EventEmitter2 } from '@nestjs/event-emitter';
import { Redis } from 'ioredis';
import pg from 'pg';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { BlobStore } from '../src/uploads/blob-store.service.js';
import { UploadMaintenanceService } from '../src/uploads/upload-maintenance.service.js';
import { UploadsService } from '../src/uploads/uploads.service.js';
import { ReliabilityService } from '../src/validation/reliability.service.js';
import { approvedImage, cookieOf } from './utils/annotation-fixtures.js';
import { HttpStub, type StubRequest } from './utils/http-stub.js';
import { startS3, type TestS3 } from './utils/s3-server.js';
import { ADMIN, createSibling, createTestApp, loginAs, startTogether, testDatabaseKind, type TestApp } from './utils/test-app.js';

const REDIS_URL = process.env.IMAGEHIVE_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';
const sha256 = (data: Buffer) => createHash('sha256').update(data).digest('hex');

async function until(check: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

// Only PostgreSQL can be shared by several processes; PGlite belongs to one (its data folder is locked).
const describeShared = testDatabaseKind() === 'postgres' ? describe : describe.skip;

describeShared('two instances on one PostgreSQL, one S3 store and one Redis', () => {
  let s3: TestS3;
  let redis: Redis;
  let hook: HttpStub;
  let a: TestApp;
  let b: TestApp;
  let token: string;
  // Unique per run and file, so parallel runs on this Redis never count each other's attempts.
  const keyPrefix = `imagehive-test:${process.env.IMAGEHIVE_TEST_RUN}:${randomBytes(4).toString('hex')}:`;
  const deleted: Array<{ instance: string; payload: Record<string, unknown> }> = [];
  let shared: Record<string, unknown>;

  const listen = (app: TestApp, instance: string) =>
    app.app.get(EventEmitter2).on('upload.deleted', (payload: Record<string, unknown>) => deleted.push({ instance, payload }));
  const uploadBytes = async (t: TestApp, data: Buffer, headers: Record<string, string> = {}) => {
    const req = t.http().post('/api/upload').set('Authorization', token);
    for (const [k, v] of Object.entries(headers)) req.set(k, v);
    return (await req.attach('upload', data, 'photo.jpg').expect(201)).body;
  };
  const upload = async (t: TestApp, seed: number, headers: Record<string, string> = {}) => uploadBytes(t, await sharp(await photo(96, 64, seed)).jpeg().toBuffer(), headers);
  const blobObjects = async () => (await s3.keys('cluster/blobs/')).map((k) => k.slice('cluster/'.length));

  beforeAll(async () => {
    s3 = await startS3();
    redis = new Redis(REDIS_URL);
    hook = await HttpStub.start();
    shared = {
      'auth.jwtSecret': randomBytes(32).toString('hex'),
      'storage.driver': 's3',
      'storage.options': s3.options({ prefix: 'cluster' }),
      'redis.url': REDIS_URL,
      'redis.keyPrefix': keyPrefix,
      'auth.loginThrottle': { limit: 3, ttlSeconds: 600 },
      // Behind the load balancer: the client is the X-Forwarded-For address, the same on every instance.
      'server.trustProxy': true,
      // Both instances run the webhook dispatcher (the default), polling often.
      'webhooks.secretKey': randomBytes(32).toString('hex'),
      'webhooks.subscriptions': [{ name: 'cluster', url: `${hook.url}/hook`, secret: randomBytes(16).toString('hex'), events: ['upload.created'] }],
      'webhooks.dispatchIntervalMs': 50,
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.trainingGold': 0,
      'validation.voteThrottle': { limit: 10_000, ttlSeconds: 60 },
      // The tests run the reliability recompute themselves.
      'validation.recomputeSeconds': 86_400,
    };
    a = await createTestApp(shared);
    b = await createSibling(a, shared);
    listen(a, 'a');
    listen(b, 'b');
    const session = await loginAs(a);
    token = (await a.http().post('/api/tokens').set('Authorization', `Bearer ${session}`).send({ name: 'cluster' })).body.secret;
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    const keys = await redis.keys(`${keyPrefix}*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
    await s3?.close();
    await hook?.close();
  });

  it('serves an upload made through one instance from the other, and a session works on both', async () => {
    const body = await upload(a, 1);
    const served = await b.http().get(`/i/${body.slug}`).expect(200);
    expect(sha256(served.body)).toBe(body.sha256);
    await b.http().get(`/i/${body.slug}`).set('Range', 'bytes=0-15').expect(206);
    const variant = await b.http().get(`/i/${body.slug}?w=32&format=png`).expect(200);
    expect((await sharp(variant.body).metadata()).width).toBe(32);
    const session = await loginAs(a);
    await b.http().get('/api/users/me').set('Authorization', `Bearer ${session}`).expect(200);
    await b.http().delete(`/api/uploads/${body.id}`).set('Authorization', token).expect(204);
    await a.http().get(`/i/${body.slug}`).expect(404);
    expect((await blobObjects()).some((k) => k.includes(body.sha256))).toBe(false);
    expect(await s3.keys(`cluster/variants/${body.sha256}/`)).toEqual([]);
  });

  it('drops a link deleted through one instance from the other instance\'s cache at once', async () => {
    const bytes = await sharp(await photo(96, 64, 5)).jpeg().toBuffer();
    // Two links to the same bytes: deleting one keeps the object, so only a stale cache could still serve it.
    const gone = await uploadBytes(a, bytes);
    const kept = await uploadBytes(a, bytes);
    expect(kept.sha256).toBe(gone.sha256);
    await b.http().get(`/i/${gone.slug}`).expect(200); // b now holds the link in its cache
    await a.http().delete(`/api/uploads/${gone.id}`).set('Authorization', token).expect(204);
    await b.http().get(`/i/${gone.slug}`).expect(404);
    await b.http().get(`/i/${kept.slug}`).expect(200);
  });

  it('counts votes sent through both instances at once exactly', async () => {
    const session = await loginAs(a);
    const images = [];
    for (let i = 0; i < 3; i++) images.push(await approvedImage(i % 2 ? b : a, session, 40 + i, ['dog', 'cup'], { width: 64, height: 48 }));
    const pairs = images.flatMap((image) => Object.values(image.pairs));
    const answers = ['yes', 'no', 'unsure'] as const;
    // 120 anonymous voters (no cookie: a new voter each), every other one through the other instance.
    const plan = Array.from({ length: 120 }, (_, k) => ({ via: k % 2 ? b : a, pair: pairs[k % pairs.length]!, answer: answers[Math.floor(k / pairs.length) % 3]! }));
    const results = await Promise.all(plan.map(({ via, pair, answer }) => via.http().post(`/api/validation/${pair}/votes`).send({ answer })));
    expect(results.map((r) => r.status)).toEqual(plan.map(() => 200));
    // One voter sending the same vote ten times through both instances at once is one vote.
    const cookie = cookieOf(await a.http().get('/api/validation/next?count=1').expect(200));
    const repeated = pairs[0]!;
    const repeats = await Promise.all(
      Array.from({ length: 10 }, (_, k) => (k % 2 ? b : a).http().post(`/api/validation/${repeated}/votes`).set('Cookie', cookie).send({ answer: 'yes' })),
    );
    expect(repeats.map((r) => r.status)).toEqual(repeats.map(() => 200));
    expect(repeats.filter((r) => r.body.replaced === false)).toHaveLength(1);

    for (const pair of pairs) {
      const sent = { yes: pair === repeated ? 1 : 0, no: 0, unsure: 0 };
      for (const vote of plan) if (vote.pair === pair) sent[vote.answer]++;
      const [counters] = await a.dataSource.query('SELECT yes, no, unsure FROM image_labels WHERE id = $1', [pair]);
      const rows: Array<{ answer: string; n: number }> = await a.dataSource.query('SELECT answer, count(*)::int AS n FROM votes WHERE "pairId" = $1 GROUP BY answer', [pair]);
      const stored = { yes: 0, no: 0, unsure: 0, ...Object.fromEntries(rows.map((r) => [r.answer, r.n])) };
      expect(counters).toEqual(sent);
      expect(stored).toEqual(sent);
    }
  });

  it('recomputes voter reliability on one instance at a time; a rerun on either changes nothing', async () => {
    const [{ votes }] = await a.dataSource.query('SELECT count(*)::int AS votes FROM votes');
    expect(votes).toBeGreaterThan(100);
    // Hold every voter row, so a's run stops at its first batch, holding the job's lock, while b tries.
    const holder = new pg.Client({ connectionString: a.config.database.url });
    await holder.connect();
    let first: Promise<{ votes: number }> | undefined;
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT id FROM voters FOR UPDATE');
      first = a.app.get(ReliabilityService).recompute();
      await until(async () => {
        await holder.query('SELECT pg_stat_clear_snapshot()'); // inside a transaction the view is otherwise frozen
        const { rows } = await holder.query(
          `SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock' AND query LIKE 'SELECT id, flag, counted FROM voters%'`,
        );
        return rows[0].n >= 1;
      });
      expect(await b.app.get(ReliabilityService).recompute()).toEqual({ votes: 0, voters: 0, pairs: 0, counted: 0, flagged: 0 });
    } finally {
      await holder.query('COMMIT');
      await holder.end();
    }
    expect((await first).votes).toBe(votes);

    const scores = async () =>
      (await a.dataSource.query('SELECT id, "weightSum", probability, verdict FROM image_labels p WHERE EXISTS (SELECT 1 FROM votes v WHERE v."pairId" = p.id) ORDER BY id')).map(
        (r: { id: string; weightSum: number; probability: number | null; verdict: string }) => ({ ...r, weightSum: r.weightSum.toFixed(9), probability: r.probability?.toFixed(9) ?? null }),
      );
    const once = await scores();
    expect(once.length).toBeGreaterThan(0);
    const again = await Promise.all([a.app.get(ReliabilityService).recompute(), b.app.get(ReliabilityService).recompute()]);
    expect(again.some((stats) => stats.votes === votes)).toBe(true);
    expect(await scores()).toEqual(once);
  });

  it('delivers each webhook event once while both instances run the dispatcher', async () => {
    const made = await Promise.all(Array.from({ length: 8 }, (_, k) => upload(k % 2 ? b : a, 60 + k)));
    const ids = new Set(made.map((m) => m.id as string));
    const ours = (r: StubRequest) => r.json?.type === 'upload.created' && ids.has(r.json.data.imageId);
    await hook.waitFor(8, ours);
    // Time for a duplicate to arrive, were one on its way: both loops poll every 50 ms.
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const received = hook.requests.filter(ours);
    expect(received).toHaveLength(8);
    expect(new Set(received.map((r) => r.json.id)).size).toBe(8);
    expect(new Set(received.map((r) => r.json.data.imageId))).toEqual(ids);
    const [{ n }] = await a.dataSource.query(`SELECT count(*)::int AS n FROM webhook_deliveries WHERE status = 'delivered' AND attempts = 1`);
    expect(n).toBeGreaterThanOrEqual(8);
  });

  it('shares the login limit through Redis: the 4th attempt is refused by the other instance', async () => {
    const client = `203.0.113.${1 + Math.floor(Math.random() * 250)}`;
    const attempt = (t: TestApp) =>
      t.http().post('/api/auth/login').set('X-Forwarded-For', client).send({ username: ADMIN.username, password: 'wrong-password' });
    for (let i = 0; i < 3; i++) expect((await attempt(a)).status).toBe(401);
    const refused = await attempt(b);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0);
    expect((await redis.keys(`${keyPrefix}login*`)).length).toBeGreaterThan(0);

    // The control: the same two instances without Redis count separately, so the 4th attempt gets through.
    const c = await createSibling(a, { ...shared, 'redis.url': undefined });
    const d = await createSibling(a, { ...shared, 'redis.url': undefined });
    try {
      for (let i = 0; i < 3; i++) expect((await attempt(c)).status).toBe(401);
      expect((await attempt(d)).status).toBe(401);
      expect((await attempt(c)).status).toBe(429);
    } finally {
      await c.close();
      await d.close();
    }
  });

  it('removes each expired link exactly once when both instances sweep at the same moment', async () => {
    const links = [await upload(a, 11, { 'Expires-At': '1h' }), await upload(b, 12, { 'Expires-At': '1h' }), await upload(a, 13, { 'Max-Views': '1' })];
    await b.http().get(`/i/${links[2].slug}`).expect(200); // its one view
    await a.dataSource.query(`UPDATE images SET "expiresAt" = now() - interval '1 minute' WHERE id = ANY($1)`, [[links[0].id, links[1].id]]);
    deleted.length = 0;
    const removed = await Promise.all([a.app.get(UploadMaintenanceService).expire(), b.app.get(UploadMaintenanceService).expire()]);
    expect(removed[0] + removed[1]).toBe(3);
    expect(deleted.filter((e) => e.payload.by === 'expiry').map((e) => e.payload.imageId).sort()).toEqual(links.map((l) => l.id).sort());
    expect(deleted).toHaveLength(3);
    const objects = await blobObjects();
    for (const link of links) expect(objects.some((k) => k.includes(link.sha256))).toBe(false);
  });

  it('deletes a link removed through both instances at once exactly once', async () => {
    const body = await upload(a, 21);
    // Hold the blob's lock so both removals read the row, then queue behind it; then let them race.
    const holder = new pg.Client({ connectionString: a.config.database.url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 42))', [body.sha256]);
      deleted.length = 0;
      const racing = Promise.all([a.app.get(UploadsService).remove(body.id, 'owner'), b.app.get(UploadsService).remove(body.id, 'admin')]);
      await until(async () => {
        const { rows } = await holder.query(`SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND database = (SELECT oid FROM pg_database WHERE datname = current_database())`);
        return rows[0].n >= 2;
      });
      await holder.query('COMMIT');
      expect((await racing).sort()).toEqual([false, true]);
    } finally {
      await holder.end();
    }
    expect(deleted).toHaveLength(1);
    expect(await a.dataSource.query('SELECT id FROM images WHERE id = $1', [body.id])).toEqual([]);
    expect((await blobObjects()).some((k) => k.includes(body.sha256))).toBe(false);
  });

  it('keeps storage and rows consistent when both instances sweep storage at once', async () => {
    const live = await upload(a, 31);
    const orphan = `cluster/blobs/ab/cd/abcd${'1'.repeat(60)}.png`;
    await s3.put(orphan, 'left by a crash');
    await Promise.all([a.app.get(BlobStore).sweep(), b.app.get(BlobStore).sweep()]);
    expect(await s3.keys('cluster/')).not.toContain(orphan);
    const rows: Array<{ storageKey: string }> = await a.dataSource.query('SELECT "storageKey" FROM blobs ORDER BY "storageKey"');
    expect(rows.map((r) => r.storageKey)).toEqual(await blobObjects());
    await b.http().get(`/i/${live.slug}`).expect(200);
  });
});

// The database plays no part here, so once (on PostgreSQL) is enough.
describeShared('Redis trouble', () => {
  it('stops the server when Redis cannot be reached at start-up, without printing the password', async () => {
    const failure = createTestApp({ 'redis.url': 'redis://:hunter2-secret@127.0.0.1:1/0' });
    await expect(failure).rejects.toThrow(/Cannot connect to Redis at redis:\/\/:\*\*\*@127\.0\.0\.1:1\/0 \(redis\.url\): connect ECONNREFUSED/);
    await expect(failure).rejects.not.toThrow(/hunter2/);
  });

  it('keeps limiting from memory when Redis goes away, and answers every request', async () => {
    // A TCP relay to Redis that the test can cut, as a network failure would.
    const sockets = new Set<Socket>();
    const relay: Server = createServer((client) => {
      const upstream = connect(new URL(REDIS_URL).port ? Number(new URL(REDIS_URL).port) : 6379, new URL(REDIS_URL).hostname);
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('error', () => undefined);
        s.on('close', () => sockets.delete(s));
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => relay.listen(0, '127.0.0.1', resolve));
    const keyPrefix = `imagehive-test:${process.env.IMAGEHIVE_TEST_RUN}:${randomBytes(4).toString('hex')}:`;
    const t = await createTestApp({
      'redis.url': `redis://127.0.0.1:${(relay.address() as { port: number }).port}`,
      'redis.keyPrefix': keyPrefix,
      'auth.loginThrottle': { limit: 2, ttlSeconds: 600 },
    });
    const redis = new Redis(REDIS_URL);
    try {
      relay.close();
      for (const s of sockets) s.destroy();
      const attempt = () => t.http().post('/api/auth/login').send({ username: ADMIN.username, password: 'wrong-password' });
      expect((await attempt()).status).toBe(401);
      expect((await attempt()).status).toBe(401);
      expect((await attempt()).status).toBe(429);
    } finally {
      await t.close();
      const keys = await redis.keys(`${keyPrefix}*`);
      if (keys.length) await redis.del(...keys);
      redis.disconnect();
    }
  });
});

describeShared('the first start of a cluster', () => {
  it('creates exactly one admin when two instances start at once on an empty database', async () => {
    // Different names on purpose (a configuration changed between rollouts): the name's unique index cannot
    // decide this race, only the bootstrap's lock can.
    // A subscription to users' events, so that user.created is recorded (and could be recorded twice).
    const hooks = { 'webhooks.dispatcher': false, 'webhooks.subscriptions': [{ name: 'users', url: 'http://127.0.0.1:9/users', secret: 'a-secret-of-at-least-16', events: ['user.*'] }] };
    const { apps, close } = await startTogether([
      { ...hooks, 'auth.admin.username': 'admin' },
      { ...hooks, 'auth.admin.username': 'root' },
    ]);
    try {
      const admins: Array<{ username: string }> = await apps[0]!.dataSource.query(`SELECT username FROM users WHERE role = 'admin'`);
      expect(admins).toHaveLength(1);
      const [{ events }] = await apps[0]!.dataSource.query(`SELECT count(*)::int AS events FROM outbox_events WHERE type = 'user.created'`);
      expect(events).toBe(1);
      // Either instance signs the one admin in.
      for (const app of apps) await loginAs(app, admins[0]!.username);
    } finally {
      await close();
    }
  }, 120_000);
});
