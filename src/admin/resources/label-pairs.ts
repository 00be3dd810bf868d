import type { ResourceWithOptions } from 'adminjs';
import { ImageLabelEntity } from '../../labels/image-label.entity.js';
import { type ActionOptions, actionPair, allowed, bulkMutation, plural, readOnlyActions, recordMutation, withColumns } from './actions.js';
import type { AdminDeps } from './definition.js';
import { QueryResource } from './query-resource.js';
import { ADMIN_MEDIA_PATH } from './uploads.resource.js';

type Gold = boolean | null;

const GOLD: Array<{ action: string; gold: Gold; icon: string; text: string; done: string }> = [
  { action: 'markRight', gold: true, icon: 'CheckSquare', text: 'Gold: the label is right for this image. Voters who say no lose standing.', done: 'marked gold (right)' },
  { action: 'markWrong', gold: false, icon: 'XSquare', text: 'Gold: the label is wrong for this image. Voters who say yes lose standing.', done: 'marked gold (wrong)' },
  { action: 'unmarkGold', gold: null, icon: 'MinusCircle', text: 'The pair leaves the gold set and is voted on like any other.', done: 'taken out of the gold set' },
];

/**
 * Image–label pairs (`scope` narrows them, e.g. to the gold standard) with thumbnail, votes and verdict, and the
 * gold-standard actions of PUT /api/validation/pairs/:id/gold, one or many, through VotingService.setGold. Gold
 * pairs (known answers) are mixed into voters' queues to measure them.
 */
export function pairListResource({ dataSource, voting, datasetFacts, policy, components }: AdminDeps, id: string, scope?: string): ResourceWithOptions {
  const can = (action: string) => allowed(policy, id, action);
  const withNames = withColumns(async (records, ids) => {
    const names = await datasetFacts.pairNames(ids);
    for (const record of records) record.params.label = names.get(record.id) ?? '';
  });
  const goldActions: Record<string, ActionOptions> = {};
  for (const { action, gold, icon, text, done } of GOLD) {
    Object.assign(
      goldActions,
      actionPair({
        name: action,
        icon,
        description: text,
        submit: 'Save',
        components,
        can,
        isVisible: ({ record }) => !!record?.params.labelId && record.params.gold !== gold,
        record: recordMutation(async (record) => {
          await voting.setGold(String(record.id()), gold);
          return { message: `The pair is ${done}` };
        }),
        // Suggestion pairs are refused by the service (409); the bulk action skips them instead.
        bulk: bulkMutation(
          async (record) => {
            if (gold !== null && !record.params.labelId) return false;
            await voting.setGold(String(record.id()), gold);
            return true;
          },
          (count) => `${plural(count, 'pair')} ${done}`,
        ),
      }),
    );
  }
  const thumbnail = { type: 'string' as const, isSortable: false, components: { list: components.Thumbnail, show: components.Thumbnail } };
  return {
    resource: new QueryResource({
      id,
      repository: dataSource.getRepository(ImageLabelEntity),
      references: { ImageEntity: 'uploads' },
      exact: ['verdict'],
      scope: scope ? { sql: scope } : undefined,
      defaultSort: { column: 'createdAt', direction: 'DESC' },
      virtualFilters: {
        label: (query, alias, value, param) =>
          void query.andWhere(`EXISTS (SELECT 1 FROM labels l WHERE l.id IN (${alias}."labelId", ${alias}."parentLabelId") AND lower(l.name) = lower(:${param}))`, { [param]: value }),
      },
      toParams: (pair) => ({ ...pair, answer: pair.gold === null ? null : pair.gold ? 'right' : 'wrong', thumbnail: `${ADMIN_MEDIA_PATH}/${pair.imageId}/thumb` }),
    }),
    options: {
      navigation: { name: 'Labels', icon: 'Tag' },
      sort: { sortBy: 'createdAt', direction: 'desc' },
      properties: {
        label: { type: 'string', isTitle: true, isSortable: false },
        thumbnail,
        answer: { type: 'string', isSortable: false, description: 'Gold pairs: the fixed answer (is the label right for the image?)' },
      },
      listProperties: ['thumbnail', 'label', 'answer', 'yes', 'no', 'unsure', 'probability', 'verdict'],
      showProperties: ['thumbnail', 'label', 'answer', 'imageId', 'yes', 'no', 'unsure', 'informative', 'probability', 'verdict', 'createdAt', 'id'],
      filterProperties: ['label', 'imageId', 'gold', 'verdict', 'createdAt'],
      actions: { ...readOnlyActions(can, withNames), ...goldActions },
    },
  };
}
