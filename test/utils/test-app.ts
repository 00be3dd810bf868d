import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { NestExpressApplication } from '@nestjs/platform-express';
import request from 'supertest';
import { DataSource } from 'typeorm';
import { createApp } from '../../src/app.factory.js';
import { loadConfig } from '../../src/config/config.loader.js';
import type { AppConfig } from '../../src/config/config.schema.js';
import { createDatabase } from './databases.js';

export const ADMIN = { username: 'admin', password: 'admin-password-for-tests' };

export type TestDatabase = 'pglite' | 'postgres';

export function testDatabaseKind(): TestDatabase {
  const kind = process.env.IMAGEHIVE_TEST_DB;
  if (kind !== 'pglite' && kind !== 'postgres') throw new Error('IMAGEHIVE_TEST_DB must be pglite or postgres (set by the jest project)');
  return kind;
}

export interface TestApp {
  app: NestExpressApplication;
  config: AppConfig;
  http: () => ReturnType<typeof request>;
  dataSource: DataSource;
  /** Stops the app, keeping its data (database and folder) for a restart. */
  stop: () => Promise<void>;
  /** Starts a new app on the same data, as a restart would. */
  restart: (overrides?: Record<string, unknown>) => Promise<TestApp>;
  /**
   * Starts a second application on the same database and data folder, as a second server instance would
   * (PostgreSQL only: the embedded database belongs to one process). Its close() only stops it.
   * Passport's strategies are process-wide: the app started last validates every app's JWTs, so keep the
   * twin open while the others still use sessions (or use API tokens).
   */
  twin: (overrides?: Record<string, unknown>) => Promise<TestApp>;
  /** Stops the app and deletes its database and data folder. */
  close: () => Promise<void>;
}

interface Storage {
  dataDir: string;
  databaseUrl?: string;
  drop: () => Promise<void>;
}

async function newStorage(): Promise<Storage> {
  const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-test-'));
  const removeDir = () => rmSync(dataDir, { recursive: true, force: true });
  if (testDatabaseKind() === 'pglite') {
    const template = process.env.IMAGEHIVE_TEST_PGLITE_TEMPLATE;
    if (template) cpSync(template, join(dataDir, 'pglite'), { recursive: true });
    return { dataDir, drop: async () => removeDir() };
  }
  const database = await createDatabase({ fromTemplate: true });
  return { dataDir, databaseUrl: database.url, drop: async () => (await database.drop(), removeDir()) };
}

async function start(storage: Storage, overrides: Record<string, unknown>, owner = true): Promise<TestApp> {
  const config = loadConfig({
    env: {},
    file: false,
    overrides: {
      env: 'test',
      dataDir: storage.dataDir,
      'database.url': storage.databaseUrl,
      'logging.level': 'silent',
      'auth.admin.username': ADMIN.username,
      'auth.admin.password': ADMIN.password,
      // Tests sign in often from one address; the throttling tests lower these again.
      'auth.loginThrottle': { limit: 1000, ttlSeconds: 60 },
      'auth.tokenFailureThrottle': { limit: 1000, ttlSeconds: 60 },
      rateLimit: { limit: 100_000, ttlSeconds: 60 },
      // AdminJS takes seconds to import: the staff panel's own tests turn it on.
      'admin.enabled': false,
      ...overrides,
    },
  });
  const app = await createApp(config);
  try {
    await app.init();
  } catch (error) {
    // A start-up refusal (bad storage, unreachable Redis) still opened the database: let it go.
    await app.close().catch(() => undefined);
    throw error;
  }
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await app.close();
  };
  return {
    app,
    config,
    http: () => request(app.getHttpServer()),
    dataSource: app.get(DataSource),
    stop,
    restart: async (more = {}) => (await stop(), start(storage, { ...overrides, ...more }, owner)),
    twin: async (more = {}) => {
      if (!storage.databaseUrl) throw new Error('twin() needs PostgreSQL: the embedded database belongs to one process');
      return start(storage, { ...overrides, ...more }, false);
    },
    close: async () => (await stop(), owner ? storage.drop() : undefined),
  };
}

/** A real application on a fresh database of the project's kind (PGlite or PostgreSQL) and a temp data folder. */
export async function createTestApp(overrides: Record<string, unknown> = {}): Promise<TestApp> {
  const storage = await newStorage();
  try {
    return await start(storage, overrides);
  } catch (error) {
    await storage.drop();
    throw error;
  }
}

/**
 * Another instance of the same deployment (PostgreSQL only): the same database, its own data folder, as a
 * second server would have. Give both the settings they must share (auth.jwtSecret, storage, redis).
 * Closing it leaves the database to the first instance.
 */
export async function createSibling(t: TestApp, overrides: Record<string, unknown> = {}): Promise<TestApp> {
  const databaseUrl = t.config.database.url;
  if (!databaseUrl) throw new Error('Only PostgreSQL can be shared by instances; PGlite belongs to one process');
  const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-test-'));
  const storage = { dataDir, databaseUrl, drop: async () => rmSync(dataDir, { recursive: true, force: true }) };
  try {
    return await start(storage, overrides);
  } catch (error) {
    await storage.drop();
    throw error;
  }
}

/**
 * Instances started at the same moment on one new, empty PostgreSQL database (not the prepared template): a
 * deployment's very first start, migrations and admin creation included. close() stops them all and drops it.
 */
export async function startTogether(overrides: Array<Record<string, unknown>>): Promise<{ apps: TestApp[]; close: () => Promise<void> }> {
  if (testDatabaseKind() !== 'postgres') throw new Error('startTogether() needs PostgreSQL: the embedded database belongs to one process');
  const database = await createDatabase();
  const started = await Promise.allSettled(
    overrides.map((more) => {
      const dataDir = mkdtempSync(join(tmpdir(), 'imagehive-test-'));
      return start({ dataDir, databaseUrl: database.url, drop: async () => rmSync(dataDir, { recursive: true, force: true }) }, more);
    }),
  );
  const apps = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
  const close = async () => {
    for (const app of apps) await app.close();
    await database.drop();
  };
  const failed = started.find((s) => s.status === 'rejected');
  if (failed) {
    await close();
    throw failed.reason;
  }
  return { apps, close };
}

export async function loginAs(t: TestApp, username = ADMIN.username, password = ADMIN.password): Promise<string> {
  const res = await t.http().post('/api/auth/login').send({ username, password }).expect(200);
  return res.body.accessToken as string;
}
