import { createHmac, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { photo } from '../../libs/imaging/testing/fixtures.js';
import { JwtSecret } from '../../src/auth/jwt-secret.js';
import { ADMIN, createTestApp, loginAs, type TestApp } from '../utils/test-app.js';
import { jsonBodyOperations } from './openapi.js';

const b64 = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
function sign(payload: object, secret: string, header: object = { alg: 'HS256', typ: 'JWT' }): string {
  const head = `${b64(header)}.${b64(payload)}`;
  return `${head}.${createHmac('sha256', secret).update(head).digest('base64url')}`;
}

/**
 * Issue #11, the attacks test/tokens.e2e-spec.ts and test/auth.e2e-spec.ts do not cover already (numeric and
 * empty tokens, alg: none, a wrong key, revoked and expired API tokens, the login limit from one address).
 */
describe('auth attacks', () => {
  let t: TestApp;
  let secret: string;
  let admin: string;
  let alice: { id: string; session: string };
  let bob: { id: string; session: string; token: string };

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'open' });
    secret = t.app.get(JwtSecret).value;
    admin = await loginAs(t);
    const register = async (username: string) => {
      const { body } = await t.http().post('/api/auth/register').send({ username, password: 'password123' }).expect(201);
      return { id: body.user.id as string, session: body.accessToken as string };
    };
    alice = await register('alice');
    const b = await register('bob');
    bob = { ...b, token: (await t.http().post('/api/tokens').set('Authorization', `Bearer ${b.session}`).send({ name: 'b', scopes: ['upload', 'read'] }).expect(201)).body.secret };
  });
  afterAll(() => t?.close());

  const me = (credential: string) => t.http().get('/api/users/me').set('Authorization', credential);

  it('refuses JWTs signed with the real key but expired, not yet valid, for a stale session or another algorithm', async () => {
    const [{ sessionVersion }] = await t.dataSource.query('SELECT "sessionVersion" FROM users WHERE id = $1', [alice.id]);
    const now = Math.floor(Date.now() / 1000);
    const valid = sign({ sub: alice.id, ver: sessionVersion, iat: now, exp: now + 60 }, secret);
    expect((await me(`Bearer ${valid}`).expect(200)).body.username).toBe('alice'); // the control: the forging is right
    await me(`Bearer ${sign({ sub: alice.id, ver: sessionVersion, iat: now - 7200, exp: now - 3600 }, secret)}`).expect(401);
    await me(`Bearer ${sign({ sub: alice.id, ver: sessionVersion, nbf: now + 3600, exp: now + 7200 }, secret)}`).expect(401);
    await me(`Bearer ${sign({ sub: alice.id, ver: sessionVersion + 1, exp: now + 60 }, secret)}`).expect(401);
    await me(`Bearer ${sign({ sub: randomBytes(16).toString('hex'), ver: 0, exp: now + 60 }, secret)}`).expect(401);
    // HS384 with the same key, and a header asking for "none" over a real signature.
    const head384 = `${b64({ alg: 'HS384', typ: 'JWT' })}.${b64({ sub: alice.id, ver: sessionVersion, exp: now + 60 })}`;
    await me(`Bearer ${head384}.${createHmac('sha384', secret).update(head384).digest('base64url')}`).expect(401);
    await me(`Bearer ${sign({ sub: alice.id, ver: sessionVersion, exp: now + 60 }, secret, { alg: 'none', typ: 'JWT' })}`).expect(401);
    // The payload's role is never read: only the user row says who is an admin.
    const claimsAdmin = sign({ sub: alice.id, ver: sessionVersion, role: 'admin', scopes: ['admin'], exp: now + 60 }, secret);
    await t.http().get('/api/admin/users').set('Authorization', `Bearer ${claimsAdmin}`).expect(403);
  });

  it('does not let one user act on another’s uploads with their own valid credentials', async () => {
    const image = await sharp(await photo(60, 40, 5)).jpeg().toBuffer();
    const upload = (await t.http().post('/api/upload').set('Authorization', bob.token).attach('upload', image, 'b.jpg').expect(201)).body;
    const asAlice = (req: ReturnType<ReturnType<TestApp['http']>['get']>) => req.set('Authorization', `Bearer ${alice.session}`);
    const deleted = await asAlice(t.http().delete(`/api/uploads/${upload.id}`));
    expect([403, 404]).toContain(deleted.status);
    const donated = await asAlice(t.http().post(`/api/uploads/${upload.id}/donate`)).send({ consent: true });
    expect([403, 404]).toContain(donated.status);
    const list = await asAlice(t.http().get('/api/uploads')).expect(200);
    expect(list.body.items.map((i: { id: string }) => i.id)).not.toContain(upload.id);
    const tokens = await asAlice(t.http().get('/api/tokens')).expect(200);
    expect(JSON.stringify(tokens.body)).not.toContain(bob.token.slice(0, 12));
    await t.http().get(`/i/${upload.slug}`).expect(200); // still there
  });

  it('ignores role, quota and ownership fields in every JSON body a plain user can send', async () => {
    const escalation = { role: 'admin', quotaBytes: null, quotaFiles: null, disabled: false, isAdmin: true, ownerId: alice.id, userId: alice.id, scopes: ['admin'] };
    const pollution = ['{"__proto__":{"role":"admin"}}', '{"constructor":{"prototype":{"role":"admin"}}}'];
    await t.dataSource.query('UPDATE users SET "quotaFiles" = 3, "quotaBytes" = 1000000 WHERE id = $1', [alice.id]);
    const statuses: string[] = [];
    for (const op of jsonBodyOperations()) {
      for (const body of [JSON.stringify(escalation), ...pollution]) {
        const res = await t.http()[op.method](op.path).set('Authorization', `Bearer ${alice.session}`).set('Content-Type', 'application/json').send(body);
        if (res.status < 400 || res.status >= 500) statuses.push(`${op.method.toUpperCase()} ${op.template}: ${res.status}`);
      }
    }
    // Registration and login are the anonymous way in.
    for (const path of ['/api/auth/register', '/api/auth/login']) {
      const res = await t.http().post(path).send({ username: 'mallory', password: 'password123', ...escalation });
      expect(res.status).toBe(400);
    }
    const [row] = await t.dataSource.query('SELECT role, "quotaFiles", "quotaBytes", disabled FROM users WHERE id = $1', [alice.id]);
    expect(row).toEqual({ role: 'user', quotaFiles: 3, quotaBytes: '1000000', disabled: false });
    expect((await me(`Bearer ${alice.session}`).expect(200)).body.role).toBe('user');
    expect(({} as Record<string, unknown>).role).toBeUndefined();
    expect(await t.dataSource.query(`SELECT username FROM users WHERE username = 'mallory'`)).toEqual([]);
    // Nothing a plain user sent with those fields succeeded.
    expect(statuses).toEqual([]);
  });

  it('limits password guessing per client even when the client rotates X-Forwarded-For (no trusted proxy)', async () => {
    const strict = await createTestApp({ 'auth.loginThrottle': { limit: 4, ttlSeconds: 60 } });
    try {
      const attempts = await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          strict.http().post('/api/auth/login').set('X-Forwarded-For', `198.51.100.${i + 1}`).send({ username: ADMIN.username, password: `guess-${i}` }),
        ),
      );
      const statuses = attempts.map((r) => r.status).sort();
      expect(statuses.filter((s) => s === 401)).toHaveLength(4);
      expect(statuses.filter((s) => s === 429)).toHaveLength(8);
      // Even the right password waits out the window now.
      const right = await strict.http().post('/api/auth/login').send(ADMIN).expect(429);
      expect(Number(right.headers['retry-after'])).toBeGreaterThan(0);
    } finally {
      await strict.close();
    }
  });
});
