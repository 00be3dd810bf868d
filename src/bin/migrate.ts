import { loadConfig } from '../config/config.loader.js';
import { ConfigService } from '../config/config.service.js';
import { openDataSource, runMigrations } from '../database/data-source.js';

/** `npm run migrate`: applies pending migrations (the server also does this at start). */
try {
  const dataSource = await openDataSource(new ConfigService(loadConfig()), false);
  try {
    const applied = await runMigrations(dataSource);
    console.log(applied.length ? `Applied: ${applied.join(', ')}` : 'The database is up to date');
  } finally {
    await dataSource.destroy();
  }
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
}
