import type { ResourceWithOptions } from 'adminjs';
import type { DataSource } from 'typeorm';
import type { InvitesService } from '../../invites/invites.service.js';
import type { LabelsService } from '../../labels/labels.service.js';
import type { ModerationService } from '../../moderation/moderation.service.js';
import type { TokensService } from '../../tokens/tokens.service.js';
import type { UploadsService } from '../../uploads/uploads.service.js';
import type { UsersService } from '../../users/users.service.js';
import type { VotingService } from '../../validation/voting.service.js';
import type { DeliveriesService } from '../../webhooks/deliveries.service.js';
import type { SubscriptionsService } from '../../webhooks/subscriptions.service.js';
import type { AccessPolicy, ResourceAccess } from '../access.js';
import type { AdminDatasetRepository } from '../admin-dataset.repository.js';
import type { AdminStatsRepository } from '../admin-stats.repository.js';
import type { ComponentIds } from '../components/components.js';

/** What a resource definition may use: the module services (for every change) and the app's data source (for reads). */
export interface AdminDeps {
  dataSource: DataSource;
  users: UsersService;
  tokens: TokensService;
  invites: InvitesService;
  uploads: UploadsService;
  moderation: ModerationService;
  labels: LabelsService;
  voting: VotingService;
  subscriptions: SubscriptionsService;
  deliveries: DeliveriesService;
  stats: AdminStatsRepository;
  datasetFacts: AdminDatasetRepository;
  policy: AccessPolicy;
  components: ComponentIds;
}

/**
 * One resource of the panel. A new module (moderation, labels, webhooks) adds a file like users.resource.ts
 * and one line in resources/index.ts: its access rule joins the policy, its services join AdminDeps.
 */
export interface AdminResourceDefinition {
  id: string;
  access: ResourceAccess;
  build(deps: AdminDeps): ResourceWithOptions;
}
