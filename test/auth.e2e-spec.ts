import { ADMIN, createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('sign-in, users and registration', () => {
  let t: TestApp;
  let admin: string;

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'invite' });
    admin = await loginAs(t);
  });
  afterAll(() => t.close());

  it('creates the first admin from config and signs them in with a bearer JWT', async () => {
    const res = await t.http().post('/api/auth/login').send(ADMIN).expect(200);
    expect(res.body).toMatchObject({ tokenType: 'Bearer', expiresIn: 7 * 24 * 3600 });
    expect(res.body.accessToken.split('.')).toHaveLength(3);
    const me = await t.http().get('/api/users/me').set('Authorization', `Bearer ${res.body.accessToken}`).expect(200);
    expect(me.body).toMatchObject({ username: 'admin', role: 'admin', disabled: false });
    expect(me.body).not.toHaveProperty('passwordHash');
  });

  it('finds the username case-insensitively and refuses a wrong password with one message for both cases', async () => {
    await t.http().post('/api/auth/login').send({ username: 'ADMIN', password: ADMIN.password }).expect(200);
    const wrong = await t.http().post('/api/auth/login').send({ username: 'admin', password: 'nope-nope' }).expect(401);
    const nobody = await t.http().post('/api/auth/login').send({ username: 'nobody', password: 'nope-nope' }).expect(401);
    expect(wrong.body.message).toBe(nobody.body.message);
  });

  it('stores passwords only as scrypt hashes', async () => {
    const rows = await t.dataSource.query(`SELECT "passwordHash" FROM users WHERE username = 'admin'`);
    expect(rows[0].passwordHash).toMatch(/^scrypt\$\d+\$8\$1\$/);
    expect(rows[0].passwordHash).not.toContain(ADMIN.password);
  });

  it('answers bad input with a 400 that names the field, never a 500', async () => {
    const missing = await t.http().post('/api/auth/login').send({ username: 'admin' }).expect(400);
    expect(missing.body.message).toMatch(/password/);
    const extra = await t.http().post('/api/auth/login').send({ ...ADMIN, isAdmin: true }).expect(400);
    expect(extra.body.message).toMatch(/property isAdmin should not exist/);
    const wrongType = await t.http().post('/api/auth/login').send({ username: 42, password: ['x'] }).expect(400);
    expect(wrongType.body.message).toMatch(/username must be a string/);
    const malformed = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send('{"username":').expect(400);
    expect(malformed.body).toEqual({ statusCode: 400, error: 'Bad Request', message: 'Malformed JSON in the request body' });
    const huge = await t.http().post('/api/auth/login').set('Content-Type', 'application/json').send(JSON.stringify({ username: 'x'.repeat(2_000_000) }));
    expect(huge.status).toBe(413);
    expect(huge.body.message).toMatch(/too large/);
    const badId = await t.http().delete('/api/tokens/not-a-uuid').set('Authorization', `Bearer ${admin}`).expect(400);
    expect(badId.body.message).toMatch(/uuid/);
  });

  it('never leaks a stack trace and tags every response with a request id', async () => {
    const res = await t.http().get('/api/users/me').set('X-Request-Id', 'req-123').expect(401);
    expect(res.headers['x-request-id']).toBe('req-123');
    expect(JSON.stringify(res.body)).not.toMatch(/at \w+ \(/);
    await t.http().get('/no/such/route').expect(404);
  });

  it('changes the password only with the current one, and retires older sessions', async () => {
    const { body } = await t.http().post('/api/invites').set('Authorization', `Bearer ${admin}`).send({}).expect(201);
    const reg = await t.http().post('/api/auth/register').send({ username: 'pwuser', password: 'first-password', inviteCode: body.code }).expect(201);
    const session = reg.body.accessToken;
    await t.http().put('/api/users/me/password').set('Authorization', `Bearer ${session}`).send({ currentPassword: 'wrong-password', newPassword: 'second-password' }).expect(401);
    await t.http().put('/api/users/me/password').set('Authorization', `Bearer ${session}`).send({ currentPassword: 'first-password', newPassword: 'second-password' }).expect(204);
    await t.http().get('/api/users/me').set('Authorization', `Bearer ${session}`).expect(401);
    await t.http().post('/api/auth/login').send({ username: 'pwuser', password: 'first-password' }).expect(401);
    await loginAs(t, 'pwuser', 'second-password');
  });

  describe('registration by invite', () => {
    it('requires an invite code and refuses made-up ones', async () => {
      const none = await t.http().post('/api/auth/register').send({ username: 'eve', password: 'password123' }).expect(400);
      expect(none.body.message).toMatch(/inviteCode is required/);
      await t.http().post('/api/auth/register').send({ username: 'eve', password: 'password123', inviteCode: 'ih_inv_nope' }).expect(403);
      await t.http().get('/api/auth/settings').expect(200, { registration: 'invite' });
    });

    it('lets only admins make invites', async () => {
      const { body } = await t.http().post('/api/invites').set('Authorization', `Bearer ${admin}`).send({}).expect(201);
      const user = await t.http().post('/api/auth/register').send({ username: 'plain', password: 'password123', inviteCode: body.code }).expect(201);
      const res = await t.http().post('/api/invites').set('Authorization', `Bearer ${user.body.accessToken}`).send({}).expect(403);
      expect(res.body.message).toMatch(/admin role/);
    });

    it('honours max uses exactly under concurrent sign-ups, and gives the invite’s role', async () => {
      const { body: invite } = await t.http().post('/api/invites').set('Authorization', `Bearer ${admin}`).send({ maxUses: 3, role: 'moderator' }).expect(201);
      expect(invite.code).toMatch(/^ih_inv_/);
      const results = await Promise.all(
        Array.from({ length: 6 }, (_, i) =>
          t.http().post('/api/auth/register').send({ username: `crowd${i}`, password: 'password123', inviteCode: invite.code }),
        ),
      );
      const created = results.filter((r) => r.status === 201);
      expect(created).toHaveLength(3);
      expect(results.filter((r) => r.status === 403)).toHaveLength(3);
      expect(created[0].body.user.role).toBe('moderator');
      const [{ n }] = await t.dataSource.query(`SELECT count(*)::int AS n FROM users WHERE username LIKE 'crowd%'`);
      expect(n).toBe(3);
      const list = await t.http().get('/api/invites').set('Authorization', `Bearer ${admin}`).expect(200);
      expect(list.body.find((i: { id: string }) => i.id === invite.id)).toMatchObject({ uses: 3, maxUses: 3 });
    });

    it('refuses a revoked invite and a taken name (case-insensitively) without using the invite up', async () => {
      const { body: invite } = await t.http().post('/api/invites').set('Authorization', `Bearer ${admin}`).send({}).expect(201);
      const dup = await t.http().post('/api/auth/register').send({ username: 'Admin', password: 'password123', inviteCode: invite.code }).expect(409);
      expect(dup.body.message).toMatch(/username is already taken/);
      await t.http().delete(`/api/invites/${invite.id}`).set('Authorization', `Bearer ${admin}`).expect(204);
      await t.http().post('/api/auth/register').send({ username: 'late', password: 'password123', inviteCode: invite.code }).expect(403);
    });
  });
});

