import { PluginRegistry } from './plugin-registry.js';
import type { ExportFormat, NotificationChannel, StorageDriver } from './plugin-types.js';

// Classes rather than tokens so they inject by type.
export class StorageDriverRegistry extends PluginRegistry<StorageDriver> {
  constructor() {
    super('storage driver');
  }
}

export class NotificationChannelRegistry extends PluginRegistry<NotificationChannel> {
  constructor() {
    super('notification channel');
  }
}

export class ExportFormatRegistry extends PluginRegistry<ExportFormat> {
  constructor() {
    super('export format');
  }
}

export const REGISTRIES = [StorageDriverRegistry, NotificationChannelRegistry, ExportFormatRegistry];
