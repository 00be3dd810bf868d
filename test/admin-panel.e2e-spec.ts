import { readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EventEmitter2 } from '@nestjs/event-emitter';
import request from 'supertest';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { adminPanelState } from '../src/admin/admin.loader.js';
import { listFiles } from './utils/files.js';
import { ADMIN, createTestApp, loginAs, type TestApp } from './utils/test-app.js';

type Agent = ReturnType<typeof request.agent>;

describe('staff panel (AdminJS at /admin)', () => {
  let t: TestApp;
  let base: string;
  let admin: Agent;
  const ids: Record<string, string> = {};
  const tokens: Record<string, string> = {};

  /** A browser-like client of the panel: its own cookie jar, and the Origin its pages would send. */
  const panel = () => request.agent(base);
  const post = (agent: Agent, path: string) => agent.post(path).set('Origin', base).type('form');
  const signIn = async (username: string, password: string) => {
    const agent = panel();
    const res = await post(agent, '/admin/login').send({ email: username, password });
    return { agent, res };
  };
  const api = () => request(base);
  const uploadAs = (token: string, seed: number, headers: Record<string, string> = {}) =>
    photo(48, 32, seed).then((png) => api().post('/api/upload').set('Authorization', token).set(headers).attach('upload', png, `p${seed}.png`).expect(201));
  const blobFiles = () => listFiles(join(t.config.dataDir, 'files', 'blobs'));

  beforeAll(async () => {
    t = await createTestApp({ 'admin.enabled': true, 'auth.registration': 'open' });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as { port: number }).port}`;
    for (const name of ['bob', 'moe']) {
      const res = await api().post('/api/auth/register').send({ username: name, password: 'password123' }).expect(201);
      ids[name] = res.body.user.id;
      const created = await api().post('/api/tokens').set('Authorization', `Bearer ${res.body.accessToken}`).send({ name: 'sharex', scopes: ['upload', 'read'] }).expect(201);
      tokens[name] = created.body.secret;
    }
    // Listening and serving the API do not load the panel (admin.preload is off by default): /admin does.
    expect(adminPanelState(t.app)).toBe('idle');
    const signed = await signIn(ADMIN.username, ADMIN.password);
    expect(signed.res.status).toBe(302);
    expect(adminPanelState(t.app)).toBe('ready');
    admin = signed.agent;
  }, 240_000); // AdminJS takes seconds to import, more on a busy machine
  afterAll(() => t?.close());

  describe('sign-in and session', () => {
    it('sends signed-out visitors to the login page, which is Imagehive’s', async () => {
      const res = await panel().get('/admin').expect(302);
      expect(res.headers.location).toBe('/admin/login');
      const page = await panel().get('/admin/login').expect(200);
      expect(page.text).toContain('Imagehive');
      expect(page.headers['x-frame-options']).toBe('DENY');
      await panel().get('/admin/api/resources/users/actions/list').expect(302);
    });

    it('signs staff in with the account’s password and a strict, http-only cookie scoped to /admin', async () => {
      const { agent, res } = await signIn(ADMIN.username, ADMIN.password);
      expect(res.status).toBe(302);
      expect(res.headers.location).toBe('/admin');
      const cookie = res.headers['set-cookie'][0] as string;
      expect(cookie).toMatch(/^imagehive_admin=/);
      expect(cookie).toMatch(/; Path=\/admin/);
      expect(cookie).toMatch(/; HttpOnly/);
      expect(cookie).toMatch(/; SameSite=Strict/);
      expect(cookie).not.toMatch(/; Secure/); // plain http here; https public URLs get Secure (unit-tested in the browser test's config)
      await agent.get('/admin').expect(200);
      const [{ count }] = await t.dataSource.query('SELECT COUNT(*)::int AS count FROM admin_sessions WHERE "userId" = (SELECT id FROM users WHERE username = $1)', [ADMIN.username]);
      expect(count).toBeGreaterThanOrEqual(1);
    });

    it('refuses wrong passwords, plain users, and sign-ins posted from another site', async () => {
      const wrong = await signIn(ADMIN.username, 'not-the-password');
      expect(wrong.res.status).toBe(200);
      expect(wrong.res.text).toContain('invalidCredentials');
      await wrong.agent.get('/admin').expect(302);
      const user = await signIn('bob', 'password123');
      expect(user.res.status).toBe(400);
      expect(user.res.text).toContain('noStaffAccess');
      await user.agent.get('/admin').expect(302);
      const agent = panel();
      const foreign = await agent.post('/admin/login').set('Origin', 'https://evil.example').type('form').send({ email: ADMIN.username, password: ADMIN.password });
      expect(foreign.status).toBe(403);
      await agent.get('/admin').expect(302);
      await panel().post('/admin/login').type('form').send({ email: ADMIN.username, password: ADMIN.password }).expect(403); // no Origin at all
    });

    it('gives every sign-in a new session id, so a session cookie planted before is never the one signed in', async () => {
      const sid = (res: request.Response) => decodeURIComponent(/imagehive_admin=s:([^.;]+)/.exec(decodeURIComponent(res.headers['set-cookie'][0]))![1]);
      const { agent, res: first } = await signIn(ADMIN.username, ADMIN.password);
      const again = await post(agent, '/admin/login').send({ email: ADMIN.username, password: ADMIN.password }).expect(302);
      expect(sid(again)).not.toBe(sid(first));
      const rows: Array<{ sid: string }> = await t.dataSource.query('SELECT sid FROM admin_sessions WHERE sid = ANY($1)', [[sid(first), sid(again)]]);
      expect(rows.map((r) => r.sid)).toEqual([sid(again)]);
    });
  });

  describe('users (admins)', () => {
    const userAction = (agent: Agent, id: string, action: string) => post(agent, `/admin/api/resources/users/records/${id}/${action}`);

    it('lists and searches users with storage used, never a password hash', async () => {
      await uploadAs(tokens.bob, 1);
      const res = await admin.get('/admin/api/resources/users/actions/list?filters.username=BO').expect(200);
      expect(res.body.records.map((r: { params: { username: string } }) => r.params.username)).toEqual(['bob']);
      expect((await admin.get('/admin/api/resources/users/actions/list?filters.username=%25').expect(200)).body.records).toEqual([]);
      expect((await admin.get('/admin/api/resources/users/actions/list?filters.role=mod').expect(200)).body.records).toEqual([]); // roles match exactly
      const bob = res.body.records[0].params;
      expect(bob.uploads).toBe(1);
      expect(bob.storageUsed).toMatch(/^\d+(\.\d)? (bytes|KB)$/);
      const all = await admin.get('/admin/api/resources/users/actions/list?perPage=100').expect(200);
      const [{ passwordHash }] = await t.dataSource.query('SELECT "passwordHash" FROM users WHERE username = $1', ['bob']);
      expect(all.text).not.toContain(passwordHash);
      expect(all.text).not.toMatch(/passwordHash|sessionVersion/);
      const show = await admin.get(`/admin/api/resources/users/records/${ids.bob}/show`).expect(200);
      expect(show.text).not.toContain(passwordHash);
    });

    it('disabling a user through the panel stops their API token; enabling brings it back', async () => {
      await api().get('/api/users/me').set('Authorization', tokens.bob).expect(200);
      // The confirmation page loads the record by GET; only the POST acts.
      await admin.get(`/admin/api/resources/users/records/${ids.bob}/disable`).expect(200);
      await api().get('/api/users/me').set('Authorization', tokens.bob).expect(200);
      const res = await userAction(admin, ids.bob, 'disable').expect(200);
      expect(res.body.notice.type).toBe('success');
      expect(res.body.record.params.disabled).toBe(true);
      await api().get('/api/users/me').set('Authorization', tokens.bob).expect(401);
      await userAction(admin, ids.bob, 'enable').expect(200);
      await api().get('/api/users/me').set('Authorization', tokens.bob).expect(200);
    });

    it('creates users through the service (hashed password, validated fields)', async () => {
      const res = await post(admin, '/admin/api/resources/users/actions/new').send({ username: 'carol', password: 'carol-password', email: 'carol@example.org', role: 'user' }).expect(200);
      expect(res.body.notice).toMatchObject({ type: 'success' });
      expect(res.body.redirectUrl).toMatch(/^\/admin\/resources\/users\/records\/[0-9a-f-]{36}\/show$/);
      await loginAs(t, 'carol', 'carol-password');
      const bad = await post(admin, '/admin/api/resources/users/actions/new').send({ username: 'x', password: 'short', role: 'owner' }).expect(200);
      expect(bad.body.notice.type).toBe('error');
      expect(bad.body.notice.message).toMatch(/username.*password.*role/s);
      const taken = await post(admin, '/admin/api/resources/users/actions/new').send({ username: 'CAROL', password: 'password123', role: 'user' }).expect(200);
      expect(taken.body.notice).toEqual({ message: 'That username is already taken', type: 'error' });
    });

    it('resets a password to a generated one shown once; the old password and sessions stop working', async () => {
      const session = await loginAs(t, 'carol', 'carol-password');
      const [{ id }] = await t.dataSource.query(`SELECT id FROM users WHERE username = 'carol'`);
      const res = await userAction(admin, id, 'resetPassword').expect(200);
      const password = res.body.secret.value as string;
      expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
      expect(JSON.stringify(res.body.notice)).not.toContain(password);
      await api().get('/api/users/me').set('Authorization', `Bearer ${session}`).expect(401);
      await api().post('/api/auth/login').send({ username: 'carol', password: 'carol-password' }).expect(401);
      await loginAs(t, 'carol', password);
    });

    it('sets a quota that the upload path enforces, and changes roles with the API’s safety rules', async () => {
      const edit = (id: string, fields: Record<string, string>) => userAction(admin, id, 'edit').send(fields).expect(200);
      const res = await edit(ids.bob, { quotaBytes: '10', quotaFiles: '' });
      expect(res.body.notice.type).toBe('success');
      expect((await t.dataSource.query('SELECT "quotaBytes", "quotaFiles" FROM users WHERE id = $1', [ids.bob]))[0]).toEqual({ quotaBytes: '10', quotaFiles: null });
      const refused = await photo(48, 32, 99).then((png) => api().post('/api/upload').set('Authorization', tokens.bob).attach('upload', png, 'big.png'));
      expect(refused.status).toBe(413);
      expect((await edit(ids.bob, { quotaBytes: '-5' })).body.notice.type).toBe('error');
      await edit(ids.bob, { quotaBytes: '' });
      await uploadAs(tokens.bob, 2);

      const [{ id: adminId }] = await t.dataSource.query('SELECT id FROM users WHERE username = $1', [ADMIN.username]);
      const self = await edit(adminId, { role: 'user' });
      expect(self.body.notice).toEqual({ message: 'You cannot demote or disable yourself', type: 'error' });
      expect((await t.dataSource.query('SELECT role FROM users WHERE id = $1', [adminId]))[0].role).toBe('admin');
      await edit(ids.moe, { role: 'moderator' });
      expect((await t.dataSource.query('SELECT role FROM users WHERE id = $1', [ids.moe]))[0].role).toBe('moderator');
    });

    it('lists a user’s API tokens without their hashes and revokes one', async () => {
      const res = await admin.get(`/admin/api/resources/api-tokens/actions/list?filters.userId=${ids.bob}`).expect(200);
      expect(res.body.records).toHaveLength(1);
      expect(res.body.records[0].params).toMatchObject({ name: 'sharex', userId: ids.bob, hint: tokens.bob.slice(0, 11) });
      expect(res.text).not.toMatch(/secretHash/);
      const [{ secretHash }] = await t.dataSource.query('SELECT "secretHash" FROM api_tokens WHERE "userId" = $1', [ids.bob]);
      expect(res.text).not.toContain(secretHash);
      const tokenId = res.body.records[0].id;
      await post(admin, `/admin/api/resources/api-tokens/records/${tokenId}/revoke`).expect(200);
      await api().get('/api/users/me').set('Authorization', tokens.bob).expect(401);
      const again = await post(admin, `/admin/api/resources/api-tokens/records/${tokenId}/revoke`).expect(200);
      expect(again.body.notice.type).toBe('error');
      const created = await api().post('/api/tokens').set('Authorization', `Bearer ${await loginAs(t, 'bob', 'password123')}`).send({ name: 'again' }).expect(201);
      tokens.bob = created.body.secret;
    });

    it('creates invites through the service, showing the code once, and revokes them', async () => {
      const create = () => post(admin, '/admin/api/resources/invites/actions/new').send({ role: 'moderator', maxUses: '2', expiresInHours: '24' }).expect(200);
      const res = await create();
      const code = res.body.secret.value as string;
      expect(code).toMatch(/^ih_inv_/);
      const registered = await api().post('/api/auth/register').send({ username: 'dora', password: 'password123', inviteCode: code }).expect(201);
      expect(registered.body.user.role).toBe('moderator');

      const second = (await create()).body.secret.value as string;
      const list = await admin.get('/admin/api/resources/invites/actions/list').expect(200);
      const hashes: Array<{ codeHash: string }> = await t.dataSource.query('SELECT "codeHash" FROM invites');
      for (const { codeHash } of hashes) expect(list.text).not.toContain(codeHash);
      expect(list.text).not.toContain(second);
      const newest = list.body.records[0];
      expect(newest.params).toMatchObject({ role: 'moderator', uses: 0, maxUses: 2, revokedAt: null });
      await post(admin, `/admin/api/resources/invites/records/${newest.id}/revoke`).expect(200);
      await api().post('/api/auth/register').send({ username: 'erin', password: 'password123', inviteCode: second }).expect(403);
      const invalid = await post(admin, '/admin/api/resources/invites/actions/new').send({ maxUses: '0' }).expect(200);
      expect(invalid.body.notice.type).toBe('error');
    });
  });

  describe('uploads', () => {
    it('lists uploads with thumbnails, filters by owner and type, and serves thumbnails only to staff', async () => {
      const res = await admin.get(`/admin/api/resources/uploads/actions/list?filters.ownerId=${ids.bob}&filters.format=webp`).expect(200);
      expect(res.body.records.length).toBeGreaterThanOrEqual(1);
      for (const record of res.body.records) expect(record.params).toMatchObject({ ownerId: ids.bob, format: 'webp' });
      expect(res.body.records[0].populated.ownerId.params.username).toBe('bob');
      const none = await admin.get(`/admin/api/resources/uploads/actions/list?filters.format=gif`).expect(200);
      expect(none.body.records).toEqual([]);
      const thumb = await admin.get(res.body.records[0].params.thumbnail).expect(200);
      expect(thumb.headers['content-type']).toBe('image/webp');
      expect(thumb.headers['cache-control']).toBe('private, max-age=600');
      await panel().get(res.body.records[0].params.thumbnail).expect(401);
    });

    it('staff thumbnails never use up a view-limited link', async () => {
      const up = await uploadAs(tokens.bob, 3, { 'Max-Views': '1' });
      await admin.get(`/admin/media/${up.body.id}/preview`).expect(200);
      await admin.get(`/admin/media/${up.body.id}/thumb`).expect(200);
      await api().get(new URL(up.body.rawUrl).pathname).expect(200);
      await api().get(new URL(up.body.rawUrl).pathname).expect(404);
    });

    it('deleting through the panel removes the file and the link, and fires upload.deleted', async () => {
      const up = await uploadAs(tokens.bob, 4);
      const file = blobFiles().find((f) => f.includes(up.body.sha256));
      expect(file).toBeDefined();
      expect(statSync(join(t.config.dataDir, 'files', 'blobs', file!)).size).toBe(up.body.size);
      const deleted: unknown[] = [];
      t.app.get(EventEmitter2).on('upload.deleted', (e: unknown) => deleted.push(e));
      const res = await post(admin, `/admin/api/resources/uploads/records/${up.body.id}/delete`).expect(200);
      expect(res.body.notice.type).toBe('success');
      expect(blobFiles().some((f) => f.includes(up.body.sha256))).toBe(false);
      await api().get(new URL(up.body.rawUrl).pathname).expect(404);
      expect(deleted).toEqual([expect.objectContaining({ imageId: up.body.id, by: 'admin' })]);
    });

    it('bulk-deletes uploads', async () => {
      const a = await uploadAs(tokens.bob, 5);
      const b = await uploadAs(tokens.bob, 6);
      const res = await post(admin, `/admin/api/resources/uploads/bulk/bulkDelete?recordIds=${a.body.id},${b.body.id}`).expect(200);
      expect(res.body.notice).toEqual({ message: 'Took down 2 uploads', type: 'success' });
      for (const up of [a, b]) await api().get(new URL(up.body.rawUrl).pathname).expect(404);
      expect(await t.dataSource.query('SELECT id FROM images WHERE id = ANY($1::uuid[])', [[a.body.id, b.body.id]])).toEqual([]);
    });
  });

  describe('moderators and CSRF', () => {
    let mod: Agent;
    beforeAll(async () => {
      const signed = await signIn('moe', 'password123');
      expect(signed.res.status).toBe(302);
      mod = signed.agent;
    });

    it('a moderator sees the dashboard and uploads but is refused users, tokens and invites', async () => {
      await mod.get('/admin/api/dashboard').expect(200);
      const uploads = await mod.get(`/admin/api/resources/uploads/actions/list?filters.ownerId=${ids.bob}`).expect(200);
      expect(uploads.body.records.length).toBeGreaterThan(0);
      expect(uploads.body.records[0].populated.ownerId.params).toEqual({ id: ids.bob, username: 'bob' });
      const refused = await mod.get('/admin/api/resources/users/actions/list').expect(403);
      expect(refused.body).toMatchObject({ statusCode: 403, error: 'Forbidden' });
      await mod.get(`/admin/api/resources/users/records/${ids.bob}/show`).expect(403);
      await post(mod, `/admin/api/resources/users/records/${ids.bob}/disable`).expect(403);
      await mod.get('/admin/resources/users').expect(403);
      await mod.get('/admin/api/resources/api-tokens/actions/list').expect(403);
      await post(mod, '/admin/api/resources/invites/actions/new').send({ role: 'admin' }).expect(403);
      expect((await t.dataSource.query('SELECT disabled FROM users WHERE id = $1', [ids.bob]))[0].disabled).toBe(false);
    });

    it('a moderator takes an upload down through the panel’s API (moderation)', async () => {
      const up = await uploadAs(tokens.bob, 7);
      const deleted: unknown[] = [];
      t.app.get(EventEmitter2).on('upload.deleted', (e: unknown) => deleted.push(e));
      await post(mod, `/admin/api/resources/uploads/records/${up.body.id}/delete`).expect(200);
      await api().get(new URL(up.body.rawUrl).pathname).expect(404);
      // Recorded as the moderator's doing, not an admin's.
      expect(deleted).toEqual([expect.objectContaining({ imageId: up.body.id, by: 'moderator' })]);
    });

    it('takes no files: a file in a form is refused before it is stored', async () => {
      // formidable 1 would keep an accepted file as <tmpdir>/upload_<hex>.
      const parked = () => readdirSync(tmpdir()).filter((name) => name.startsWith('upload_'));
      const before = parked();
      const res = await admin
        .post(`/admin/api/resources/users/records/${ids.bob}/edit`)
        .set('Origin', base)
        .field('quotaBytes', '1')
        .attach('file', Buffer.alloc(200_000, 1), 'payload.bin')
        .expect(400);
      expect(res.body.message).toBe('The staff panel takes no file uploads');
      expect((await t.dataSource.query('SELECT "quotaBytes" FROM users WHERE id = $1', [ids.bob]))[0].quotaBytes).toBeNull();
      expect(parked().filter((name) => !before.includes(name))).toEqual([]);
    });

    it('refuses cross-site changes and never changes anything on GET', async () => {
      await admin.post(`/admin/api/resources/users/records/${ids.bob}/disable`).set('Origin', 'https://evil.example').expect(403);
      await admin.post(`/admin/api/resources/users/records/${ids.bob}/disable`).set('Referer', 'https://evil.example/page').expect(403);
      await admin.get(`/admin/api/resources/users/records/${ids.bob}/disable`).expect(200);
      await admin.get(`/admin/api/resources/users/records/${ids.bob}/resetPassword`).expect(200);
      await loginAs(t, 'bob', 'password123');
      expect((await t.dataSource.query('SELECT disabled FROM users WHERE id = $1', [ids.bob]))[0].disabled).toBe(false);
    });

    it('demoting or disabling a staff member ends their panel session at once', async () => {
      await mod.get('/admin/api/dashboard').expect(200);
      await post(admin, `/admin/api/resources/users/records/${ids.moe}/edit`).send({ role: 'user' }).expect(200);
      const res = await mod.get('/admin/api/dashboard').expect(302);
      expect(res.headers.location).toBe('/admin/login');
      expect(await t.dataSource.query('SELECT sid FROM admin_sessions WHERE "userId" = $1', [ids.moe])).toEqual([]);
    });
  });

  it('the dashboard counts uploads per day, storage, users and top uploaders from the database', async () => {
    const res = await admin.get('/admin/api/dashboard').expect(200);
    const data = res.body;
    expect(data.uploadsPerDay).toHaveLength(30);
    const today = new Date().toISOString().slice(0, 10);
    expect(data.uploadsPerDay.at(-1).day).toBe(today);
    const [{ uploads }] = await t.dataSource.query(`SELECT COUNT(*)::int AS uploads FROM images WHERE "createdAt" >= date_trunc('day', now() AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'`);
    expect(data.uploadsPerDay.at(-1).uploads).toBe(uploads);
    const [{ bytes, blobs }] = await t.dataSource.query('SELECT COALESCE(SUM(size), 0)::int AS bytes, COUNT(*)::int AS blobs FROM blobs');
    expect(data.storage).toMatchObject({ storedBytes: bytes, blobs });
    const [{ users }] = await t.dataSource.query('SELECT COUNT(*)::int AS users FROM users');
    expect(data.users.total).toBe(users);
    expect(data.topUploaders[0]).toMatchObject({ username: 'bob', ownerId: ids.bob });
  });
});