describe('registration modes', () => {
  it('open lets anyone register; closed refuses everyone', async () => {
    let t = await createTestApp({ 'auth.registration': 'open' });
    try {
      const res = await t.http().post('/api/auth/register').send({ username: 'newbie', password: 'password123', email: 'n@example.org' }).expect(201);
      expect(res.body.user).toMatchObject({ username: 'newbie', role: 'user', email: 'n@example.org' });
      await t.http().post('/api/auth/register').send({ username: 'other', password: 'password123', email: 'N@example.org' }).expect(409);
      await t.http().post('/api/auth/register').send({ username: 'x', password: 'password123' }).expect(400);
      t = await t.restart({ 'auth.registration': 'closed' });
      const closed = await t.http().post('/api/auth/register').send({ username: 'another', password: 'password123' }).expect(403);
      expect(closed.body.message).toMatch(/closed/);
    } finally {
      await t.close();
    }
  });

  it('throttles password guessing with 429 and Retry-After', async () => {
    const t = await createTestApp({ 'auth.loginThrottle': { limit: 3, ttlSeconds: 60 } });
    try {
      for (let i = 0; i < 3; i++) await t.http().post('/api/auth/login').send({ username: 'admin', password: `guess-${i}` }).expect(401);
      const res = await t.http().post('/api/auth/login').send(ADMIN).expect(429);
      expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
      expect(res.body.message).toMatch(/Too many requests/);
    } finally {
      await t.close();
    }
  });
});
