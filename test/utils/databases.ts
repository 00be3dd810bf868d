import pg from 'pg';

/** The PostgreSQL server the suite uses (CI and these machines: 127.0.0.1:5432, user postgres, trust auth). */
export const POSTGRES_ADMIN_URL = process.env.IMAGEHIVE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export async function adminQuery(sql: string): Promise<void> {
  const client = new pg.Client({ connectionString: POSTGRES_ADMIN_URL });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export function databaseUrl(name: string): string {
  const url = new URL(POSTGRES_ADMIN_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

/** Database names of this run start with this, so the teardown can drop whatever a crashed file left. */
export function runPrefix(): string {
  const run = process.env.IMAGEHIVE_TEST_RUN;
  if (!run) throw new Error('IMAGEHIVE_TEST_RUN is unset: run the suite through jest (globalSetup sets it)');
  return `imagehive_test_${run}`;
}

export async function createDatabase({ fromTemplate = false } = {}): Promise<{ name: string; url: string; drop: () => Promise<void> }> {
  const name = `${runPrefix()}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  // A copy of the migrated, seeded template when the global setup made one.
  const template = fromTemplate ? process.env.IMAGEHIVE_TEST_POSTGRES_TEMPLATE : undefined;
  await adminQuery(template ? `CREATE DATABASE "${name}" TEMPLATE "${template}"` : `CREATE DATABASE "${name}"`);
  return { name, url: databaseUrl(name), drop: () => adminQuery(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`) };
}
