import type { ActionHandler, ActionResponse } from 'adminjs';
import { IMAGE_TYPES } from '../../config/config.schema.js';
import { staffDeletion } from '../../events/events.js';
import { ImageEntity } from '../../uploads/image.entity.js';
import { allowed, bulkMutation, plural, recordMutation, staffOf, withColumns } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'uploads';
export const ADMIN_MEDIA_PATH = '/admin/media';

/**
 * Uploaded images with thumbnails, filterable by owner, type and date. Moderators and admins may view and
 * take down; taking down goes through UploadsService.remove, so the bytes and variants go and the
 * upload.deleted event fires. Thumbnails come from the panel's own media route, which needs the panel
 * session and never counts a view of a view-limited link.
 */
export const uploadsResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'moderator' },
  build: ({ dataSource, uploads, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    const takeDown: ActionHandler<ActionResponse> = recordMutation(async (record, _request, context) => {
      const staff = staffOf(context);
      await uploads.remove(String(record.id()), staffDeletion(staff.role), staff.id);
      return { message: `Took down ${record.params.slug}`, redirectUrl: context.h.resourceUrl({ resourceId: ID }) };
    });

    return {
      resource: new QueryResource<ImageEntity>({
        id: ID,
        repository: dataSource.getRepository(ImageEntity),
        hidden: ['deletionSecretHash', 'blobSha256'],
        references: { UserEntity: 'users' },
        exact: ['slug'],
        defaultSort: { column: 'createdAt', direction: 'DESC' },
        join: (query, alias) => query.innerJoinAndSelect(`${alias}.blob`, 'b'),
        virtualFilters: {
          format: (query, _alias, value, param) =>
            void (IMAGE_TYPES.includes(value as (typeof IMAGE_TYPES)[number]) ? query.andWhere(`b.format = :${param}`, { [param]: value }) : query.andWhere('1 = 0')),
        },
        toParams: ({ blob, owner: _owner, deletionSecretHash: _secret, ...image }) => ({
          ...image,
          format: blob?.format,
          mimeType: blob?.mimeType,
          size: blob?.size,
          dimensions: blob ? `${blob.width} × ${blob.height}` : null,
          thumbnail: `${ADMIN_MEDIA_PATH}/${image.id}/thumb`,
          preview: `${ADMIN_MEDIA_PATH}/${image.id}/preview`,
          link: `/v/${image.slug}`,
        }),
      }),
      options: {
        navigation: { name: 'Content', icon: 'Image' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          slug: { isTitle: true },
          thumbnail: { type: 'string', isSortable: false, components: { list: components.Thumbnail, show: components.Thumbnail } },
          preview: { type: 'string', isSortable: false, components: { show: components.Thumbnail } },
          format: { type: 'string', availableValues: IMAGE_TYPES.map((t) => ({ value: t, label: t })), isSortable: false },
          mimeType: { type: 'string', isSortable: false },
          size: { type: 'number', isSortable: false },
          dimensions: { type: 'string', isSortable: false },
          link: { type: 'string', isSortable: false },
        },
        listProperties: ['thumbnail', 'slug', 'ownerId', 'format', 'size', 'views', 'createdAt'],
        showProperties: ['preview', 'slug', 'link', 'ownerId', 'originalName', 'format', 'mimeType', 'dimensions', 'size', 'originalSize', 'compressed', 'views', 'maxViews', 'expiresAt', 'createdAt', 'id'],
        filterProperties: ['ownerId', 'format', 'slug', 'originalName', 'createdAt'],
        actions: {
          list: { isAccessible: can('list') },
          search: { isAccessible: can('search') },
          show: { isAccessible: can('show') },
          new: { isAccessible: false, isVisible: false },
          edit: { isAccessible: false, isVisible: false },
          delete: { isAccessible: can('delete'), guard: 'Take this image down? Its file, its variants and its link go for good.', handler: takeDown },
          bulkDelete: {
            isAccessible: can('bulkDelete'),
            handler: bulkMutation(
              (record, context) => uploads.remove(String(record.id()), staffDeletion(staffOf(context).role), staffOf(context).id),
              (count) => `Took down ${plural(count, 'upload')}`,
            ),
          },
        },
      },
    };
  },
};
