import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { InvitesModule } from '../invites/invites.module.js';
import { LabelsModule } from '../labels/labels.module.js';
import { ModerationModule } from '../moderation/moderation.module.js';
import { ServingModule } from '../serving/serving.module.js';
import { TokensModule } from '../tokens/tokens.module.js';
import { UploadsModule } from '../uploads/uploads.module.js';
import { UsersModule } from '../users/users.module.js';
import { ValidationModule } from '../validation/validation.module.js';
import { AdminAuthService } from './admin-auth.service.js';
import { AdminDatasetRepository } from './admin-dataset.repository.js';
import { AdminMediaService } from './admin-media.service.js';
import { AdminPanelService } from './admin-panel.service.js';
import { AdminStatsRepository } from './admin-stats.repository.js';
import { DashboardService } from './dashboard.service.js';
import { AdminSessionEntity } from './session/admin-session.entity.js';

/** The staff panel (AdminJS at /admin). Loaded lazily by admin.loader.ts, only when admin.enabled, since AdminJS is slow to import. */
@Module({
  imports: [TypeOrmModule.forFeature([AdminSessionEntity]), UsersModule, TokensModule, InvitesModule, UploadsModule, ServingModule, ModerationModule, LabelsModule, ValidationModule],
  // WebhooksModule is global: SubscriptionsService and DeliveriesService come from it.
  providers: [AdminAuthService, AdminStatsRepository, AdminDatasetRepository, DashboardService, AdminMediaService, AdminPanelService],
})
export class AdminPanelModule {}
