import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';

const ROOT = new URL('../../', import.meta.url);
export const ADMIN_PASSWORD = 'admin-password-for-tests';
const POSTGRES = process.env.IMAGEHIVE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** Starts the built app once on a database, so it is migrated, seeded with the vocabulary and the admin. */
async function prepare(overrides) {
  const { createApp } = await import(new URL('dist/src/app.factory.js', ROOT).href);
  const { loadConfig } = await import(new URL('dist/src/config/config.loader.js', ROOT).href);
  const config = loadConfig({
    env: {},
    file: false,
    overrides: { env: 'test', 'logging.level': 'silent', 'auth.admin.password': ADMIN_PASSWORD, ...overrides },
  });
  const app = await createApp(config);
  await app.init();
  await app.close();
}

/**
 * One id per test run (every database the run creates is named after it), and one prepared template per
 * database kind: test apps start from a copy instead of migrating and syncing labels each time.
 */
export default async function globalSetup() {
  process.env.IMAGEHIVE_TEST_RUN ??= `${Date.now().toString(36)}_${randomBytes(3).toString('hex')}`;
  if (process.env.IMAGEHIVE_TEST_TEMPLATES || !existsSync(new URL('dist/src/app.factory.js', ROOT))) return;
  const dir = mkdtempSync(join(tmpdir(), 'imagehive-template-'));
  await prepare({ dataDir: dir });
  process.env.IMAGEHIVE_TEST_PGLITE_TEMPLATE = join(dir, 'pglite');
  const name = `imagehive_test_${process.env.IMAGEHIVE_TEST_RUN}_template`;
  const client = new pg.Client({ connectionString: POSTGRES });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE "${name}"`);
    const url = new URL(POSTGRES);
    url.pathname = `/${name}`;
    await prepare({ dataDir: mkdtempSync(join(tmpdir(), 'imagehive-template-pg-')), 'database.url': url.toString() });
    process.env.IMAGEHIVE_TEST_POSTGRES_TEMPLATE = name;
  } catch {
    // No PostgreSQL here: the postgres project will fail on its own, loudly.
  } finally {
    await client.end().catch(() => undefined);
  }
  process.env.IMAGEHIVE_TEST_TEMPLATES = dir;
}
