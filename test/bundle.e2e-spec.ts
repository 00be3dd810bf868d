import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { runDawidSkene, simulateCrowd, standardVoters } from '../libs/consensus/index.js';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { PROJECT_ROOT } from '../src/common/package-info.js';
import { estimateVoters, type VoterEstimates } from '../src/validation/estimation.js';
import { createDatabase } from './utils/databases.js';
import { type ServerProcess, spawnServer, waitForHealthy } from './utils/server-process.js';
import { testDatabaseKind } from './utils/test-app.js';

// The other suites build the app from source; these check what only the production bundle (scripts/bundle.mjs)
// can get wrong: packages bundled twice or with the wrong exports, class names, files looked up at run time.
const ADMIN_PASSWORD = 'bundle-test-admin-password';

describe('the production bundle', () => {
  let server: ServerProcess;
  let base: string;
  let dataDir: string;
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;

  const call = (path: string, init: RequestInit & { token?: string } = {}) => {
    const headers = new Headers(init.headers);
    if (init.token) headers.set('authorization', init.token);
    if (typeof init.body === 'string') headers.set('content-type', 'application/json');
    return fetch(`${base}${path}`, { ...init, headers });
  };

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'imagehive-bundle-'));
    const env: Record<string, string> = {
      IMAGEHIVE_DATA_DIR: dataDir,
      IMAGEHIVE_REGISTRATION: 'open',
      IMAGEHIVE_ADMIN_PASSWORD: ADMIN_PASSWORD,
      IMAGEHIVE__ADMIN__ENABLED: 'true',
      IMAGEHIVE__PLUGINS: join(PROJECT_ROOT, 'test/fixtures/plugins/dist-define.plugin.mjs'),
      LOG_LEVEL: 'warn',
    };
    if (testDatabaseKind() === 'postgres') {
      database = await createDatabase();
      env.DATABASE_URL = database.url;
    }
    server = await spawnServer(env);
    await waitForHealthy(server);
    base = `http://127.0.0.1:${server.port}`;
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('validates and transforms request bodies (class-validator and class-transformer as Nest loads them)', async () => {
    const refused = await call('/api/auth/register', { method: 'POST', body: JSON.stringify({ username: 'bob', password: 'password123', role: 'admin' }) });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(await refused.json())).toMatch(/role should not exist/);
    const registered = await call('/api/auth/register', { method: 'POST', body: JSON.stringify({ username: 'bob', password: 'password123' }) });
    expect(registered.status).toBe(201);
  });

  it('takes an upload and serves it', async () => {
    const login = await call('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'bob', password: 'password123' }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const form = new FormData();
    form.append('upload', new Blob([new Uint8Array(await photo(64, 48, 1))], { type: 'image/png' }), 'photo.png');
    const uploaded = await call('/api/upload', { method: 'POST', token: `Bearer ${accessToken}`, body: form });
    expect(uploaded.status).toBe(201);
    const { rawUrl, thumbnailUrl } = (await uploaded.json()) as { rawUrl: string; thumbnailUrl: string };
    for (const link of [rawUrl, thumbnailUrl]) {
      const image = await fetch(new URL(new URL(link).pathname, base));
      expect(image.status).toBe(200);
      expect(image.headers.get('content-type')).toMatch(/^image\//);
    }
  });

  it('serves the committed OpenAPI document (DTO class names survive bundling) and Swagger UI', async () => {
    const committed = JSON.parse(readFileSync(join(PROJECT_ROOT, 'openapi.json'), 'utf8'));
    expect(await (await call('/docs-json')).json()).toEqual(committed);
    expect(await (await call('/docs')).text()).toMatch(/swagger-ui/i);
  });

  it('serves the web app and its vendor modules from node_modules', async () => {
    expect((await call('/')).status).toBe(200);
    const preact = await call('/app/vendor/preact.js');
    expect(preact.status).toBe(200);
    expect(await preact.text()).toMatch(/export/);
  });

  it('imports what it left in node_modules when it is first needed (archiver, for a zip export)', async () => {
    const res = await call('/api/export?format=yolo');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('application/zip');
    expect(Buffer.from(await res.arrayBuffer()).subarray(0, 2).toString()).toBe('PK');
  });

  it('loads the staff panel, whose AdminJS stays in node_modules', async () => {
    const page = await call('/admin/login');
    expect(page.status).toBe(200);
    expect(await page.text()).toMatch(/REDUX_STATE/);
  });

  it('loads a plugin made with the definePlugin of dist/src, not the copy in the bundle', async () => {
    const login = await call('/api/auth/login', { method: 'POST', body: JSON.stringify({ username: 'admin', password: ADMIN_PASSWORD }) });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const plugins = (await (await call('/api/plugins', { token: `Bearer ${accessToken}` })).json()) as { exportFormats: unknown[] };
    expect(plugins.exportFormats).toContainEqual({ name: 'hello-dist', plugin: 'test-dist' });
  });

  it('ships the estimation worker beside the bundle', async () => {
    const crowd = simulateCrowd({ seed: 3, numPairs: 50, voters: standardVoters(3), votesPerPair: 5, baseRate: 0.6 });
    const expected = estimateVoters(runDawidSkene({ ...crowd.table, pair: crowd.table.pair.slice(), voter: crowd.table.voter.slice(), answer: crowd.table.answer.slice() }, {}));
    const worker = new Worker(join(PROJECT_ROOT, 'dist/bundle/estimation.worker.js'), { workerData: { table: crowd.table, options: {} } });
    const estimate = await new Promise<VoterEstimates>((resolve, reject) => worker.once('message', resolve).once('error', reject));
    await worker.terminate();
    expect(Array.from(estimate.yes)).toEqual(Array.from(expected.yes));
  });
});
