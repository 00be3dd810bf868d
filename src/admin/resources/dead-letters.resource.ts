import type { AdminResourceDefinition } from './definition.js';
import { deliveryLogResource } from './webhook-deliveries.js';

/** Deliveries that gave up (too many failures, or a 4xx), to retry once the receiver is fixed. Admins only. */
export const deadLettersResource: AdminResourceDefinition = {
  id: 'dead-letters',
  access: { role: 'admin' },
  build: (deps) => deliveryLogResource(deps, 'dead-letters', `r.status = 'dead'`),
};
