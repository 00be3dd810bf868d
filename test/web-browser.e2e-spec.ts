import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { PROJECT_ROOT } from '../src/common/package-info.js';
import { createTestApp, loginAs, type TestApp, testDatabaseKind } from './utils/test-app.js';

// Functions handed to page.evaluate run in the browser; the project compiles without the DOM library.
declare const document: any;
declare const navigator: any;
declare const window: any;
declare function getComputedStyle(element: unknown): any;

const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'];
const ARTIFACTS = join(PROJECT_ROOT, 'test', 'artifacts');
const TIMEOUT = 180_000;

const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) {
  process.stderr.write(`Skipping the web app browser tests: ${CHROMIUM} is missing (apt-get install -y chromium; CI installs it in .ci/run)\n`);
}

interface Focused {
  tag: string;
  id: string;
  text: string;
  outline: string;
}

/** The pages as a person uses them: the real app on a real port, driven by headless Chromium. */
(haveChromium ? describe : describe.skip)('web app in headless Chromium', () => {
  const db = testDatabaseKind();
  let t: TestApp;
  let browser: Browser;
  let base: string;
  let admin: string;
  let alice: string;
  let aliceId: string;
  const problems: string[] = [];
  const approved: Array<{ id: string; pairs: Array<{ id: string; name: string }> }> = [];

  const api = (method: 'get' | 'post' | 'put', path: string, session?: string) => {
    const req = t.http()[method](path);
    return session ? req.set('Authorization', `Bearer ${session}`) : req;
  };

  beforeAll(async () => {
    t = await createTestApp({
      'auth.registration': 'open',
      'dataset.anonymousDonationThrottle': { limit: 1000, ttlSeconds: 60 },
      'validation.voteThrottle': { limit: 1000, ttlSeconds: 60 },
      // The background re-estimation would recompute the probability the explore test sets.
      'validation.recomputeSeconds': 86_400,
    });
    await t.app.listen(0, '127.0.0.1');
    base = `http://127.0.0.1:${(t.app.getHttpServer().address() as AddressInfo).port}`;
    admin = await loginAs(t);
    const registered = (await api('post', '/api/auth/register').send({ username: 'alice', password: 'password123' }).expect(201)).body;
    alice = registered.accessToken;
    aliceId = registered.user.id;
    // Three public images of a dog for the validate, label and explore pages.
    for (const seed of [11, 12, 13]) {
      const data = await sharp(await photo(480, 360, seed)).jpeg().toBuffer();
      const { body } = await api('post', '/api/donations', admin).field('consent', 'true').field('labels', 'dog').attach('image', data, 'dog.jpg').expect(201);
      await api('post', `/api/moderation/images/${body.id}`, admin).send({ action: 'approve' }).expect(200);
      approved.push({ id: body.id, pairs: body.labels });
    }
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, TIMEOUT);

  afterAll(async () => {
    await browser?.close();
    await t?.close();
  });

  async function open(options: { locale?: string; viewport?: { width: number; height: number } } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ locale: options.locale ?? 'en-US', viewport: options.viewport ?? { width: 1280, height: 800 } });
    context.setDefaultTimeout(60_000); // the machine is shared: be patient, never assert on timing
    const page = await context.newPage();
    page.on('pageerror', (error) => problems.push(`${page.url()}: ${error.message}`));
    // A policy violation is logged as a console error; failed requests (a 404 we expect) are not collected.
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/i.test(message.text())) problems.push(`${page.url()}: ${message.text()}`);
    });
    await page.route((url) => url.origin !== base, (route) => route.abort()); // the machine is offline; so is the app
    return { context, page };
  }

  const shot = (page: Page, name: string) => page.screenshot({ path: join(ARTIFACTS, `web-${name}-${db}.png`), fullPage: true });

  async function signIn(page: Page, next = '/dashboard') {
    await page.goto(`${base}/login?next=${encodeURIComponent(next)}`);
    await page.fill('#username', 'alice');
    await page.fill('#password', 'password123');
    await Promise.all([page.waitForURL(`${base}${next}`), page.click('main form button[type="submit"]')]);
  }

  const focused = (page: Page): Promise<Focused> =>
    page.evaluate(() => {
      const el = document.activeElement;
      return { tag: el.tagName.toLowerCase(), id: el.id, text: (el.textContent ?? '').trim(), outline: getComputedStyle(el).outlineStyle };
    });

  /** Presses Tab until the focused element matches the selector; fails after `max` presses. */
  async function tabTo(page: Page, selector: string, max = 60): Promise<Focused> {
    for (let i = 0; i < max; i++) {
      await page.keyboard.press('Tab');
      if (await page.evaluate((s: string) => document.activeElement?.matches(s) ?? false, selector)) return focused(page);
    }
    throw new Error(`Tab never reached ${selector} on ${page.url()}`);
  }

  it('signs up on the register page and lands signed in; a taken name is refused in plain words, in German too', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/register`);
    await page.getByRole('heading', { level: 1, name: 'Create an account' }).waitFor();
    const submit = page.locator('main form button[type="submit"]');
    await page.fill('#username', 'alice');
    await page.fill('#password', 'another-password');
    await submit.click();
    await page.locator('#login-error').filter({ hasText: 'That username or email is already taken.' }).waitFor();
    expect(page.url()).toBe(`${base}/register`);
    await shot(page, 'register-taken');
    // The refused attempt changed nothing: alice's own password still works, the other one does not.
    await api('post', '/api/auth/login').send({ username: 'alice', password: 'password123' }).expect(200);
    await api('post', '/api/auth/login').send({ username: 'alice', password: 'another-password' }).expect(401);

    await page.fill('#username', 'bruno');
    await page.fill('#password', 'bruno-password');
    await Promise.all([page.waitForURL(`${base}/dashboard`), submit.click()]);
    await page.getByRole('heading', { level: 1, name: 'Hello, bruno' }).waitFor();
    // The tab's session is bruno's own, and the account takes its password on a fresh sign-in.
    const session = await page.evaluate(() => JSON.parse(window.sessionStorage.getItem('imagehive.session')));
    expect((await api('get', '/api/users/me', session.token).expect(200)).body).toMatchObject({ username: 'bruno', role: 'user' });
    await api('post', '/api/auth/login').send({ username: 'bruno', password: 'bruno-password' }).expect(200);
    await shot(page, 'register-done');
    await context.close();

    const german = await open({ locale: 'de-DE' });
    await german.page.goto(`${base}/register`);
    await german.page.getByRole('heading', { level: 1, name: 'Konto anlegen' }).waitFor();
    await german.page.fill('#username', 'bruno');
    await german.page.fill('#password', 'another-password');
    await german.page.locator('main form button[type="submit"]').click();
    await german.page.locator('#login-error').filter({ hasText: 'Dieser Benutzername oder diese E-Mail ist schon vergeben.' }).waitFor();
    await german.context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('signs in, then the dashboard lists, uploads, finds, copies and deletes uploads and hands out the ShareX file', async () => {
    const before = (await api('post', '/api/upload', alice).attach('upload', await photo(300, 200, 21), 'holiday.png').expect(201)).body;
    const { context, page } = await open();
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await signIn(page);
    await page.getByRole('heading', { level: 1, name: 'Hello, alice' }).waitFor();
    const tile = page.locator(`[data-upload="${before.slug}"]`);
    await tile.waitFor();
    expect(await tile.locator('img').getAttribute('src')).toBe(before.thumbnailUrl);
    await page.getByTestId('usage').filter({ hasText: '1 file' }).waitFor();

    await page.setInputFiles('#upload-files', { name: 'dropped.png', mimeType: 'image/png', buffer: await photo(200, 150, 22) });
    await page.locator('.tile', { hasText: 'dropped.png' }).waitFor();
    await page.getByTestId('usage').filter({ hasText: '2 files' }).waitFor();

    await tile.getByRole('button', { name: 'Copy link' }).click();
    await tile.getByRole('button', { name: 'Copied' }).waitFor();
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(before.url);
    expect(await tile.getByRole('link', { name: /^Open/ }).getAttribute('href')).toBe(before.url);

    await page.fill('#uploads-search', 'dropped');
    await tile.waitFor({ state: 'detached' });
    expect(await page.locator('.grid .tile').count()).toBe(1);
    await page.fill('#uploads-search', '');
    await tile.waitFor();
    await shot(page, 'dashboard');

    await tile.getByRole('button', { name: /^Delete/ }).click();
    await tile.getByRole('button', { name: 'Yes, delete' }).click();
    await tile.waitFor({ state: 'detached' });
    const mine = (await api('get', '/api/uploads', alice).expect(200)).body.items.map((i: { id: string }) => i.id);
    expect(mine).not.toContain(before.id);
    expect(mine).toHaveLength(1);
    await page.getByTestId('usage').filter({ hasText: '1 file' }).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: /ShareX/ }).click()]);
    expect(download.suggestedFilename()).toBe('imagehive.sxcu');
    const sxcu = JSON.parse(readFileSync((await download.path())!, 'utf8'));
    expect(sxcu).toMatchObject({ RequestURL: `${base}/api/upload`, FileFormName: 'upload' });
    expect(sxcu.Headers.Authorization).toMatch(/^ih_api_/);
    await page.locator('table').getByText(/^ShareX \(/).waitFor(); // its token is listed, and can be revoked there
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('shows an upload on its /v/ page: the image itself, and the OpenGraph tags a chat embeds it by', async () => {
    const upload = (await api('post', '/api/upload', alice).attach('upload', await photo(640, 400, 51), 'beach.png').expect(201)).body;
    const { context, page } = await open();
    await page.goto(upload.url);
    expect(page.url()).toBe(`${base}/v/${upload.slug}`);
    expect(await page.title()).toBe('beach.png');
    // Loaded and decoded: the bytes behind the link are the upload's own picture.
    await page.waitForFunction(() => (document.querySelector('img')?.naturalWidth ?? 0) > 0);
    const img = await page.evaluate(() => {
      const el = document.querySelector('img');
      return { src: el.src, width: el.naturalWidth, height: el.naturalHeight, alt: el.alt };
    });
    expect(img).toEqual({ src: upload.rawUrl, width: 640, height: 400, alt: 'beach.png' });
    // The stored format (a PNG may be kept as WebP): the type the image link itself is served with.
    const served = (await page.request.get(upload.rawUrl)).headers()['content-type'];
    expect(served).toMatch(/^image\/(png|webp)$/);
    const meta = await page.evaluate(() => Object.fromEntries([...document.querySelectorAll('meta[property]')].map((m: any) => [m.getAttribute('property'), m.content])));
    expect(meta).toMatchObject({
      'og:type': 'website',
      'og:title': 'beach.png',
      'og:url': upload.url,
      'og:image': upload.rawUrl,
      'og:image:type': served,
      'og:image:width': '640',
      'og:image:height': '400',
      'twitter:card': 'summary_large_image',
      'twitter:image': upload.rawUrl,
    });
    await shot(page, 'view');
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('donates photos in German with a label picked by autocomplete, shrinking the one wider than 4096 px', async () => {
    const { context, page } = await open({ locale: 'de-DE' });
    await page.goto(`${base}/donate`);
    await page.getByRole('heading', { level: 1, name: 'Fotos an den Datensatz spenden' }).waitFor();
    await page.setInputFiles('#donate-files', [
      { name: 'small.jpg', mimeType: 'image/jpeg', buffer: await sharp(await photo(320, 240, 31)).jpeg().toBuffer() },
      { name: 'wide.png', mimeType: 'image/png', buffer: await photo(4400, 300, 32) },
    ]);
    await page.locator('#donate-labels').pressSequentially('Hun', { delay: 40 });
    const option = page.getByRole('option', { name: /^Hund/ });
    await option.waitFor();
    expect(await page.locator('#donate-labels').getAttribute('aria-expanded')).toBe('true');
    await page.keyboard.press('Enter');
    const chip = page.locator('.chip[data-label="dog"]');
    await chip.waitFor();
    expect(await chip.textContent()).toContain('Hund');
    await page.getByRole('checkbox', { name: /Gemeinfreiheit/ }).check();
    await page.getByRole('button', { name: 'Spenden', exact: true }).click();
    const done = (name: string) => page.locator(`[data-file="${name}"][data-state="done"]`);
    await done('small.jpg').waitFor({ timeout: 90_000 });
    await done('wide.png').waitFor({ timeout: 90_000 });
    expect(await done('wide.png').textContent()).toContain('Verkleinert von 4400×300 auf 4096×279');
    await page.locator('.result').filter({ hasText: '2 Fotos gespendet.' }).waitFor();
    await shot(page, 'donate-de');

    const idOf = async (name: string) => (await done(name).locator('[data-id]').getAttribute('data-id'))!;
    expect(await page.locator('a[href^="/label/"]').count()).toBe(0); // an anonymous donor cannot open a pending image
    for (const name of ['small.jpg', 'wide.png']) {
      const image = (await api('get', `/api/images/${await idOf(name)}`, admin).expect(200)).body;
      expect(image).toMatchObject({ state: 'pending', license: 'CC0-1.0' });
      expect(image.labels.map((l: { name: string }) => l.name)).toEqual(['dog']);
      if (name === 'wide.png') expect([image.width, image.height]).toEqual([4096, 279]);
    }
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('validates three images with the keyboard: each key press stores that vote, the streak grows, training is explained', async () => {
    const { context, page } = await open();
    await page.goto(`${base}/validate`);
    for (const [key, answer] of [['y', 'yes'], ['n', 'no'], ['s', 'unsure']]) {
      const figure = page.locator('figure.task');
      await figure.waitFor();
      const pair = (await figure.getAttribute('data-pair'))!;
      expect(await figure.locator('h2').textContent()).toBe('Is there a dog in this image?');
      await page.waitForFunction(() => (document.querySelector('figure.task img')?.naturalWidth ?? 0) > 0);
      if (answer === 'yes') await shot(page, 'validate');
      await page.keyboard.press(key);
      await page.locator(`figure.task[data-pair="${pair}"]`).waitFor({ state: 'detached' });
      const votes = await t.dataSource.query('SELECT answer FROM votes WHERE "pairId" = $1', [pair]);
      expect(votes.map((v: { answer: string }) => v.answer)).toEqual([answer]);
    }
    await page.getByTestId('streak').filter({ hasText: 'Streak: 3 answers' }).waitFor();
    // A new voter starts in training (validation.trainingGold): the server says the vote did not count yet.
    await page.locator('.training').waitFor();
    await page.getByText('Nothing left to check right now.').waitFor();
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('labels an image in German: existing labels by their German names, a part suggested, a label picked', async () => {
    const { context, page } = await open({ locale: 'de-DE' });
    await signIn(page, `/label/${approved[1].id}`);
    await page.locator('.pair[data-label="dog"]').filter({ hasText: 'Hund' }).waitFor();
    await page.getByRole('button', { name: '+ Ohr von Hund' }).click();
    await page.locator('.pair[data-label="ear"]').filter({ hasText: 'Ohr von Hund' }).waitFor();
    await page.locator('#image-labels').pressSequentially('Katz', { delay: 40 });
    await page.getByRole('option', { name: /^Katze/ }).waitFor();
    await page.keyboard.press('Enter');
    await page.getByRole('button', { name: 'Zum Bild hinzufügen' }).click();
    await page.locator('.pair[data-label="cat"]').filter({ hasText: 'Katze' }).waitFor();
    await shot(page, 'label-de');
    const pairs = (await api('get', `/api/images/${approved[1].id}/labels`).expect(200)).body;
    expect(pairs.map((p: { name: string; parent: string | null }) => [p.name, p.parent]).sort()).toEqual([
      ['cat', null],
      ['dog', null],
      ['ear', 'dog'],
    ]);
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('explores: a syntax error is drawn under the offending character, a good query counts and lists, its export downloads what the API exports', async () => {
    // A confirmed label takes many counted votes: the test sets the probability and the count they would produce
    // (the export also wants at least 3 yes/no votes behind a label).
    await t.dataSource.query('UPDATE image_labels SET probability = 0.99, yes = 5 WHERE id = $1', [approved[0].pairs[0].id]);
    const { context, page } = await open();
    await page.goto(`${base}/explore`);
    await page.getByTestId('count').filter({ hasText: '3 images match' }).waitFor();
    await page.locator('#query').fill('dog & ');
    const error = page.getByTestId('query-error');
    await error.waitFor();
    expect(await error.textContent()).toContain("Query error: Expected a label, '(' or '~' after '&'");
    expect(await page.locator('#query').getAttribute('aria-invalid')).toBe('true');
    const geometry = await page.evaluate(() => {
      const input = document.querySelector('#query');
      const mark = document.querySelector('[data-testid="query-error-mark"]');
      const style = getComputedStyle(input);
      const context = document.createElement('canvas').getContext('2d');
      context.font = `${style.fontSize} ${style.fontFamily}`;
      const box = input.getBoundingClientRect();
      return {
        expected: box.left + parseFloat(style.borderLeftWidth) + parseFloat(style.paddingLeft) + context.measureText(input.value.slice(0, 6)).width - input.scrollLeft,
        actual: mark.getBoundingClientRect().left,
        markTop: mark.getBoundingClientRect().top,
        inputBottom: box.bottom,
      };
    });
    expect(Math.abs(geometry.actual - geometry.expected)).toBeLessThan(2);
    expect(geometry.markTop).toBeGreaterThanOrEqual(geometry.inputBottom - 1);
    await shot(page, 'explore-error');
    // "Go to the error" selects it in the input, for keyboard users.
    await error.getByRole('button').click();
    expect(await page.evaluate(() => document.activeElement.selectionStart)).toBe(6);

    await page.locator('#query').fill('dog');
    await page.getByTestId('count').filter({ hasText: '1 image matches' }).waitFor();
    await error.waitFor({ state: 'detached' });
    expect(await page.locator('.grid .tile a').getAttribute('href')).toBe(`/label/${approved[0].id}`);
    expect(page.url()).toBe(`${base}/explore?q=dog`);
    await shot(page, 'explore');

    await page.selectOption('#export-format', 'csv');
    const [download, request] = await Promise.all([
      page.waitForEvent('download'),
      page.waitForRequest((r) => r.url().includes('/api/export')),
      page.getByRole('button', { name: 'Download export' }).click(),
    ]);
    expect(Object.fromEntries(new URL(request.url()).searchParams)).toEqual({ query: 'dog', minProbability: '0.95', format: 'csv' });
    // Saved under the name the server gives (Content-Disposition), holding what the API exports for the same query.
    expect(download.suggestedFilename()).toMatch(/^imagehive-\d{4}-\d{2}-\d{2}\.csv$/);
    const file = readFileSync((await download.path())!, 'utf8');
    expect(file).toBe((await api('get', '/api/export?format=csv&query=dog&minProbability=0.95').expect(200)).text);
    const rows = file.split('\r\n').filter(Boolean).map((row) => row.split(','));
    expect(rows[0]).toEqual(['image_id', 'file_name', 'width', 'height', 'label', 'probability', 'yes', 'no', 'unsure', 'url']);
    // Exactly the image the page lists for 'dog', once, with its label.
    expect(rows.slice(1).map((row) => [row[0], row[4], row[6]])).toEqual([[approved[0].id, 'dog', '5']]);
    await page.locator('.export [role="status"]').filter({ hasText: `${download.suggestedFilename()} downloaded.` }).waitFor();
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('annotates: a box drawn with the mouse at 150 % zoom is stored in image pixels; undo, a refused polygon, a stale save, editing a reopened drawing', async () => {
    // A confirmed label is what the task queue offers; the test sets the probability enough votes would give.
    const target = approved[2];
    await t.dataSource.query('UPDATE image_labels SET probability = 0.99 WHERE id = $1', [target.pairs[0].id]);
    const { context, page } = await open();
    await signIn(page, '/annotate?label=dog');
    const instruction = page.locator('#annotate-instruction');
    await instruction.filter({ hasText: 'Draw every dog in this image.' }).waitFor();
    const pair = (await instruction.getAttribute('data-pair'))!;
    const imageId = approved.find((image) => image.pairs.some((p) => p.id === pair))!.id;
    const canvas = page.locator('canvas.annotate-canvas');
    await page.keyboard.press('+');
    await page.locator('.toolbar output').filter({ hasText: '150%' }).waitFor();
    await page.waitForFunction(() => document.querySelector('canvas.annotate-canvas')?.getBoundingClientRect().width === 720);

    // Screen pixels at 150 %: the box from (150, 75) to (450, 375) on the canvas is (100, 50)–(300, 250) in the image.
    async function drag(from: [number, number], to: [number, number]) {
      const box = (await canvas.boundingBox())!;
      await page.mouse.move(box.x + from[0], box.y + from[1]);
      await page.mouse.down();
      await page.mouse.move(box.x + (from[0] + to[0]) / 2, box.y + (from[1] + to[1]) / 2, { steps: 4 });
      await page.mouse.move(box.x + to[0], box.y + to[1], { steps: 4 });
      await page.mouse.up();
    }
    const shapes = page.locator('.shape-list > li');
    await drag([150, 75], [450, 375]);
    await shapes.first().waitFor();
    await drag([600, 420], [690, 500]);
    await page.locator('.shape-list > li[data-shape="1"]').waitFor();
    await shot(page, 'annotate');
    await page.keyboard.press('Control+z');
    await page.locator('.shape-list > li[data-shape="1"]').waitFor({ state: 'detached' });
    expect(await shapes.count()).toBe(1);
    // A polygon whose outline crosses itself: clicked point by point, closed with Enter, refused by the server (422).
    await page.keyboard.press('p');
    const box = (await canvas.boundingBox())!;
    for (const [x, y] of [[480, 300], [660, 480], [660, 300], [480, 480]]) await page.mouse.click(box.x + x, box.y + y);
    await page.keyboard.press('Enter'); // closes the polygon
    await page.locator('.shape-list > li[data-shape="1"]').filter({ hasText: 'polygon with 4 points' }).waitFor();
    await page.keyboard.press('Enter'); // submits
    await page.getByTestId('annotate-invalid').filter({ hasText: 'Shape 2: the outline crosses itself' }).waitFor();
    expect(await page.locator('.shape-list > li.invalid').getAttribute('data-shape')).toBe('1');
    await page.keyboard.press('Delete'); // the refused shape is the selected one
    await page.locator('.shape-list > li[data-shape="1"]').waitFor({ state: 'detached' });
    await page.keyboard.press('Enter');
    await page.getByTestId('annotate-saved').filter({ hasText: 'Saved as revision 1.' }).waitFor();

    const [annotation] = await t.dataSource.query('SELECT id FROM annotations WHERE "pairId" = $1', [pair]);
    const stored = (await api('get', `/api/annotations/${annotation.id}/revisions/1`).expect(200)).body;
    expect(stored.shapes).toHaveLength(1);
    const rect = stored.shapes[0];
    expect(rect.type).toBe('rect');
    for (const [key, value] of Object.entries({ x: 100, y: 50, width: 200, height: 200 })) expect([key, Math.abs(rect[key] - value) <= 1.5]).toEqual([key, true]);
    const listed = (await api('get', `/api/images/${imageId}/annotations`).expect(200)).body.labels;
    expect(listed.flatMap((l: { annotations: Array<{ id: string }> }) => l.annotations.map((x) => x.id))).toContain(annotation.id);

    // Someone else saves revision 2 meanwhile; our save of an edit to revision 1 is refused and says so.
    await api('put', `/api/annotations/${annotation.id}`, admin).send({ revision: 1, shapes: [{ type: 'rect', x: 10, y: 10, width: 50, height: 40 }] }).expect(200);
    await page.keyboard.press('i'); // a box in the middle, by keyboard
    await page.keyboard.press('Shift+ArrowRight');
    await page.locator('.shape-list > li[data-shape="1"]').filter({ hasText: 'box at 190, 135, 120 × 90 px' }).waitFor();
    await page.getByRole('button', { name: 'Save revision' }).click();
    const conflict = page.getByTestId('annotate-conflict');
    await conflict.filter({ hasText: 'someone saved a newer revision (2)' }).waitFor();
    await shot(page, 'annotate-conflict');
    await conflict.getByRole('button', { name: 'Load revision 2' }).click();
    await page.locator('.shape-list > li').filter({ hasText: 'box at 10, 10, 50 × 40 px' }).waitFor();
    expect(await shapes.count()).toBe(1);
    await page.getByRole('button', { name: 'Save revision' }).click();
    await page.getByTestId('annotate-saved').filter({ hasText: 'Saved as revision 3.' }).waitFor();
    expect((await api('get', `/api/annotations/${annotation.id}`).expect(200)).body).toMatchObject({ revision: 3 });
    // A drawing can be opened again by its id, to revise it.
    await page.goto(`${base}/annotate?annotation=${annotation.id}`);
    await page.locator('.shape-list > li').filter({ hasText: 'box at 10, 10, 50 × 40 px' }).waitFor();
    await page.getByRole('button', { name: 'Save revision' }).waitFor();
    // The select tool at 100 %: a click picks the box, its corner is dragged, then the box itself.
    await page.keyboard.press('v');
    await page.locator('button[data-tool="select"][aria-pressed="true"]').waitFor();
    await page.waitForFunction(() => document.querySelector('canvas.annotate-canvas')?.getBoundingClientRect().width === 480);
    const whole = (await canvas.boundingBox())!;
    await page.mouse.click(whole.x + 30, whole.y + 30);
    await page.locator('.shape-list button[aria-pressed="true"]').waitFor();
    await drag([60, 50], [100, 80]);
    await page.locator('.shape-list > li').filter({ hasText: 'box at 10, 10, 90 × 70 px' }).waitFor();
    await drag([50, 40], [70, 50]);
    await page.locator('.shape-list > li').filter({ hasText: 'box at 30, 20, 90 × 70 px' }).waitFor();
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('shows the statistics the API reports, in German with German label names', async () => {
    const { context, page } = await open({ locale: 'de-DE' });
    await page.goto(`${base}/statistics`);
    await page.getByRole('heading', { level: 1, name: 'Statistik des Datensatzes' }).waitFor();
    await page.locator('.stats-table tr[data-label="dog"]').waitFor();
    const stats = (await api('get', '/api/statistics').expect(200)).body;
    const format = new Intl.NumberFormat('de');
    for (const [key, value] of Object.entries(stats.totals as Record<string, number>)) {
      expect([key, await page.locator(`[data-stat="${key}"] dd`).textContent()]).toEqual([key, format.format(value)]);
    }
    expect(stats.totals.approvedImages).toBeGreaterThanOrEqual(3);
    const dog = stats.perLabel.find((row: { label: string }) => row.label === 'dog');
    const cells = await page.locator('.stats-table tr[data-label="dog"]').locator('th, td').allTextContents();
    expect(cells).toEqual(['Hund', format.format(dog.images), format.format(dog.confirmed), format.format(dog.votes)]);
    // Names are quoted for the query language, so labels with spaces or keywords open a working query.
    expect(await page.locator('.stats-table tr[data-label="dog"] a').getAttribute('href')).toBe(`/explore?q=${encodeURIComponent("'dog'")}`);
    const today = stats.perDay[stats.perDay.length - 1];
    expect(await page.locator(`tr[data-day="${today.day}"] td`).allTextContents()).toEqual([format.format(today.donations), format.format(today.votes), '']);
    expect(await page.locator('tr[data-day]').count()).toBe(30);
    await shot(page, 'statistics-de');
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('tells a German user what went wrong in German: a file that is no image, a broken query', async () => {
    const { context, page } = await open({ locale: 'de-DE' });
    await signIn(page);
    // Named and typed as a PNG, so the browser sends it; the server looks at the bytes and refuses them (415).
    await page.setInputFiles('#upload-files', { name: 'notes.png', mimeType: 'image/png', buffer: Buffer.from('not an image at all\n'.repeat(20)) });
    await page.locator('.jobs li', { hasText: 'notes.png' }).locator('.error').filter({ hasText: 'Diese Datei ist kein Bildformat, das der Server annimmt.' }).waitFor();
    await shot(page, 'error-upload-de');
    await page.goto(`${base}/explore`);
    await page.locator('#query').fill('dog & ');
    // The column in German, and the parser's explanation with it (as the server sends it).
    const queryError = page.getByTestId('query-error').filter({ hasText: '(an Zeichen 7)' });
    await queryError.waitFor();
    expect(await queryError.textContent()).toMatch(/^Fehler in der Abfrage: .*Expected a label, '\(' or '~' after '&'/);
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('speaks German to a German browser, and the language menu switches to English for good', async () => {
    const { context, page } = await open({ locale: 'de-DE' });
    await page.goto(`${base}/`);
    await page.getByRole('navigation').getByRole('link', { name: 'Spenden' }).waitFor();
    expect(await page.getAttribute('html', 'lang')).toBe('de');
    expect(await page.title()).toBe('Willkommen · Imagehive');
    expect(await page.locator('h1').textContent()).toBe('Bilder, gehostet und von vielen beschriftet');
    await shot(page, 'home-de');
    await page.getByLabel('Sprache').selectOption('en');
    await page.waitForFunction(() => document.documentElement.lang === 'en' && document.querySelector('nav a')?.textContent === 'Donate');
    const again = await context.newPage();
    await again.goto(`${base}/validate`); // the browser still asks for German; the choice wins
    await again.getByRole('heading', { level: 1, name: 'Validate labels' }).waitFor();
    expect(await again.getAttribute('html', 'lang')).toBe('en');
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('is usable with the keyboard alone: skip link, sign-in, the main actions, a drawn box, visible focus', async () => {
    await api('post', '/api/upload', alice).attach('upload', await photo(160, 120, 41), 'keyboard.png').expect(201);
    const { context, page } = await open();
    await page.goto(`${base}/`);
    await page.locator('main h1').waitFor();
    await page.keyboard.press('Tab');
    expect(await focused(page)).toMatchObject({ tag: 'a', text: 'Skip to content' });
    await page.keyboard.press('Enter');
    expect((await focused(page)).id).toBe('main');
    expect(await tabTo(page, 'main a[href="/donate"]')).toMatchObject({ text: 'Donate photos' });
    await Promise.all([page.waitForURL(`${base}/donate`), page.keyboard.press('Enter')]);
    await page.locator('h1').waitFor();
    for (const selector of ['#donate-files', '#donate-labels', 'input[name="consent"]']) await tabTo(page, selector);
    await page.keyboard.press('Space');
    expect(await page.locator('input[name="consent"]').isChecked()).toBe(true);
    const submit = await tabTo(page, 'main button[type="submit"]');
    expect(submit.text).toBe('Donate');
    expect(submit.outline).not.toBe('none'); // the focus ring shows

    await page.goto(`${base}/login?next=/dashboard`);
    await tabTo(page, '#username');
    await page.keyboard.type('alice');
    await page.keyboard.press('Tab');
    await page.keyboard.type('password123');
    await Promise.all([page.waitForURL(`${base}/dashboard`), page.keyboard.press('Enter')]);
    await page.locator('.tile').first().waitFor();
    for (const selector of ['#upload-files', '#uploads-search', '.tile button', '.tile a.button']) await tabTo(page, selector);
    expect((await tabTo(page, '.tile button')).text).toMatch(/^Delete/);
    await tabTo(page, 'main button:not(.tile button)'); // the ShareX download
    expect((await focused(page)).text).toMatch(/ShareX/);

    await page.goto(`${base}/validate`);
    await page.locator('figure.task').waitFor();
    const pair = await page.locator('figure.task').getAttribute('data-pair');
    expect((await tabTo(page, '.answers button.yes')).text).toBe('Yes Y');
    await page.keyboard.press('Enter');
    await page.getByTestId('streak').filter({ hasText: 'Streak: 1 answer' }).waitFor();
    const votes = await t.dataSource.query('SELECT v.answer FROM votes v JOIN voters u ON u.id = v."voterId" WHERE v."pairId" = $1 AND u."userId" = $2', [pair, aliceId]);
    expect(votes).toEqual([{ answer: 'yes' }]);

    // A box without a pointer: focus the canvas, insert one, move it with the arrow keys, submit with Enter.
    for (const image of [approved[0], approved[2]]) await t.dataSource.query('UPDATE image_labels SET probability = 0.99 WHERE id = $1', [image.pairs[0].id]);
    await page.goto(`${base}/annotate`);
    await page.locator('#annotate-instruction').waitFor();
    const drawn = (await page.locator('#annotate-instruction').getAttribute('data-pair'))!;
    await tabTo(page, 'canvas.annotate-canvas');
    expect((await focused(page)).outline).not.toBe('none');
    await page.keyboard.press('i');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.getByTestId('annotate-saved').waitFor();
    const [drawing] = await t.dataSource.query('SELECT r.shapes FROM annotations a JOIN annotation_revisions r ON r."annotationId" = a.id WHERE a."pairId" = $1', [drawn]);
    expect(drawing.shapes).toEqual([{ type: 'rect', x: 180, y: 136, width: 120, height: 90 }]);
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);

  it('fits a phone: no sideways scrolling on any page', async () => {
    const { context, page } = await open({ viewport: { width: 390, height: 844 } });
    await signIn(page);
    // The last one is an upload's /v/ page: served by the server alone (no app, no <main>), its picture is what shows.
    const view = `/v/${(await api('get', '/api/uploads', alice).expect(200)).body.items[0].slug}`;
    for (const path of ['/', '/register', '/dashboard', '/donate', '/validate', `/label/${approved[0].id}`, '/explore', '/annotate', '/statistics', view]) {
      await page.goto(`${base}${path}`);
      await page.locator(path === view ? 'body > img' : 'main h1').waitFor();
      await page.waitForLoadState('networkidle');
      const width = await page.evaluate(() => [document.documentElement.scrollWidth, window.innerWidth]);
      // What sticks out, unless a scrolling box (a wide table's wrapper) holds it.
      const wide = await page.evaluate(() => {
        const scrolled = (e: any): boolean => !!e.parentElement && (getComputedStyle(e.parentElement).overflowX !== 'visible' || scrolled(e.parentElement));
        return [...document.querySelectorAll('body *')]
          .filter((e: any) => e.getBoundingClientRect().right > window.innerWidth + 1 && !scrolled(e))
          .map((e: any) => `${e.tagName}.${e.className}#${e.id}`)
          .slice(0, 5);
      });
      expect([path, width[0] <= width[1], wide]).toEqual([path, true, []]);
      await shot(page, path === view ? 'phone-view' : `phone${path.replace(/\//g, '-').replace(/-[0-9a-f-]{36}$/, '') || '-home'}`);
    }
    await context.close();
    expect(problems).toEqual([]);
  }, TIMEOUT);
});
