import { resolve } from 'node:path';
import { Logger } from '@nestjs/common';
import { LazyModuleLoader } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Express, RequestHandler } from 'express';
import type { AppConfig } from '../config/config.schema.js';
import { ADMIN_ROOT, mountFirst, sendError } from './admin-http.js';

export type AdminPanelState = 'idle' | 'loading' | 'ready';

const states = new WeakMap<NestExpressApplication, () => AdminPanelState>();

/** Whether the app's staff panel has been asked to load yet (for tests and diagnostics). */
export function adminPanelState(app: NestExpressApplication): AdminPanelState | undefined {
  return states.get(app)?.();
}

/**
 * Mounts the staff panel at /admin without loading it: AdminJS takes seconds to import, and in production
 * its component bundle is built at load, so the server would be that much later ready. It also holds ~90 MB
 * (its modules, React's and its bundler's sources), which most servers, used by ShareX and the API, never
 * need: so it loads at the first /admin request, which waits for it, or with admin.preload in the background
 * once the server listens. If loading fails the error is logged, /admin answers 503 and the next /admin
 * request tries again, while the rest of the server runs on.
 *
 * AdminJS writes its component bundle to ADMIN_JS_TMP_DIR, read once when it loads: point it into the data
 * folder (the working directory may be read-only, as in the Docker image) unless the operator chose a place.
 */
export function mountAdminPanel(app: NestExpressApplication, config: AppConfig): void {
  process.env.ADMIN_JS_TMP_DIR ??= resolve(config.dataDir, 'cache', 'adminjs');
  const logger = new Logger('AdminPanel');
  let router: RequestHandler | undefined;
  let loading: Promise<RequestHandler> | undefined;

  const load = (): Promise<RequestHandler> =>
    (loading ??= (async () => {
      // AdminJS first, on its own: import() loads its hundreds of files a few at a time between requests, where
      // the production bundle's require() of it (inside the panel's modules) would hold the server for seconds.
      await import('adminjs');
      // Lifecycle hooks do not run in lazily loaded modules: the service builds the router when asked.
      // One at a time: Jest's ESM loader fails to link two dynamic imports that share modules and race.
      const { AdminPanelModule } = await import('./admin.module.js');
      const { AdminPanelService } = await import('./admin-panel.service.js');
      const moduleRef = await app.get(LazyModuleLoader).load(() => AdminPanelModule);
      router = await moduleRef.get(AdminPanelService).build();
      return router;
    })().catch((error: unknown) => {
      loading = undefined;
      logger.error(`The staff panel could not be loaded: ${(error as Error)?.stack ?? String(error)}`);
      throw error;
    }));

  mountFirst(app.getHttpAdapter().getInstance() as Express, ADMIN_ROOT, (req, res, next) => {
    if (router) return router(req, res, next);
    load().then(
      (ready) => ready(req, res, next),
      () => sendError(req, res, 503, 'The staff panel could not be loaded; the server log says why'),
    );
  });
  states.set(app, () => (router ? 'ready' : loading ? 'loading' : 'idle'));
  if (config.admin.preload) app.getHttpServer().once('listening', () => void load().catch(() => undefined));
}
