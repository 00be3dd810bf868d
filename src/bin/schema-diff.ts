import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PROJECT_ROOT } from '../common/package-info.js';
import { loadConfig } from '../config/config.loader.js';
import { ConfigService } from '../config/config.service.js';
import { openDataSource } from '../database/data-source.js';
import { renderMigration, schemaChanges } from '../database/schema-diff.js';

/**
 * Prints the SQL a new migration needs (after running the existing ones); exits 1 if there is any.
 * With `--write Name`, writes migrations/<timestamp>-Name.ts instead (then add it to migrations/index.ts).
 */
const writeIndex = process.argv.indexOf('--write');
const dataSource = await openDataSource(new ConfigService(loadConfig()), true);
const changes = await schemaChanges(dataSource);
await dataSource.destroy();
if (writeIndex > 0 && changes.up.length) {
  const name = process.argv[writeIndex + 1];
  if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) throw new Error('--write needs a PascalCase migration name');
  const timestamp = Date.now();
  const file = join(PROJECT_ROOT, 'migrations', `${timestamp}-${name}.ts`);
  writeFileSync(file, renderMigration(name, timestamp, changes));
  console.log(`Wrote ${file}; add ${name}${timestamp} to migrations/index.ts`);
} else {
  for (const sql of changes.up) console.log(`${sql};`);
  process.exitCode = changes.up.length ? 1 : 0;
}
