import { ValidationAlertEntity } from '../../validation/validation-alert.entity.js';
import { allowed, readOnlyActions } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'validation-alerts';
const KINDS = ['probability_swing', 'voter_collapse'];

/** Alerts of the validation: a pair's verdict swinging fast, a voter's reliability collapsing. Read-only. */
export const validationAlertsResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'moderator' },
  build: ({ dataSource, policy }) => {
    const can = (action: string) => allowed(policy, ID, action);
    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(ValidationAlertEntity),
        exact: ['kind'],
        defaultSort: { column: 'createdAt', direction: 'DESC' },
      }),
      options: {
        navigation: { name: 'Labels', icon: 'Tag' },
        sort: { sortBy: 'createdAt', direction: 'desc' },
        properties: {
          detail: { isTitle: true },
          kind: { availableValues: KINDS.map((k) => ({ value: k, label: k })) },
        },
        listProperties: ['kind', 'detail', 'pairId', 'voterId', 'createdAt', 'resolvedAt'],
        filterProperties: ['kind', 'pairId', 'voterId', 'createdAt'],
        actions: {
          ...readOnlyActions(can),
        },
      },
    };
  },
};
