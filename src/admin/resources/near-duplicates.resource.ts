import type { AdminResourceDefinition } from './definition.js';
import { datasetImagesResource } from './dataset-images.js';

/**
 * Pending donations that look almost the same as an earlier dataset image (the API's `flagged` queue), each
 * beside the closest match, for a moderator to keep or turn away.
 */
export const nearDuplicatesResource: AdminResourceDefinition = {
  id: 'near-duplicates',
  access: { role: 'moderator' },
  build: (deps) =>
    datasetImagesResource(deps, {
      id: 'near-duplicates',
      scope: `r."datasetState" = 'pending' AND EXISTS (SELECT 1 FROM image_duplicates d WHERE d."imageId" = r.id)`,
      listProperties: ['thumbnail', 'closest', 'closestDistance', 'nearDuplicates', 'slug', 'ownerId', 'labels', 'donatedAt'],
    }),
};
