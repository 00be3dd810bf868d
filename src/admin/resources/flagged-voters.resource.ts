import { VoterEntity } from '../../validation/voter.entity.js';
import { allowed, readOnlyActions } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'flagged-voters';
const FLAGGED = ['suspected_spammer', 'adversarial'];

/**
 * Voters the reliability model (Dawid–Skene, see docs/consensus.md) flagged as spammers or adversarial: their
 * votes already weigh nothing. Read-only: the flag is the model's, recomputed from the votes.
 */
export const flaggedVotersResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'moderator' },
  build: ({ dataSource, policy }) => {
    const can = (action: string) => allowed(policy, ID, action);
    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(VoterEntity),
        hidden: ['anonKey'],
        exact: ['flag'],
        scope: { sql: 'r.flag IN (:...flagged)', params: { flagged: FLAGGED } },
        defaultSort: { column: 'updatedAt', direction: 'DESC' },
        toParams: ({ anonKey, ...voter }) => ({ ...voter, anonymous: anonKey !== null }),
      }),
      options: {
        navigation: { name: 'Labels', icon: 'Tag' },
        sort: { sortBy: 'updatedAt', direction: 'desc' },
        properties: {
          flag: { availableValues: FLAGGED.map((f) => ({ value: f, label: f })) },
          userId: { description: 'Empty for an anonymous visitor' },
          anonymous: { type: 'boolean', isSortable: false },
          accuracy: { description: 'Estimated share of right answers' },
        },
        listProperties: ['id', 'flag', 'userId', 'anonymous', 'accuracy', 'goldAnswered', 'goldCorrect', 'updatedAt'],
        showProperties: ['id', 'flag', 'userId', 'anonymous', 'accuracy', 'yesWeight', 'noWeight', 'counted', 'goldAnswered', 'goldCorrect', 'createdAt', 'updatedAt'],
        filterProperties: ['flag', 'userId', 'updatedAt'],
        actions: {
          ...readOnlyActions(can),
        },
      },
    };
  },
};
