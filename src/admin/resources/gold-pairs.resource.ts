import type { AdminResourceDefinition } from './definition.js';
import { pairListResource } from './label-pairs.js';

/** The gold standard: pairs whose answer a moderator fixed, to review, flip or take out of the set. */
export const goldPairsResource: AdminResourceDefinition = {
  id: 'gold-pairs',
  access: { role: 'moderator' },
  build: (deps) => pairListResource(deps, 'gold-pairs', 'r.gold IS NOT NULL'),
};
