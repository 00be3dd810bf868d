import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { PROJECT_ROOT } from '../src/common/package-info.js';
import { createDatabase } from './utils/databases.js';
import { type ServerProcess, spawnServer, waitForHealthy } from './utils/server-process.js';
import { testDatabaseKind } from './utils/test-app.js';

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');
const PASSWORD = 'browser-test-admin-password';

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  process.stderr.write(`Skipping the staff panel browser test: ${CHROMIUM} is missing (apt-get install -y chromium; CI installs it in .ci/run)\n`);
}

/**
 * The panel as staff see it: the built server as its own process, driven by headless Chromium. Both ways
 * AdminJS bundles the custom components run: on the PostgreSQL pass as in production (NODE_ENV=production,
 * bundled at start-up), on the PGlite pass as with `npm start` (bundled on the first page load).
 */
(haveChromium ? describe : describe.skip)('staff panel in headless Chromium', () => {
  const mode = testDatabaseKind() === 'postgres' ? 'production' : 'development';
  let server: ServerProcess;
  let browser: Browser;
  let dataDir: string;
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let base: string;
  let bob: { id: string; token: string };
  let env: Record<string, string>;
  const pageErrors: string[] = [];

  const json = async (path: string, init: RequestInit & { token?: string } = {}): Promise<any> => {
    const headers: Record<string, string> = { ...(init.token ? { Authorization: init.token } : {}) };
    if (typeof init.body === 'string') headers['content-type'] = 'application/json';
    const res = await fetch(`${base}${path}`, { ...init, headers });
    if (!res.ok) throw new Error(`${init.method ?? 'GET'} ${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'imagehive-browser-'));
    env = {
      IMAGEHIVE_DATA_DIR: dataDir,
      IMAGEHIVE_ADMIN_PASSWORD: PASSWORD,
      IMAGEHIVE_REGISTRATION: 'open',
      IMAGEHIVE__ADMIN__ENABLED: 'true',
      NODE_ENV: mode,
      LOG_LEVEL: 'warn',
    };
    if (mode === 'production') env.IMAGEHIVE_ADMIN_SESSION_SECRET = 'a-session-secret-for-the-browser-test-0123456789';
    if (testDatabaseKind() === 'postgres') {
      database = await createDatabase();
      env.DATABASE_URL = database.url;
    }
    server = await spawnServer(env);
    await waitForHealthy(server, 150_000);
    base = `http://127.0.0.1:${server.port}`;

    const registered = await json('/api/auth/register', { method: 'POST', body: JSON.stringify({ username: 'bob', password: 'password123' }) });
    const token = await json('/api/tokens', { method: 'POST', token: `Bearer ${registered.accessToken}`, body: JSON.stringify({ name: 'sharex' }) });
    bob = { id: registered.user.id, token: token.secret };
    for (const seed of [1, 2]) {
      const form = new FormData();
      form.append('upload', new Blob([new Uint8Array(await photo(320, 200, seed))], { type: 'image/png' }), `photo${seed}.png`);
      await json('/api/upload', { method: 'POST', token: bob.token, body: form });
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await server?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const openPage = async (): Promise<Page> => {
    const page = await browser.newPage({ viewport: { width: 1440, height: 900 } });
    page.on('pageerror', (error) => pageErrors.push(String(error)));
    // Self-contained: AdminJS's stylesheet asks Google Fonts, which CI may not reach (or may hang on).
    await page.route((url) => url.origin !== base, (route) => route.abort());
    return page;
  };

  const signIn = async (page: Page) => {
    await page.goto(`${base}/admin`);
    await page.waitForURL(`${base}/admin/login`);
    await page.fill('input[name="email"]', 'admin');
    await page.fill('input[name="password"]', PASSWORD);
    await Promise.all([page.waitForURL(`${base}/admin`, { timeout: 60_000 }), page.click('form[action="/admin/login"] button')]);
  };

  it('signs in through the form, then shows the dashboard and the uploads list with thumbnails', async () => {
    const page = await openPage();
    await signIn(page);
    const dashboard = page.getByTestId('imagehive-dashboard');
    await dashboard.waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('card-uploads-value').textContent()).toBe('2');
    expect(await page.getByTestId('card-users-value').textContent()).toBe('2');
    expect(await page.getByTestId('top-uploaders').textContent()).toContain('bob');
    expect(await page.locator('[data-testid="uploads-chart"] > *').count()).toBe(30);
    await page.screenshot({ path: join(ARTIFACTS, `admin-dashboard-${mode}.png`), fullPage: true });

    await page.goto(`${base}/admin/resources/uploads`);
    const thumbnails = page.getByTestId('upload-thumbnail');
    await thumbnails.first().waitFor({ timeout: 30_000 });
    expect(await thumbnails.count()).toBe(2);
    // Loaded, not just present: the panel's media route answered with real images.
    await page.waitForFunction('[...document.querySelectorAll(\'img[data-testid="upload-thumbnail"]\')].every((img) => img.complete && img.naturalWidth > 0)', null, { timeout: 30_000 });
    expect(await page.locator('body').textContent()).toContain('bob');
    await page.screenshot({ path: join(ARTIFACTS, `admin-uploads-${mode}.png`), fullPage: true });
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('shows the moderation queue with thumbnails and approves a donation in bulk from the confirmation page', async () => {
    const donated: string[] = [];
    for (const seed of [11, 12]) {
      const form = new FormData();
      form.append('consent', 'true');
      form.append('labels', 'dog');
      form.append('image', new Blob([new Uint8Array(await sharp(await photo(320, 200, seed)).jpeg().toBuffer())], { type: 'image/jpeg' }), `dog${seed}.jpg`);
      donated.push((await json('/api/donations', { method: 'POST', body: form })).id);
    }
    const page = await openPage();
    await signIn(page);
    await page.goto(`${base}/admin/resources/moderation-queue`);
    const thumbnails = page.getByTestId('upload-thumbnail');
    await thumbnails.first().waitFor({ timeout: 60_000 });
    expect(await thumbnails.count()).toBe(2);
    await page.waitForFunction('[...document.querySelectorAll(\'img[data-testid="upload-thumbnail"]\')].every((img) => img.complete && img.naturalWidth > 0)', null, { timeout: 30_000 });
    expect(await page.locator('body').textContent()).toContain('dog');
    await page.screenshot({ path: join(ARTIFACTS, `admin-moderation-queue-${mode}.png`), fullPage: true });

    await page.goto(`${base}/admin/resources/moderation-queue/bulk/bulkApprove?recordIds=${donated.join(',')}`);
    const form = page.getByTestId('confirm-bulkApprove');
    await form.waitFor({ timeout: 60_000 });
    await form.locator('input[name="reason"]').fill('both fine');
    await Promise.all([page.waitForURL(`${base}/admin/resources/moderation-queue*`), form.locator('button[type="submit"]').click()]);
    await page.getByText('Approved 2 images').waitFor({ timeout: 30_000 });
    const { accessToken } = await json('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    const queue = await json('/api/moderation/queue', { token: `Bearer ${accessToken}` });
    expect(queue.items).toEqual([]);
    const approved = await json('/api/moderation/queue?queue=approved', { token: `Bearer ${accessToken}` });
    expect(approved.items.map((i: { id: string }) => i.id).sort()).toEqual([...donated].sort());
    await page.goto(`${base}/admin`);
    await page.getByTestId('imagehive-dashboard').waitFor({ timeout: 60_000 });
    expect(await page.getByTestId('card-donations-value').textContent()).toBe('2');
    expect(await page.getByTestId('card-pending-value').textContent()).toBe('0');
    expect(await page.locator('[data-testid="donations-chart"] > *').count()).toBe(30);
    expect(await page.getByTestId('top-labels').textContent()).toContain('dog');
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  it('disables a user from the confirmation page, and their API token stops working', async () => {
    const page = await openPage();
    await signIn(page);
    await page.goto(`${base}/admin/resources/users/records/${bob.id}/disable`);
    const form = page.getByTestId('confirm-disable');
    await form.waitFor({ timeout: 60_000 });
    expect(await form.textContent()).toContain('API tokens stop working');
    await Promise.all([page.waitForURL(`${base}/admin/resources/users/records/${bob.id}/show*`), form.locator('button[type="submit"]').click()]);
    await page.getByText('Enable', { exact: true }).waitFor({ timeout: 30_000 }); // the record page, now offering the opposite
    await page.screenshot({ path: join(ARTIFACTS, `admin-user-disabled-${mode}.png`), fullPage: true });
    const me = await fetch(`${base}/api/users/me`, { headers: { Authorization: bob.token } });
    expect(me.status).toBe(401);

    await page.goto(`${base}/admin/resources/users/records/${bob.id}/resetPassword`);
    await page.getByTestId('confirm-resetPassword').locator('button[type="submit"]').click();
    const secret = page.getByTestId('secret-value');
    await secret.waitFor({ timeout: 30_000 });
    const password = (await secret.textContent()) ?? '';
    expect(password).toMatch(/^[A-Za-z0-9]{20}$/);
    await page.screenshot({ path: join(ARTIFACTS, `admin-password-reset-${mode}.png`), fullPage: true });
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bob', password }) });
    expect(login.status).toBe(401); // the new password is right, but bob is still disabled
    const { accessToken } = await json('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: PASSWORD }) });
    await json(`/api/admin/users/${bob.id}`, { method: 'PATCH', token: `Bearer ${accessToken}`, body: JSON.stringify({ disabled: false }) });
    const again = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'bob', password }) });
    expect(again.status).toBe(200);
    await page.close();
    expect(pageErrors).toEqual([]);
  }, 180_000);

  (mode === 'production' ? it : it.skip)('bundles the components once: a restart of the same build reuses the bundle', async () => {
    const BUNDLING = /AdminJS: bundling user components/;
    expect(server.output()).toMatch(BUNDLING);
    await server.stop();
    server = await spawnServer(env);
    await waitForHealthy(server, 150_000);
    base = `http://127.0.0.1:${server.port}`;
    const page = await openPage();
    await signIn(page);
    // The dashboard is our component: it renders only if the kept bundle was served.
    await page.getByTestId('imagehive-dashboard').waitFor({ timeout: 60_000 });
    await page.close();
    expect(server.output()).not.toMatch(BUNDLING);
    expect(pageErrors).toEqual([]);
  }, 240_000);
});
