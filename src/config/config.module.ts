import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { AppConfig } from './config.schema.js';
import { ConfigService } from './config.service.js';

@Global()
@Module({})
export class ConfigModule {
  static forRoot(values: AppConfig): DynamicModule {
    return { module: ConfigModule, providers: [{ provide: ConfigService, useValue: new ConfigService(values) }], exports: [ConfigService] };
  }
}
