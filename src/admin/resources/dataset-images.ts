import type { ResourceWithOptions } from 'adminjs';
import { ImageEntity } from '../../uploads/image.entity.js';
import { allowed, readOnlyActions, withColumns } from './actions.js';
import type { AdminDeps } from './definition.js';
import { moderationActions } from './moderation-actions.js';
import { QueryResource } from './query-resource.js';
import { ADMIN_MEDIA_PATH } from './uploads.resource.js';

export interface DatasetImagesOptions {
  id: string;
  /** Which dataset images the list holds, as SQL on the alias `r`. */
  scope: string;
  listProperties: string[];
}

/**
 * A moderation list of dataset images (the pending queue, the near-duplicate flags): thumbnails, donor,
 * labels, open reports and the closest near-duplicate, with approve / reject / quarantine one by one or in bulk.
 */
export function datasetImagesResource(deps: AdminDeps, { id, scope, listProperties }: DatasetImagesOptions): ResourceWithOptions {
  const { dataSource, datasetFacts, moderation, policy, components } = deps;
  const can = (action: string) => allowed(policy, id, action);

  const withFacts = withColumns(async (records, ids) => {
    const facts = await datasetFacts.imageFacts(ids);
    for (const record of records) {
      const found = facts.get(record.id);
      record.params.labels = found?.labels.join(', ') ?? '';
      record.params.openReports = found?.openReports ?? 0;
      record.params.nearDuplicates = found?.duplicates ?? 0;
      record.params.closest = found?.closestId ? `${ADMIN_MEDIA_PATH}/${found.closestId}/thumb` : null;
      record.params.closestDistance = found?.closestDistance ?? null;
    }
  });

  const thumbnail = { type: 'string' as const, isSortable: false, components: { list: components.Thumbnail, show: components.Thumbnail } };
  return {
    resource: new QueryResource<ImageEntity>({
      id,
      repository: dataSource.getRepository(ImageEntity),
      hidden: ['deletionSecretHash', 'blobSha256', 'dhash', 'dhashBands', 'maxViews', 'views', 'expiresAt', 'compressed'],
      references: { UserEntity: 'users' },
      exact: ['slug', 'datasetState'],
      scope: { sql: scope },
      defaultSort: { column: 'donatedAt', direction: 'ASC' }, // oldest first, as the API's queue: nothing waits forever
      join: (query, alias) => query.innerJoinAndSelect(`${alias}.blob`, 'b'),
      toParams: ({ blob, owner: _owner, deletionSecretHash: _secret, ...image }) => ({
        ...image,
        format: blob?.format,
        dimensions: blob ? `${blob.width} × ${blob.height}` : null,
        thumbnail: `${ADMIN_MEDIA_PATH}/${image.id}/thumb`,
        preview: `${ADMIN_MEDIA_PATH}/${image.id}/preview`,
      }),
    }),
    options: {
      navigation: { name: 'Moderation', icon: 'Shield' },
      sort: { sortBy: 'donatedAt', direction: 'asc' },
      properties: {
        slug: { isTitle: true },
        ownerId: { description: 'The donor (empty: anonymous)' },
        thumbnail,
        preview: { ...thumbnail, components: { show: components.Thumbnail } },
        closest: { ...thumbnail, description: 'The closest earlier dataset image' },
        labels: { type: 'string', isSortable: false },
        openReports: { type: 'number', isSortable: false },
        nearDuplicates: { type: 'number', isSortable: false },
        closestDistance: { type: 'number', isSortable: false, description: 'Differing bits of the 64-bit dHash (0: the same picture)' },
        format: { type: 'string', isSortable: false },
        dimensions: { type: 'string', isSortable: false },
      },
      listProperties,
      showProperties: ['preview', 'slug', 'ownerId', 'datasetState', 'hidden', 'labels', 'openReports', 'nearDuplicates', 'closest', 'closestDistance', 'format', 'dimensions', 'originalName', 'license', 'donatedAt', 'id'],
      filterProperties: ['ownerId', 'donatedAt', 'slug', 'originalName'],
      actions: {
        ...readOnlyActions(can, withFacts),
        ...moderationActions({ moderation, components, can, imageOf: (record) => String(record.id()) }),
      },
    },
  };
}
