import { deadLettersResource } from './dead-letters.resource.js';
import type { AdminResourceDefinition } from './definition.js';
import { flaggedVotersResource } from './flagged-voters.resource.js';
import { goldPairsResource } from './gold-pairs.resource.js';
import { invitesResource } from './invites.resource.js';
import { labelPairsResource } from './label-pairs.resource.js';
import { labelSuggestionsResource } from './label-suggestions.resource.js';
import { moderationQueueResource } from './moderation-queue.resource.js';
import { nearDuplicatesResource } from './near-duplicates.resource.js';
import { reportsResource } from './reports.resource.js';
import { tokensResource } from './tokens.resource.js';
import { uploadsResource } from './uploads.resource.js';
import { usersResource } from './users.resource.js';
import { validationAlertsResource } from './validation-alerts.resource.js';
import { webhookDeliveriesResource } from './webhook-deliveries.resource.js';
import { webhookSubscriptionsResource } from './webhook-subscriptions.resource.js';

/** The panel's resources, in menu order. Later modules add theirs here (see definition.ts). */
export const ADMIN_RESOURCES: AdminResourceDefinition[] = [
  moderationQueueResource,
  reportsResource,
  nearDuplicatesResource,
  uploadsResource,
  labelSuggestionsResource,
  labelPairsResource,
  goldPairsResource,
  flaggedVotersResource,
  validationAlertsResource,
  usersResource,
  invitesResource,
  tokensResource,
  webhookSubscriptionsResource,
  webhookDeliveriesResource,
  deadLettersResource,
];
