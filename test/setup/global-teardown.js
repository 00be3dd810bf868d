import pg from 'pg';

/** Drops every database this run created that a test file failed to drop (a crash, a timeout). */
export default async function globalTeardown() {
  const run = process.env.IMAGEHIVE_TEST_RUN;
  if (!run) return;
  if (process.env.IMAGEHIVE_TEST_TEMPLATES) {
    const { rmSync } = await import('node:fs');
    rmSync(process.env.IMAGEHIVE_TEST_TEMPLATES, { recursive: true, force: true });
  }
  const client = new pg.Client({ connectionString: process.env.IMAGEHIVE_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres' });
  try {
    await client.connect();
    const { rows } = await client.query('SELECT datname FROM pg_database WHERE datname LIKE $1', [`imagehive_test_${run}_%`]);
    for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
  } catch {
    // PostgreSQL not reachable: the postgres project failed loudly already.
  } finally {
    await client.end().catch(() => undefined);
  }
}
