import { type DynamicModule, Module } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { AnnotationsModule } from './annotations/annotations.module.js';
import { AuthModule } from './auth/auth.module.js';
import { SecretsModule } from './auth/secrets.module.js';
import { ClusterModule } from './cluster/cluster.module.js';
import type { AppConfig } from './config/config.schema.js';
import { ConfigModule } from './config/config.module.js';
import { DatabaseModule } from './database/database.module.js';
import { DatasetModule } from './dataset/dataset.module.js';
import { ExportModule } from './export/export.module.js';
import { ExploreModule } from './explore/explore.module.js';
import { HealthModule } from './health/health.module.js';
import { InvitesModule } from './invites/invites.module.js';
import { MediaModule } from './media/media.module.js';
import { LabelsModule } from './labels/labels.module.js';
import { LoggingModule } from './logging/logging.module.js';
import { BuiltinPlugin } from './plugins/builtin.plugin.js';
import { ModerationModule } from './moderation/moderation.module.js';
import { PluginsModule } from './plugins/plugins.module.js';
import { ServingModule } from './serving/serving.module.js';
import { StatisticsModule } from './statistics/statistics.module.js';
import { StorageModule } from './storage/storage.module.js';
import { ThrottlingModule } from './throttling/throttling.module.js';
import { TokensModule } from './tokens/tokens.module.js';
import { UploadsModule } from './uploads/uploads.module.js';
import { UsersModule } from './users/users.module.js';
import { ValidationModule } from './validation/validation.module.js';
import { WebhooksModule } from './webhooks/webhooks.module.js';
import { WebModule } from './web/web.module.js';
import { WordlistsModule } from './wordlists/wordlists.module.js';

export interface AppModuleOptions {
  config: AppConfig;
  /** Plugin modules loaded from config (see plugins/plugin-loader.ts). */
  plugins?: DynamicModule[];
}

/** Composes the feature modules; nothing else lives here. */
@Module({})
export class AppModule {
  static forRoot({ config, plugins = [] }: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        LoggingModule,
        EventEmitterModule.forRoot({ wildcard: false, ignoreErrors: false }),
        DatabaseModule,
        SecretsModule,
        WebhooksModule,
        ClusterModule,
        ThrottlingModule,
        PluginsModule,
        BuiltinPlugin,
        ...plugins,
        AuthModule,
        UsersModule,
        TokensModule,
        InvitesModule,
        HealthModule,
        StorageModule,
        MediaModule,
        WordlistsModule,
        UploadsModule,
        ServingModule,
        LabelsModule,
        DatasetModule,
        ModerationModule,
        ValidationModule,
        ExportModule,
        StatisticsModule,
        ExploreModule,
        // The browser app: pages at /, /login, /donate… and its files under /app/.
        WebModule,
        AnnotationsModule,
      ],
    };
  }
}
