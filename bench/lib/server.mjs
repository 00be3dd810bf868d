import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { openSync, closeSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { stopChild, waitFor200 } from './proc.mjs';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const PG = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432';

async function admin(sql) {
  const client = new pg.Client({ connectionString: `${PG}/postgres` });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/**
 * A fresh, uniquely named database for this run; drop() removes it even if connections linger.
 * backendPids() lists the PostgreSQL processes serving it (their CPU counts as the bench's own).
 */
export async function createDatabase() {
  const name = `imagehive_bench_${randomBytes(6).toString('hex')}`;
  await admin(`CREATE DATABASE ${name}`);
  const monitor = new pg.Client({ connectionString: `${PG}/postgres` });
  await monitor.connect();
  return {
    name,
    url: `${PG}/${name}`,
    backendPids: async () => (await monitor.query('SELECT pid FROM pg_stat_activity WHERE datname = $1', [name])).rows.map((r) => r.pid),
    drop: async () => {
      await monitor.end().catch(() => {});
      await admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    },
  };
}

/**
 * Spawns the built server (dist/bundle/main.js, what `npm start` runs) directly, so `pid` is the server itself, and times
 * spawn → first 200 on /health/ready. Its output goes to `logFile` (printed by the caller on failure). `root`: another
 * built checkout to run instead of this one (A/B runs).
 */
export async function startServer({ port, dataDir, databaseUrl, password, logFile, env = {}, root = ROOT }) {
  const log = openSync(logFile, 'a');
  const started = performance.now();
  const child = spawn(process.execPath, [...(process.env.BENCH_NODE_FLAGS ? process.env.BENCH_NODE_FLAGS.split(' ') : []), 'dist/bundle/main.js'], {
    cwd: root,
    stdio: ['ignore', log, log],
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      IMAGEHIVE_DATA_DIR: dataDir,
      IMAGEHIVE_ADMIN_PASSWORD: password,
      LOG_LEVEL: 'warn',
      // The default per-client limit (600/min) would throttle the load generator.
      IMAGEHIVE__RATE_LIMIT__LIMIT: '100000000',
      // Lets the PNG become lossy WebP, the same conversion the sharp baseline does.
      IMAGEHIVE__COMPRESSION__ALLOW_LOSSY_FROM_LOSSLESS: 'true',
      // Production refuses to start without one while the admin panel is on; derived from the password
      // so that two instances of the same run (the instances case) agree.
      IMAGEHIVE_ADMIN_SESSION_SECRET: `bench-admin-session-${password}`.padEnd(32, '-'),
      ...env,
    },
  });
  closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  try {
    await waitFor200(`${base}/health/ready`, { child, timeoutMs: 60_000, everyMs: 10 });
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  return { child, pid: child.pid, base, readyMs: performance.now() - started, stop: () => stopChild(child) };
}

async function json(res, expected) {
  const body = await res.text();
  if (res.status !== expected) throw new Error(`${res.url}: HTTP ${res.status} (expected ${expected}): ${body.slice(0, 500)}`);
  return JSON.parse(body);
}

/** Signs in as the first admin and creates an API token for uploads (what ShareX is given). */
export async function apiToken(base, password) {
  const login = await fetch(`${base}/api/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password }),
  });
  const { accessToken } = await json(login, 200);
  const created = await fetch(`${base}/api/tokens`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${accessToken}` },
    body: JSON.stringify({ name: 'bench', scopes: ['upload', 'read'] }),
  });
  return (await json(created, 201)).secret;
}

/** The exact multipart body wrk will replay: one `upload` file part. */
export function multipartBody(file, filename, contentType) {
  const boundary = `----imagehive-bench-${randomBytes(8).toString('hex')}`;
  const body = Buffer.concat([
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="upload"; filename="${filename}"\r\nContent-Type: ${contentType}\r\n\r\n`),
    file,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  ]);
  return { body, contentType: `multipart/form-data; boundary=${boundary}` };
}

/** One upload with the same body and headers as the wrk script; returns the JSON answer. */
export async function upload(base, secret, multipart, headers = {}) {
  const res = await fetch(`${base}/api/upload`, {
    method: 'POST',
    headers: { 'Content-Type': multipart.contentType, Authorization: secret, ...headers },
    body: multipart.body,
  });
  return json(res, 201);
}

export async function download(url) {
  const res = await fetch(url);
  if (res.status !== 200) throw new Error(`${url}: HTTP ${res.status}`);
  return { bytes: Buffer.from(await res.arrayBuffer()), contentType: res.headers.get('content-type') };
}
