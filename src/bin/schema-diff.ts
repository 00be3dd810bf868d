import { loadConfig } from '../config/config.loader.js';
import { ConfigService } from '../config/config.service.js';
import { openDataSource } from '../database/data-source.js';
import { pendingSchemaChanges } from '../database/schema-diff.js';

/** Prints the SQL a new migration needs (after running the existing ones); exits 1 if there is any. */
const dataSource = await openDataSource(new ConfigService(loadConfig()), true);
const changes = await pendingSchemaChanges(dataSource);
await dataSource.destroy();
for (const sql of changes) console.log(`${sql};`);
process.exitCode = changes.length ? 1 : 0;
