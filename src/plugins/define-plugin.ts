import { type DynamicModule, Inject, Injectable, Module, type OnModuleInit, type Provider } from '@nestjs/common';
import type { ExportFormat, NotificationChannel, StorageDriver } from './plugin-types.js';
import { ExportFormatRegistry, NotificationChannelRegistry, StorageDriverRegistry } from './registries.js';

export interface PluginDefinition {
  /** Shown in /api/plugins and in clash errors; a package name for external plugins. */
  name: string;
  storageDrivers?: StorageDriver[];
  notificationChannels?: NotificationChannel[];
  exportFormats?: ExportFormat[];
  /** Extra Nest providers the plugin needs (its own services, HTTP clients…). */
  providers?: Provider[];
}

export const PLUGIN_DEFINITION = Symbol('PLUGIN_DEFINITION');

/** Marks a dynamic module as an Imagehive plugin, so the loader can list it. */
export const PLUGIN_MARKER = 'imagehivePlugin';

/**
 * Turns a plugin definition into a Nest dynamic module that fills the registries when it starts.
 * An external plugin package default-exports the result of this function.
 */
export function definePlugin(definition: PluginDefinition): DynamicModule & { [PLUGIN_MARKER]: PluginDefinition } {
  @Injectable()
  class PluginRegistrar implements OnModuleInit {
    constructor(
      @Inject(StorageDriverRegistry) private readonly storage: StorageDriverRegistry,
      @Inject(NotificationChannelRegistry) private readonly channels: NotificationChannelRegistry,
      @Inject(ExportFormatRegistry) private readonly formats: ExportFormatRegistry,
    ) {}

    onModuleInit(): void {
      for (const driver of definition.storageDrivers ?? []) this.storage.register(driver, definition.name);
      for (const channel of definition.notificationChannels ?? []) this.channels.register(channel, definition.name);
      for (const format of definition.exportFormats ?? []) this.formats.register(format, definition.name);
    }
  }

  @Module({})
  class PluginModule {}
  Object.defineProperty(PluginModule, 'name', { value: `Plugin(${definition.name})` });

  return {
    module: PluginModule,
    providers: [{ provide: PLUGIN_DEFINITION, useValue: definition }, PluginRegistrar, ...(definition.providers ?? [])],
    [PLUGIN_MARKER]: definition,
  };
}
