import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('API tokens', () => {
  let t: TestApp;
  let admin: string;
  let user: string;
  let userId: string;

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'open' });
    admin = await loginAs(t);
    const reg = await t.http().post('/api/auth/register').send({ username: 'sharex', password: 'password123' }).expect(201);
    user = reg.body.accessToken;
    userId = reg.body.user.id;
  });
  afterAll(() => t.close());

  const create = (session: string, body: object) => t.http().post('/api/tokens').set('Authorization', `Bearer ${session}`).send(body);

  it('returns the secret once, with a recognisable prefix, and stores only its hash', async () => {
    const res = await create(user, { name: 'laptop', scopes: ['upload'] }).expect(201);
    expect(res.body.secret).toMatch(/^ih_api_[A-Za-z0-9_-]{43}$/);
    expect(res.body).toMatchObject({ name: 'laptop', scopes: ['upload'], hint: res.body.secret.slice(0, 11), lastUsedAt: null });
    const rows = await t.dataSource.query('SELECT * FROM api_tokens WHERE id = $1', [res.body.id]);
    expect(JSON.stringify(rows)).not.toContain(res.body.secret);
    expect(rows[0].secretHash).toMatch(/^[0-9a-f]{64}$/);
    const list = await t.http().get('/api/tokens').set('Authorization', `Bearer ${user}`).expect(200);
    expect(JSON.stringify(list.body)).not.toContain(res.body.secret);
    expect(list.body.map((x: { id: string }) => x.id)).toContain(res.body.id);
  });

  it('works bare (as ShareX sends it) and as Bearer, survives a restart, and records its last use', async () => {
    const { body } = await create(user, { name: 'restart', scopes: ['read'] }).expect(201);
    for (const header of [body.secret, `Bearer ${body.secret}`, `bearer   ${body.secret}`]) {
      const me = await t.http().get('/api/users/me').set('Authorization', header).expect(200);
      expect(me.body.id).toBe(userId);
    }
    t = await t.restart();
    await t.http().get('/api/users/me').set('Authorization', body.secret).expect(200);
    const list = await t.http().get('/api/tokens').set('Authorization', body.secret).expect(200);
    expect(list.body.find((x: { id: string }) => x.id === body.id).lastUsedAt).not.toBeNull();
  });

  it('stops working once revoked, and only its owner can revoke it', async () => {
    const { body } = await create(user, { name: 'doomed' }).expect(201);
    await t.http().delete(`/api/tokens/${body.id}`).set('Authorization', `Bearer ${admin}`).expect(404);
    await t.http().get('/api/users/me').set('Authorization', body.secret).expect(200);
    await t.http().delete(`/api/tokens/${body.id}`).set('Authorization', `Bearer ${user}`).expect(204);
    const res = await t.http().get('/api/users/me').set('Authorization', body.secret).expect(401);
    expect(res.body.message).toMatch(/revoked/);
    await t.http().delete(`/api/tokens/${body.id}`).set('Authorization', `Bearer ${user}`).expect(404);
  });

  it('refuses Imago’s tricks: user ids, usernames, passwords and near-misses as tokens', async () => {
    const { body } = await create(admin, { name: 'real', scopes: ['admin', 'read'] }).expect(201);
    const [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'admin'`);
    const tricks = ['0', '1', '5', '-1', adminId, 'admin', 'admin-password-for-tests', 'Master youshallnotpass', 'null', 'undefined',
      body.secret.slice(0, -1), `${body.secret}A`, body.secret.toUpperCase(), `Basic ${Buffer.from('admin:x').toString('base64')}`,
      'a.b.c', 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.'];
    for (const trick of tricks) {
      const res = await t.http().get('/api/users/me').set('Authorization', trick);
      expect({ trick, status: res.status }).toEqual({ trick, status: 401 });
    }
  });

  it('refuses an unsigned or foreign-signed JWT naming the admin', async () => {
    const [{ id }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'admin'`);
    const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
    const none = `${b64({ alg: 'none', typ: 'JWT' })}.${b64({ sub: id, ver: 0 })}.`;
    await t.http().get('/api/users/me').set('Authorization', `Bearer ${none}`).expect(401);
    const { createHmac } = await import('node:crypto');
    const head = `${b64({ alg: 'HS256', typ: 'JWT' })}.${b64({ sub: id, ver: 0, exp: Math.floor(Date.now() / 1000) + 60 })}`;
    const forged = `${head}.${createHmac('sha256', 'guessed-secret').update(head).digest('base64url')}`;
    await t.http().get('/api/users/me').set('Authorization', `Bearer ${forged}`).expect(401);
  });

  it('enforces scopes (403) and roles (403), distinct from bad credentials (401)', async () => {
    const readOnly = (await create(admin, { name: 'ro', scopes: ['read'] }).expect(201)).body.secret;
    const res = await t.http().get('/api/plugins').set('Authorization', readOnly).expect(403);
    expect(res.body.message).toMatch(/scope admin/);
    const adminScoped = (await create(admin, { name: 'adm', scopes: ['admin'] }).expect(201)).body.secret;
    await t.http().get('/api/plugins').set('Authorization', adminScoped).expect(200);
    await t.http().get('/api/plugins').set('Authorization', `Bearer ${user}`).expect(403);
    await t.http().get('/api/plugins').expect(401);
  });

  it('needs the moderate scope on moderators’ routes: a moderator’s upload token cannot moderate', async () => {
    const reg = await t.http().post('/api/auth/register').send({ username: 'modtokens', password: 'password123' }).expect(201);
    await t.http().patch(`/api/admin/users/${reg.body.user.id}`).set('Authorization', `Bearer ${admin}`).send({ role: 'moderator' }).expect(200);
    const mod = await loginAs(t, 'modtokens', 'password123');
    await t.http().get('/api/moderation/queue').set('Authorization', `Bearer ${mod}`).expect(200);
    const sharex = (await create(mod, { name: 'sharex', scopes: ['upload'] }).expect(201)).body.secret;
    expect((await t.http().get('/api/moderation/queue').set('Authorization', sharex).expect(403)).body.message).toMatch(/scope moderate/);
    const moderate = (await create(mod, { name: 'mod', scopes: ['moderate'] }).expect(201)).body.secret;
    await t.http().get('/api/moderation/queue').set('Authorization', moderate).expect(200);
    await t.http().get('/api/plugins').set('Authorization', moderate).expect(403);
    // The admin scope includes moderating; a user cannot mint the moderate scope.
    const adminScoped = (await create(admin, { name: 'adm-mod', scopes: ['admin'] }).expect(201)).body.secret;
    await t.http().get('/api/moderation/queue').set('Authorization', adminScoped).expect(200);
    expect((await create(user, { name: 'sneaky-mod', scopes: ['moderate'] }).expect(403)).body.message).toMatch(/Only moderators/);
  });

  it('lets nobody mint more power than they hold', async () => {
    const denied = await create(user, { name: 'sneaky', scopes: ['admin'] }).expect(403);
    expect(denied.body.message).toMatch(/Only admins/);
    const upload = (await create(user, { name: 'up', scopes: ['upload'] }).expect(201)).body.secret;
    await t.http().post('/api/tokens').set('Authorization', upload).send({ name: 'wider', scopes: ['upload', 'vote'] }).expect(403);
    await create(user, { name: 'bad', scopes: ['root'] }).expect(400);
    await create(user, { name: '' }).expect(400);
  });

  it('keeps a leaked upload token from outliving its revocation: it mints no tokens and revokes only itself', async () => {
    const leaked = (await create(user, { name: 'leaked', scopes: ['upload', 'read'] }).expect(201)).body;
    const other = (await create(user, { name: 'other', scopes: ['upload'] }).expect(201)).body;
    const minted = await t.http().post('/api/tokens').set('Authorization', leaked.secret).send({ name: 'spare', scopes: ['upload'] }).expect(403);
    expect(minted.body.message).toMatch(/API tokens cannot create tokens/);
    await t.http().get('/api/sharex.sxcu').set('Authorization', leaked.secret).expect(403);
    await t.http().get('/api/upload.sh').set('Authorization', leaked.secret).expect(403);
    expect((await t.http().delete(`/api/tokens/${other.id}`).set('Authorization', leaked.secret).expect(403)).body.message).toMatch(/only itself/);
    await t.http().get('/api/users/me').set('Authorization', other.secret).expect(200);
    await t.http().delete(`/api/tokens/${leaked.id}`).set('Authorization', leaked.secret).expect(204);
    await t.http().get('/api/users/me').set('Authorization', leaked.secret).expect(401);
    // A signed-in owner still does all of it.
    await t.http().get('/api/sharex.sxcu').set('Authorization', `Bearer ${user}`).expect(200);
    await t.http().delete(`/api/tokens/${other.id}`).set('Authorization', `Bearer ${user}`).expect(204);
  });

  it('expires tokens given a lifetime', async () => {
    const { body } = await create(user, { name: 'short', expiresInDays: 1 }).expect(201);
    await t.http().get('/api/users/me').set('Authorization', body.secret).expect(200);
    await t.dataSource.query(`UPDATE api_tokens SET "expiresAt" = now() - interval '1 second' WHERE id = $1`, [body.id]);
    await t.http().get('/api/users/me').set('Authorization', body.secret).expect(401);
  });

  it('locks a client out after too many failed credentials', async () => {
    const strict = await createTestApp({ 'auth.tokenFailureThrottle': { limit: 3, ttlSeconds: 60 } });
    try {
      const token = (await strict.http().post('/api/tokens').set('Authorization', `Bearer ${await loginAs(strict)}`).send({ name: 'ok' }).expect(201)).body.secret;
      for (let i = 0; i < 3; i++) await strict.http().get('/api/users/me').set('Authorization', `ih_api_${'x'.repeat(43)}`).expect(401);
      const res = await strict.http().get('/api/users/me').set('Authorization', token).expect(429);
      expect(res.body.message).toMatch(/failed authentication/);
    } finally {
      await strict.close();
    }
  });
});
