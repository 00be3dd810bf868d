import { ValidationAlertEntity } from '../../validation/validation-alert.entity.js';
import { actionPair, allowed, bulkMutation, plural, readOnlyActions, recordMutation } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource, stillOpen } from './query-resource.js';

const ID = 'validation-alerts';
const KINDS = ['probability_swing', 'voter_collapse'];

/**
 * Alerts of the validation: a pair's verdict swinging fast, a voter's reliability collapsing. Resolving one
 * (through VotingService) only records that a moderator has looked: it leaves the open list and the dashboard.
 */
export const validationAlertsResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'moderator' },
  build: ({ dataSource, voting, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(ValidationAlertEntity),
        exact: ['kind'],
        defaultSort: { column: 'createdAt', direction: 'DESC' },
        virtualFilters: {
          open: stillOpen,
        },
      }),
      options: {
        navigation: { name: 'Labels', icon: 'Tag' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          detail: { isTitle: true },
          kind: { availableValues: KINDS.map((k) => ({ value: k, label: k })) },
          open: { type: 'boolean', isSortable: false },
        },
        listProperties: ['kind', 'detail', 'pairId', 'voterId', 'createdAt', 'resolvedAt'],
        filterProperties: ['open', 'kind', 'pairId', 'voterId', 'createdAt'],
        actions: {
          ...readOnlyActions(can),
          ...actionPair({
            name: 'resolve',
            icon: 'Check',
            description: 'Mark as looked at.',
            submit: 'Resolve',
            components,
            can,
            isVisible: ({ record }) => !record?.params.resolvedAt,
            record: recordMutation(async (record) => {
              await voting.resolveAlert(String(record.id()));
              return { message: 'Resolved' };
            }),
            bulk: bulkMutation(
              async (record) => {
                if (record.params.resolvedAt) return false;
                await voting.resolveAlert(String(record.id()));
                return true;
              },
              (count) => `Resolved ${plural(count, 'alert')}`,
            ),
          }),
        },
      },
    };
  },
};
