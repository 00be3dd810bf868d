import type { AdminResourceDefinition } from './definition.js';
import { pairListResource } from './label-pairs.js';

/** Every image–label pair with its votes and verdict (filter by label or image), where gold pairs are chosen. */
export const labelPairsResource: AdminResourceDefinition = {
  id: 'label-pairs',
  access: { role: 'moderator' },
  build: (deps) => pairListResource(deps, 'label-pairs'),
};
