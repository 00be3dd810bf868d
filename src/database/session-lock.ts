import type { DataSource } from 'typeorm';

/**
 * Runs `work` while this process holds the advisory lock `id` for a whole session, across any number of
 * transactions `work` opens; resolves to null, without running it, when another instance holds it. The lock
 * lives on a connection of its own, so the transactions use the pool as usual.
 * The embedded database is one process (data-folder lock) and one leased session, which a second connection
 * would wait for forever: there the caller's own in-process guard is the whole story.
 */
export async function withSessionLock<T>(dataSource: DataSource, id: number, work: () => Promise<T>): Promise<T | null> {
  const embedded = 'driver' in dataSource.options && dataSource.options.driver !== undefined;
  if (embedded) return work();
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    const [{ locked }] = await runner.query('SELECT pg_try_advisory_lock($1) AS locked', [id]);
    if (!locked) return null;
    try {
      return await work();
    } finally {
      await runner.query('SELECT pg_advisory_unlock($1)', [id]).catch(() => undefined);
    }
  } finally {
    await runner.release();
  }
}
