import { Global, Module } from '@nestjs/common';
import { PluginsController } from './plugins.controller.js';
import { REGISTRIES } from './registries.js';

/** The registries, global so every plugin module (built-in or loaded from config) can fill them. */
@Global()
@Module({
  controllers: [PluginsController],
  providers: REGISTRIES,
  exports: REGISTRIES,
})
export class PluginsModule {}
