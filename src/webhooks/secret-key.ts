import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { SecretBox } from '../../libs/webhooks/index.js';
import type { ConfigService } from '../config/config.service.js';

/**
 * The key that seals stored webhook URLs and secrets: `webhooks.secretKey`, else generated once into
 * `<dataDir>/secrets/webhook-key` (like the JWT key). Kept apart from the database on purpose: a database
 * dump or backup alone does not reveal where Imagehive posts or what it signs with.
 */
export function resolveSecretBox(config: ConfigService): SecretBox {
  const configured = config.values.webhooks.secretKey;
  if (configured) return new SecretBox(configured);
  const dir = join(config.dataDir, 'secrets');
  const file = join(dir, 'webhook-key');
  if (!existsSync(file)) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    try {
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    } catch (error) {
      // Another instance on the same folder wrote it first: use theirs.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
  return new SecretBox(readFileSync(file, 'utf8').trim());
}
