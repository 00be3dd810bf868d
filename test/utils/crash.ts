import { mkdtempSync, rmSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDatabase } from './databases.js';
import { type ServerProcess, spawnServer, waitForHealthy } from './server-process.js';
import { testDatabaseKind } from './test-app.js';

export const CRASH_PASSWORD = 'crash-test-password';

export async function api(server: ServerProcess, path: string, init: RequestInit = {}) {
  const res = await fetch(`http://127.0.0.1:${server.port}${path}`, init);
  return { status: res.status, body: (await res.json().catch(() => null)) as Record<string, unknown> | null };
}

export async function until(check: () => boolean | Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not reached');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** A multipart body with one file part (and any text fields before it). */
export function multipart(data: Buffer, boundary: string, field = 'upload', fields: Array<[string, string]> = []): Buffer {
  return Buffer.concat([
    ...fields.map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`)),
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${field}"; filename="big.png"\r\nContent-Type: image/png\r\n\r\n`),
    data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
}

/** Sends a multipart `body` (all of it, or only its first `bytes`) and never waits for an answer. */
export function sendMultipart(server: ServerProcess, path: string, authorization: string | undefined, body: Buffer, boundary: string, bytes = body.length) {
  const req = httpRequest({
    host: '127.0.0.1',
    port: server.port,
    method: 'POST',
    path,
    headers: {
      ...(authorization ? { Authorization: authorization } : {}),
      'Content-Type': `multipart/form-data; boundary=${boundary}`,
      'Content-Length': body.length,
    },
  });
  req.on('error', () => undefined);
  req.write(body.subarray(0, bytes));
  if (bytes === body.length) req.end();
  return req;
}

/**
 * The built server as a child process on its own data folder and database, to be killed with SIGKILL and
 * started again on the same data, as a power cut and a reboot would.
 */
export interface CrashableServer {
  dataDir: string;
  databaseUrl?: string;
  server: () => ServerProcess;
  kill: () => Promise<void>;
  restart: () => Promise<void>;
  /** A bearer JWT for the admin. */
  login: () => Promise<string>;
  close: () => Promise<void>;
}

export async function startCrashableServer(extraEnv: Record<string, string> = {}): Promise<CrashableServer> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-crash-'));
  const env: Record<string, string> = { IMAGEHIVE_DATA_DIR: dataDir, IMAGEHIVE_ADMIN_PASSWORD: CRASH_PASSWORD, LOG_LEVEL: 'warn', ...extraEnv };
  const database = testDatabaseKind() === 'postgres' ? await createDatabase() : undefined;
  if (database) env.DATABASE_URL = database.url;
  let server = await spawnServer(env);
  await waitForHealthy(server);
  return {
    dataDir,
    databaseUrl: database?.url,
    server: () => server,
    kill: () => server.kill(),
    restart: async () => {
      server = await spawnServer(env);
      await waitForHealthy(server);
    },
    login: async () => {
      const res = await api(server, '/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password: CRASH_PASSWORD }),
      });
      return res.body!.accessToken as string;
    },
    close: async () => {
      await server.stop();
      await database?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
