import { DataSource, type DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../../migrations/index.js';
import type { ConfigService } from '../config/config.service.js';
import { ENTITIES } from './entities.js';

const MIGRATION_LOCK_ID = 7_248_301_455; // any constant; shared by every Imagehive instance on one database

export async function createDataSourceOptions(config: ConfigService): Promise<DataSourceOptions> {
  const common = {
    type: 'postgres' as const,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'migrations',
    migrationsRun: false,
    synchronize: false,
    uuidExtension: 'pgcrypto' as const,
    installExtensions: false,
    logging: config.values.database.logQueries,
  };
  const url = config.values.database.url;
  if (url) return { ...common, url, poolSize: config.values.database.poolSize, applicationName: 'imagehive' };
  // Imported only without a database URL: a server on PostgreSQL never loads PGlite.
  const { openEmbeddedDatabase } = await import('./pglite/embedded-database.js');
  const embedded = await openEmbeddedDatabase(config.dataDir);
  return { ...common, driver: embedded.driver, database: 'postgres' };
}

/** Runs pending migrations; on PostgreSQL under an advisory lock so instances starting together take turns. */
export async function runMigrations(dataSource: DataSource): Promise<string[]> {
  const embedded = 'driver' in dataSource.options && dataSource.options.driver !== undefined;
  // The embedded database is already exclusive to this process (data-folder lock, one leased session).
  if (embedded) return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID]);
    return (await dataSource.runMigrations({ transaction: 'each' })).map((m) => m.name);
  } finally {
    await runner.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID]).catch(() => undefined);
    await runner.release();
  }
}

export async function openDataSource(config: ConfigService, migrate = config.values.database.migrationsRun): Promise<DataSource> {
  const dataSource = new DataSource(await createDataSourceOptions(config));
  await dataSource.initialize();
  if (migrate) {
    try {
      await runMigrations(dataSource);
    } catch (error) {
      await dataSource.destroy();
      throw error;
    }
  }
  return dataSource;
}
