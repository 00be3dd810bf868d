import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import type { ConfigService } from '../../config/config.service.js';

/**
 * The key that signs the panel's session cookie: admin.sessionSecret, else (outside production; the config
 * schema refuses production without one) generated once into the data folder so sessions survive restarts.
 */
export function resolveSessionSecret(config: ConfigService): string {
  const configured = config.values.admin.sessionSecret;
  if (configured) return configured;
  if (config.isProduction) throw new Error('admin.sessionSecret is required in production');
  const dir = join(config.dataDir, 'secrets');
  const file = join(dir, 'admin-session-secret');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
  }
  return readFileSync(file, 'utf8').trim();
}
