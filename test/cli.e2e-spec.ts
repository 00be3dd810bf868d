import { execFile } from 'node:child_process';
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
  // Asynchronous, so this process keeps serving its event loop (a blocked loop misses the server closing idle
  // keep-alive sockets, and the next fetch would pick up a dead one).
  const cli = (...args: string[]) =>
    new Promise<{ status: number | null; stdout: string; stderr: string }>((done, fail) => {
      const child = execFile(process.execPath, [CLI, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, encoding: 'utf8', timeout: 120_000 }, (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') fail(error);
        else done({ status: child.exitCode, stdout, stderr });
      });
    });

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

  it('creates users on the local data, refusing a taken name', async () => {
    const created = await cli('user', 'create', '--username', 'curator', '--password', 'password123', '--role', 'moderator', '--json');
    expect(created.status).toBe(0);
    expect(JSON.parse(created.stdout.trim().split('\n').pop()!)).toMatchObject({ username: 'curator', role: 'moderator' });
    const again = await cli('user', 'create', '--username', 'Curator', '--password', 'password123', '--json');
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/already taken/);
    expect((await cli('frobnicate')).status).toBe(2);
  });

  it('imports a folder per label into the local data as a named user, skipping duplicates and reporting bad files', async () => {
    const tree = join(dir, 'local-tree');
    mkdirSync(join(tree, 'hot_dog'), { recursive: true });
    const sources = [await sharp(await photo(48, 32, 101)).jpeg().toBuffer(), await sharp(await photo(48, 32, 102)).png().toBuffer()];
    writeFileSync(join(tree, 'hot_dog', 'a.jpg'), sources[0]);
    writeFileSync(join(tree, 'hot_dog', 'b.png'), sources[1]);
    writeFileSync(join(tree, 'hot_dog', 'fake.jpg'), 'not really a jpeg');
    const first = await cli('import', tree, '--user', 'curator', '--json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout.trim().split('\n').pop()!)).toEqual({ donated: 2, skipped: 0, failed: 1 });
    const again = await cli('import', tree, '--user', 'curator');
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/donated: 0, skipped: 2, failed: 1/);
    expect(again.stderr).toMatch(/fake\.jpg: 415 /);
    expect(again.stderr).toMatch(/3\/3 .*ETA/);
    expect(readFileSync(join(tree, 'hot_dog', 'a.jpg')).equals(sources[0])).toBe(true);
    const nobody = await cli('import', tree, '--user', 'nobody', '--json');
    expect(nobody.status).toBe(1);
    expect(JSON.parse(nobody.stderr.trim()).error).toMatch(/No enabled user called "nobody"/);
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
    const first = await cli('import', tree, '--server', api, '--token', token, '--json');
    expect(first.status).toBe(0);
    expect(JSON.parse(first.stdout.trim())).toEqual({ donated: 4, skipped: 0, failed: 0 });
    const second = await cli('import', tree, '--server', api, '--token', token, '--json');
    expect(JSON.parse(second.stdout.trim())).toEqual({ donated: 0, skipped: 4, failed: 0 });
    const queue = (await (await fetch(`${api}/api/moderation/queue`, { headers: auth })).json()) as { items: Array<{ id: string; donor: string | null; labels: string[] }> };
    // The earlier local import's two donations wait beside these four, made by the user it named.
    expect(queue.items).toHaveLength(6);
    expect(queue.items.filter((i) => i.labels.includes('hot dog')).map((i) => i.donor)).toEqual(['curator', 'curator']);
    for (const item of queue.items) await fetch(`${api}/api/moderation/images/${item.id}`, { method: 'POST', headers: auth, body: JSON.stringify({ action: 'approve' }) });
    const out = join(dir, 'export.jsonl');
    const exported = await cli('export', '--server', api, '--format', 'jsonl', '--query', 'dog', '--min-probability', '0', '--min-votes', '0', '--out', out, '--json');
    expect(exported.status).toBe(0);
    const lines = readFileSync(out, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
    expect(lines).toHaveLength(0); // no votes yet: nothing is confirmed, whatever the threshold says about probability
    const all = await cli('export', '--server', api, '--format', 'csv', '--out', join(dir, 'x.csv'), '--query', 'image.unlabeled | ~image.unlabeled', '--min-probability', '0', '--min-votes', '0');
    expect(all.status).toBe(0);
    const bad = await cli('export', '--server', api, '--format', 'coco', '--query', 'dog &', '--out', join(dir, 'bad.json'));
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/400/);
  });
});
