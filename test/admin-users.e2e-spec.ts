import { createTestApp, loginAs, type TestApp } from './utils/test-app.js';

describe('admin: users', () => {
  let t: TestApp;
  let admin: string;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    t = await createTestApp({ 'auth.registration': 'open' });
    admin = await loginAs(t);
    for (const name of ['alice', 'bob', 'carol', 'dave', 'erin']) {
      const res = await t.http().post('/api/auth/register').send({ username: name, password: 'password123', email: `${name}@example.org` }).expect(201);
      ids[name] = res.body.user.id;
    }
  });
  afterAll(() => t.close());

  const get = (path: string) => t.http().get(path).set('Authorization', `Bearer ${admin}`);

  it('pages through users newest first with a cursor, without gaps or repeats', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const res: { body: { items: { username: string }[]; nextCursor: string | null } } = await get(`/api/admin/users?limit=2${cursor ? `&cursor=${cursor}` : ''}`).expect(200);
      expect(res.body.items.length).toBeLessThanOrEqual(2);
      seen.push(...res.body.items.map((u: { username: string }) => u.username));
      cursor = res.body.nextCursor;
    } while (cursor);
    expect(seen).toEqual(['erin', 'dave', 'carol', 'bob', 'alice', 'admin']);
    await get('/api/admin/users?cursor=garbage').expect(400);
    await get('/api/admin/users?limit=0').expect(400);
  });

  it('searches by name or email and filters by role, treating % and _ literally', async () => {
    const res = await get('/api/admin/users?search=AR').expect(200);
    expect(res.body.items.map((u: { username: string }) => u.username)).toEqual(['carol']);
    expect((await get('/api/admin/users?search=%25').expect(200)).body.items).toEqual([]);
    expect((await get('/api/admin/users?role=admin').expect(200)).body.items.map((u: { username: string }) => u.username)).toEqual(['admin']);
  });

  it('disabling a user ends their sessions and tokens; enabling lets them sign in again', async () => {
    const session = await loginAs(t, 'bob', 'password123');
    const token = (await t.http().post('/api/tokens').set('Authorization', `Bearer ${session}`).send({ name: 'x' }).expect(201)).body.secret;
    await t.http().patch(`/api/admin/users/${ids.bob}`).set('Authorization', `Bearer ${admin}`).send({ disabled: true }).expect(200);
    await t.http().get('/api/users/me').set('Authorization', `Bearer ${session}`).expect(401);
    await t.http().get('/api/users/me').set('Authorization', token).expect(401);
    await t.http().post('/api/auth/login').send({ username: 'bob', password: 'password123' }).expect(401);
    await t.http().patch(`/api/admin/users/${ids.bob}`).set('Authorization', `Bearer ${admin}`).send({ disabled: false }).expect(200);
    await t.http().get('/api/users/me').set('Authorization', token).expect(200);
  });

  it('reads JSON sent under a +json type (merge-patch) and refuses a multipart body on a JSON route', async () => {
    const patch = (type: string, body: string) => t.http().patch(`/api/admin/users/${ids.erin}`).set('Authorization', `Bearer ${admin}`).set('Content-Type', type).send(body);
    await patch('application/merge-patch+json', '{"disabled":true}').expect(200);
    expect((await get(`/api/admin/users?search=erin`).expect(200)).body.items[0].disabled).toBe(true);
    const multipart = '--x\r\nContent-Disposition: form-data; name="disabled"\r\n\r\nfalse\r\n--x--\r\n';
    expect((await patch('multipart/form-data; boundary=x', multipart).expect(415)).body.message).toMatch(/JSON body/);
    expect((await get(`/api/admin/users?search=erin`).expect(200)).body.items[0].disabled).toBe(true);
    await patch('application/json', '{"disabled":false}').expect(200);
  });

  it('changes roles, applying them at once, and never leaves the server without an admin', async () => {
    const session = await loginAs(t, 'carol', 'password123');
    await t.http().get('/api/admin/users').set('Authorization', `Bearer ${session}`).expect(403);
    const res = await t.http().patch(`/api/admin/users/${ids.carol}`).set('Authorization', `Bearer ${admin}`).send({ role: 'admin' }).expect(200);
    expect(res.body.role).toBe('admin');
    await t.http().get('/api/users/me').set('Authorization', `Bearer ${session}`).expect(401); // old session retired
    const carol = await loginAs(t, 'carol', 'password123');
    await t.http().get('/api/admin/users').set('Authorization', `Bearer ${carol}`).expect(200);
    const [{ id: adminId }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'admin'`);
    const self = await t.http().patch(`/api/admin/users/${adminId}`).set('Authorization', `Bearer ${admin}`).send({ role: 'user' }).expect(400);
    expect(self.body.message).toMatch(/yourself/);
    await t.http().patch(`/api/admin/users/${ids.carol}`).set('Authorization', `Bearer ${admin}`).send({ role: 'moderator' }).expect(200);
    await t.http().patch(`/api/admin/users/${ids.carol}`).set('Authorization', `Bearer ${admin}`).send({ role: 'owner' }).expect(400);
    await t.http().patch('/api/admin/users/00000000-0000-4000-8000-000000000000').set('Authorization', `Bearer ${admin}`).send({ role: 'user' }).expect(404);
  });
});
