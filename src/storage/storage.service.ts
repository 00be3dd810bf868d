import { Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import type { StorageBackend } from '../plugins/plugin-types.js';
import { StorageDriverRegistry } from '../plugins/registries.js';

/** The configured storage backend (storage.driver), created once from the driver registry. */
@Injectable()
export class StorageService implements OnApplicationBootstrap, OnApplicationShutdown {
  private backend?: StorageBackend;

  constructor(
    private readonly registry: StorageDriverRegistry,
    private readonly config: ConfigService,
  ) {}

  // Resolve at start-up, so a misnamed driver or unusable storage stops the server instead of failing the first upload.
  async onApplicationBootstrap(): Promise<void> {
    await this.get().check?.();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.backend?.close?.();
  }

  get(): StorageBackend {
    if (!this.backend) {
      const { driver, options } = this.config.values.storage;
      if (!this.registry.has(driver)) {
        throw new Error(`storage.driver "${driver}" is not registered; available: ${this.registry.names().join(', ')}`);
      }
      this.backend = this.registry.get(driver).create(options, { dataDir: this.config.dataDir });
    }
    return this.backend;
  }
}
