import type { AdminResourceDefinition } from './definition.js';
import { datasetImagesResource } from './dataset-images.js';

/** Donations waiting for a decision, oldest first, with thumbnails; approve, reject or quarantine, one or many. */
export const moderationQueueResource: AdminResourceDefinition = {
  id: 'moderation-queue',
  access: { role: 'moderator' },
  build: (deps) =>
    datasetImagesResource(deps, {
      id: 'moderation-queue',
      scope: `r."datasetState" = 'pending'`,
      listProperties: ['thumbnail', 'slug', 'ownerId', 'labels', 'openReports', 'nearDuplicates', 'donatedAt'],
    }),
};
