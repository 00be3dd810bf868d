import { resolve } from 'node:path';
import type { AppConfig } from './config.schema.js';

/** The validated configuration, injected by class; read-only after start-up. */
export class ConfigService {
  readonly dataDir: string;

  constructor(readonly values: AppConfig) {
    this.dataDir = resolve(values.dataDir);
    Object.freeze(values);
  }

  get isProduction(): boolean {
    return this.values.env === 'production';
  }

  get usesEmbeddedDatabase(): boolean {
    return !this.values.database.url;
  }
}
