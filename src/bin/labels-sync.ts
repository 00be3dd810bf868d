import { NestFactory } from '@nestjs/core';
import { AppModule } from '../app.module.js';
import { loadConfig } from '../config/config.loader.js';
import { LabelsSyncService } from '../labels/labels-sync.service.js';

/** `npm run labels:sync`: applies wordlists/ to the labels table (the server also does this at start). */
const config = loadConfig({ overrides: { 'dataset.syncLabelsOnStart': false, 'logging.level': 'warn', 'admin.enabled': false, 'webhooks.dispatcher': false } });
const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config }), { logger: ['error', 'warn'] });
try {
  const stats = await app.get(LabelsSyncService).sync();
  console.log(`Labels: ${stats.added} added, ${stats.updated} updated, ${stats.retired} retired, ${stats.unchanged} unchanged`);
} catch (error) {
  console.error((error as Error).message);
  process.exitCode = 1;
} finally {
  await app.close();
}
