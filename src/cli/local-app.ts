import type { INestApplicationContext } from '@nestjs/common';
import { loadConfig } from '../config/config.loader.js';

/** The application without its HTTP server, on this machine's configuration and data. */
export async function withLocalApp<T>(work: (app: INestApplicationContext) => Promise<T>): Promise<T> {
  const { NestFactory } = await import('@nestjs/core');
  const { AppModule } = await import('../app.module.js');
  // No HTTP here: the staff panel mounts on the web server, and deliveries are the server's job.
  const config = loadConfig({ overrides: { 'logging.level': 'warn', 'admin.enabled': false, 'webhooks.dispatcher': false } });
  const app = await NestFactory.createApplicationContext(AppModule.forRoot({ config }), { logger: ['error', 'warn'] });
  try {
    return await work(app);
  } finally {
    await app.close();
  }
}
