import { ImageReportEntity } from '../../dataset/image-report.entity.js';
import { allowed, readOnlyActions } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { moderationActions } from './moderation-actions.js';
import { QueryResource, stillOpen } from './query-resource.js';
import { ADMIN_MEDIA_PATH } from './uploads.resource.js';

const ID = 'reports';

/**
 * Reports on dataset images, newest first, with the reported image. A decision on the image (through
 * ModerationService) closes its open reports: approve keeps it (and shows it again if the reports hid it),
 * reject or quarantine takes it out. Reporters stay anonymous here: the reporter key (a hash) never loads.
 */
export const reportsResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'moderator' },
  build: ({ dataSource, moderation, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    const thumbnail = { type: 'string' as const, isSortable: false, components: { list: components.Thumbnail, show: components.Thumbnail } };
    return {
      resource: new QueryResource<ImageReportEntity>({
        id: ID,
        repository: dataSource.getRepository(ImageReportEntity),
        hidden: ['reporterKey'],
        references: { ImageEntity: 'uploads' },
        defaultSort: { column: 'createdAt', direction: 'DESC' },
        join: (query, alias) => query.innerJoinAndSelect(`${alias}.image`, 'i'),
        virtualFilters: {
          open: stillOpen,
        },
        toParams: ({ image, reporterKey: _key, ...report }) => ({
          ...report,
          open: report.resolvedAt === null,
          imageState: image?.datasetState ?? null,
          imageHidden: image?.hidden ?? false,
          thumbnail: `${ADMIN_MEDIA_PATH}/${report.imageId}/thumb`,
        }),
      }),
      options: {
        navigation: { name: 'Moderation', icon: 'Shield' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          reason: { isTitle: true },
          thumbnail,
          open: { type: 'boolean', isSortable: false },
          imageState: { type: 'string', isSortable: false },
          imageHidden: { type: 'boolean', isSortable: false, description: 'Hidden by reports until a moderator decides' },
          reporterId: { description: 'Empty for an anonymous reporter' },
        },
        listProperties: ['thumbnail', 'reason', 'imageId', 'imageState', 'imageHidden', 'open', 'createdAt'],
        showProperties: ['thumbnail', 'reason', 'imageId', 'imageState', 'imageHidden', 'open', 'reporterId', 'createdAt', 'resolvedAt', 'id'],
        filterProperties: ['open', 'imageId', 'reason', 'createdAt'],
        actions: {
          ...readOnlyActions(can),
          ...moderationActions({ moderation, components, can, imageOf: (record) => String(record.params.imageId) }),
        },
      },
    };
  },
};
