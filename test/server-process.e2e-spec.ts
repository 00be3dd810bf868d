import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../src/common/package-info.js';
import { createDatabase } from './utils/databases.js';
import { type ServerProcess, spawnServer, waitForHealthy } from './utils/server-process.js';
import { testDatabaseKind } from './utils/test-app.js';

async function login(server: ServerProcess, username: string, password: string) {
  return fetch(`http://127.0.0.1:${server.port}/api/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password }),
  });
}

/** Retries an assertion for a while: the child's log lines arrive through a pipe, after its response. */
async function eventually(assertion: () => void, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return assertion();
    } catch (error) {
      if (Date.now() > deadline) throw error;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

describe('the server as a process', () => {
  const servers: ServerProcess[] = [];
  let dataDir: string;
  let database: Awaited<ReturnType<typeof createDatabase>> | undefined;
  let env: Record<string, string>;

  beforeAll(async () => {
    dataDir = mkdtempSync(join(tmpdir(), 'imagehive-process-'));
    env = { IMAGEHIVE_DATA_DIR: join(dataDir, 'nested', 'data'), LOG_LEVEL: 'info' };
    if (testDatabaseKind() === 'postgres') {
      database = await createDatabase();
      env.DATABASE_URL = database.url;
    }
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const start = async (extra: Record<string, string> = {}) => {
    const server = await spawnServer({ ...env, ...extra });
    servers.push(server);
    return server;
  };

  it('starts with no configuration, prints a generated admin password once, and signs the admin in', async () => {
    const server = await start();
    await waitForHealthy(server);
    const health = await fetch(`http://127.0.0.1:${server.port}/health`);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = (await (await fetch(`http://127.0.0.1:${server.port}/health/ready`)).json()) as { database: string };
    expect(ready.database).toBe(testDatabaseKind());
    const match = /generated password: (\S+)/.exec(server.output());
    expect(match).not.toBeNull();
    const res = await login(server, 'admin', match![1]);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { tokenType: string }).tokenType).toBe('Bearer');
    await eventually(() => expect(server.output()).toMatch(/"req":\{"id":"[^"]+","method":"POST","url":"\/api\/auth\/login"/)); // structured request logs
    expect(server.output()).not.toMatch(/"authorization":"(?!\[redacted\])/i);
  });

  it(testDatabaseKind() === 'pglite' ? 'refuses a second process on the same data folder' : 'lets a second instance share PostgreSQL', async () => {
    const second = await start();
    if (testDatabaseKind() === 'pglite') {
      expect(await second.exited).toBe(1);
      expect(second.output()).toMatch(/data folder .* is in use by another Imagehive process \(pid \d+/);
      expect(second.output()).not.toMatch(/\n\s+at /); // one clear line, no stack trace
      const first = servers[0];
      expect((await fetch(`http://127.0.0.1:${first.port}/health/ready`)).status).toBe(200);
    } else {
      await waitForHealthy(second);
      expect(second.output()).not.toMatch(/generated password/); // the admin exists already
    }
  });

  it('runs `npm run migrate` beside a live server only where that is safe', async () => {
    const migrate = spawnSync(process.execPath, [join(PROJECT_ROOT, 'dist', 'src', 'bin', 'migrate.js')], {
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
    });
    if (testDatabaseKind() === 'pglite') {
      expect(migrate.status).toBe(1);
      expect(migrate.stderr).toMatch(/in use by another Imagehive process/);
    } else {
      expect(migrate.status).toBe(0);
      expect(migrate.stdout).toMatch(/up to date/);
    }
  });

  it('keeps the admin and prints no new password after a restart', async () => {
    await Promise.all(servers.splice(0).map((s) => s.stop()));
    const again = await start();
    await waitForHealthy(again);
    expect(again.output()).not.toMatch(/generated password/);
  });

  it('stops with a message naming the key when the configuration is wrong', async () => {
    const bad = await start({ PORT: 'eighty', IMAGEHIVE_REGISTRATION: 'sometimes' });
    expect(await bad.exited).toBe(1);
    expect(bad.output()).toMatch(/server\.port \(from environment variable PORT\)/);
    expect(bad.output()).toMatch(/auth\.registration .*"open"\|"invite"\|"closed"/);
  });
});
