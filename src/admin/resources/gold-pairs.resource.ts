import { ImageLabelEntity } from '../../labels/image-label.entity.js';
import { allowed, readOnlyActions, recordMutation, withColumns } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';
import { ADMIN_MEDIA_PATH } from './uploads.resource.js';

const ID = 'gold-pairs';

/**
 * The gold standard: image–label pairs whose answer a moderator fixed (PUT /api/validation/pairs/:id/gold),
 * mixed into voters' queues to measure them. Here they can be reviewed and taken out of the gold set.
 */
export const goldPairsResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'moderator' },
  build: ({ dataSource, voting, datasetFacts, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    const withNames = withColumns(async (records, ids) => {
      const names = await datasetFacts.pairNames(ids);
      for (const record of records) record.params.label = names.get(record.id) ?? '';
    });
    const thumbnail = { type: 'string' as const, isSortable: false, components: { list: components.Thumbnail, show: components.Thumbnail } };
    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(ImageLabelEntity),
        references: { ImageEntity: 'uploads' },
        scope: { sql: 'r.gold IS NOT NULL' },
        defaultSort: { column: 'createdAt', direction: 'DESC' },
        toParams: (pair) => ({ ...pair, answer: pair.gold ? 'right' : 'wrong', thumbnail: `${ADMIN_MEDIA_PATH}/${pair.imageId}/thumb` }),
      }),
      options: {
        navigation: { name: 'Labels', icon: 'Tag' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          label: { type: 'string', isTitle: true, isSortable: false },
          thumbnail,
          answer: { type: 'string', isSortable: false, description: 'The fixed answer: is the label right for the image?' },
        },
        listProperties: ['thumbnail', 'label', 'answer', 'yes', 'no', 'unsure', 'probability', 'createdAt'],
        showProperties: ['thumbnail', 'label', 'answer', 'imageId', 'yes', 'no', 'unsure', 'informative', 'probability', 'verdict', 'createdAt', 'id'],
        filterProperties: ['imageId', 'gold', 'createdAt'],
        actions: {
          ...readOnlyActions(can, withNames),
          unmarkGold: {
            actionType: 'record',
            icon: 'MinusCircle',
            variant: 'danger',
            component: components.ConfirmAction,
            custom: { description: 'The pair leaves the gold set and is voted on like any other.', submit: 'Remove from gold' },
            isAccessible: can('unmarkGold'),
            handler: recordMutation(async (record, _request, context) => {
              await voting.setGold(String(record.id()), null);
              return { message: 'Removed from the gold set', redirectUrl: context.h.resourceUrl({ resourceId: ID }) };
            }),
          },
        },
      },
    };
  },
};
