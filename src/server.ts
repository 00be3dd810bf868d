import { channel } from 'node:diagnostics_channel';
import type { AddressInfo } from 'node:net';
import { createApp } from './app.factory.js';
import { ConfigError, loadConfig } from './config/config.loader.js';
import { DataDirLockedError } from './database/pglite/data-dir-lock.js';
import { PluginLoadError } from './plugins/plugin-loader.js';

/** Published once the server listens; scripts/bundle-main.mjs subscribes by this name. */
const LISTENING_CHANNEL = 'imagehive:listening';

async function start(): Promise<void> {
  const config = loadConfig();
  const app = await createApp(config);
  await app.listen(config.server.port, config.server.host);
  // The bound port, not the configured one: with port 0 the system picked it.
  const { port } = app.getHttpServer().address() as AddressInfo;
  const where = config.server.publicUrl ?? `http://localhost:${port}`;
  process.stdout.write(`Imagehive is listening on port ${port}: ${where} (API docs at ${where}/docs)\n`);
  // The production bundle's loader writes its code cache once the start is done (scripts/bundle-main.mjs).
  channel(LISTENING_CHANNEL).publish({ port });
}

/**
 * Starts the server, or exits with why not. Apart from main.ts so that importing every module and starting are
 * two steps: the production build imports them all to make its code cache without starting (scripts/bundle.mjs).
 */
export function runServer(): void {
  start().catch((error: unknown) => {
    // Mistakes the operator can fix get one clear line, not a stack trace.
    if (error instanceof ConfigError || error instanceof DataDirLockedError || error instanceof PluginLoadError) {
      process.stderr.write(`${error.message}\n`);
    } else {
      process.stderr.write(`Imagehive failed to start: ${(error as Error)?.stack ?? String(error)}\n`);
    }
    process.exit(1);
  });
}
