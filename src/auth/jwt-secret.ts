import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import type { ConfigService } from '../config/config.service.js';

/** The signing key: from config, else generated once into the data folder so sessions survive restarts. */
export class JwtSecret {
  constructor(readonly value: string) {}

  static resolve(config: ConfigService): JwtSecret {
    const configured = config.values.auth.jwtSecret;
    if (configured) return new JwtSecret(configured);
    const dir = join(config.dataDir, 'secrets');
    const file = join(dir, 'jwt-secret');
    if (!existsSync(file)) {
      mkdirSync(dir, { recursive: true, mode: 0o700 });
      writeFileSync(file, randomBytes(48).toString('base64url'), { mode: 0o600, flag: 'wx' });
    }
    return new JwtSecret(readFileSync(file, 'utf8').trim());
  }
}
