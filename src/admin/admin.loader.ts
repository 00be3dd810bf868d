import type { DynamicModule } from '@nestjs/common';
import { resolve } from 'node:path';
import type { AppConfig } from '../config/config.schema.js';

/**
 * The staff panel's module, imported only when admin.enabled (AdminJS takes seconds to import). AdminJS
 * writes its component bundle to ADMIN_JS_TMP_DIR, read once when it loads: point it into the data folder
 * (the working directory may be read-only, as in the Docker image) unless the operator chose a place.
 */
export async function adminPanelModule(config: AppConfig): Promise<DynamicModule> {
  process.env.ADMIN_JS_TMP_DIR ??= resolve(config.dataDir, 'cache', 'adminjs');
  const { AdminPanelModule } = await import('./admin.module.js');
  return { module: AdminPanelModule };
}
