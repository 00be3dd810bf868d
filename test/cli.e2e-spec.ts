import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { photo } from '../libs/imaging/testing/fixtures.js';
import { PROJECT_ROOT } from '../src/common/package-info.js';
import { createDatabase } from './utils/databases.js';
import { type ServerProcess, spawnServer, waitForHealthy } from './utils/server-process.js';
import { testDatabaseKind } from './utils/test-app.js';

const CLI = join(PROJECT_ROOT, 'dist', 'src', 'bin', 'imagehive.js');
const PASSWORD = 'cli-test-password';

describe('the imagehive command', () => {
  let dir: string;
  let env: Record<string, string>;
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let server: ServerProcess | undefined;
  const cli = (...args: string[]) =>
    spawnSync(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 120_000 });

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'imagehive-cli-'));
    env = { IMAGEHIVE_DATA_DIR: join(dir, 'data'), IMAGEHIVE_ADMIN_PASSWORD: PASSWORD, LOG_LEVEL: 'warn', IMAGEHIVE__VALIDATION__TRAINING_GOLD: '0' };
    if (testDatabaseKind() === 'postgres') {
      database = await createDatabase();
      env.DATABASE_URL = database.url;
    }
  });
  afterAll(async () => {
    await server?.stop();
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates users on the local data, refusing a taken name', () => {
    const created = cli('user', 'create', '--username', 'curator', '--password', 'password123', '--role', 'moderator', '--json');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout.trim().split('\n').pop()!)).toMatchObject({ username: 'curator', role: 'moderator' });
    const again = cli('user', 'create', '--username', 'Curator', '--password', 'password123', '--json');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already taken/);
    expect(cli('frobnicate').status).toBe(2);
  });

  it('imports a folder per label through the API, skipping duplicates on a second run, and exports the result', async () => {
    server = await spawnServer(env);
    await waitForHealthy(server);
    const api = `http://127.0.0.1:${server.port}`;
    const login = await (await fetch(`${api}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: PASSWORD }) })).json() as { accessToken: string };
    const auth = { authorization: `Bearer ${login.accessToken}`, 'content-type': 'application/json' };
    const token = ((await (await fetch(`${api}/api/tokens`, { method: 'POST', headers: auth, body: JSON.stringify({ name: 'cli', scopes: ['upload', 'read'] }) })).json()) as { secret: string }).secret;
    const tree = join(dir, 'tree');
    let seed = 1;
    for (const label of ['dog', 'cup']) {
      mkdirSync(join(tree, label), { recursive: true });
      for (let i = 0; i < 2; i++) writeFileSync(join(tree, label, `${i}.jpg`), await sharp(await photo(48, 32, seed++)).jpeg().toBuffer());
    }
    writeFileSync(join(tree, 'dog', 'notes.txt'), 'not an image');
    const first = cli('import', tree, '--server', api, '--token', token, '--json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout.trim())).toEqual({ donated: 4, skipped: 0, failed: 0 });
    const second = cli('import', tree, '--server', api, '--token', token, '--json');
    expect(JSON.parse(second.stdout.trim())).toEqual({ donated: 0, skipped: 4, failed: 0 });
    const queue = (await (await fetch(`${api}/api/moderation/queue`, { headers: auth })).json()) as { items: Array<{ id: string }> };
    for (const item of queue.items) await fetch(`${api}/api/moderation/images/${item.id}`, { method: 'POST', headers: auth, body: JSON.stringify({ action: 'approve' }) });
    const out = join(dir, 'export.jsonl');
    const exported = cli('export', '--server', api, '--format', 'jsonl', '--query', 'dog', '--min-probability', '0', '--min-votes', '0', '--out', out, '--json');
    expect(exported.status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(0); // no votes yet: nothing is confirmed, whatever the threshold says about probability
    const all = cli('export', '--server', api, '--format', 'csv', '--out', join(dir, 'x.csv'), '--query', 'image.unlabeled | ~image.unlabeled', '--min-probability', '0', '--min-votes', '0');
    expect(all.status).toBe(0);
    const bad = cli('export', '--server', api, '--format', 'coco', '--query', 'dog &', '--out', join(dir, 'bad.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/400/);
  });
});
