import type { AdminResourceDefinition } from './definition.js';
import { deliveryLogResource } from './webhook-deliveries.js';

/** Every delivery of every subscription, newest first. Admins only. */
export const webhookDeliveriesResource: AdminResourceDefinition = {
  id: 'webhook-deliveries',
  access: { role: 'admin' },
  build: (deps) => deliveryLogResource(deps, 'webhook-deliveries'),
};
