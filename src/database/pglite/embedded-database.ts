import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { DataDirLock } from './data-dir-lock.js';
import { createExclusivePgliteDriver } from './exclusive-pool.js';

// Parse like node-postgres does, so entities behave the same on both databases.
const PG_COMPATIBLE_PARSERS = {
  20: (value: string) => value, // int8 → string (pg never loses precision silently)
  1700: (value: string) => value, // numeric → string
  1082: (value: string) => value, // date → 'YYYY-MM-DD'
  17: (value: string) => Buffer.from(value.slice(2), 'hex'), // bytea '\x…' → Buffer
};

export interface EmbeddedDatabase {
  driver: ReturnType<typeof createExclusivePgliteDriver>;
  directory: string;
}

/**
 * Opens (creating if needed) the PGlite database in <dataDir>/pglite, holding the data-folder lock until
 * the TypeORM pool is ended.
 */
export async function openEmbeddedDatabase(dataDir: string, leaseTimeoutMs = 30_000): Promise<EmbeddedDatabase> {
  const lock = DataDirLock.acquire(dataDir);
  const directory = join(dataDir, 'pglite');
  let db: PGlite;
  try {
    mkdirSync(directory, { recursive: true });
    db = new PGlite(directory, { parsers: PG_COMPATIBLE_PARSERS });
    await db.waitReady;
  } catch (error) {
    lock.release();
    throw error;
  }
  let ended: Promise<void> | undefined;
  const onEnd = () =>
    (ended ??= db.close().finally(() => lock.release()));
  return { driver: createExclusivePgliteDriver(db, { leaseTimeoutMs, onEnd }), directory };
}
