import type { ResourceWithOptions } from 'adminjs';
import { DELIVERY_STATUSES, WebhookDeliveryEntity } from '../../webhooks/webhook-delivery.entity.js';
import { actionPair, allowed, bulkAction, plural, readOnlyActions, recordMutation } from './actions.js';
import type { AdminDeps } from './definition.js';
import { QueryResource } from './query-resource.js';

const RETRY_DESCRIPTION = 'Back to the queue, from the first attempt; the dispatcher sends it on its next round.';

/**
 * The delivery log (`scope` narrows it, e.g. to the dead letters), read-only, with a retry for dead letters
 * through DeliveriesService (any other status is refused with its reason). The event's payload is shown.
 */
export function deliveryLogResource({ dataSource, deliveries, policy, components }: AdminDeps, id: string, scope?: string): ResourceWithOptions {
  const can = (action: string) => allowed(policy, id, action);
  return {
    resource: new QueryResource<WebhookDeliveryEntity>({
      id,
      repository: dataSource.getRepository(WebhookDeliveryEntity),
      hidden: ['claimToken', 'leaseExpiresAt'],
      references: { WebhookSubscriptionEntity: 'webhook-subscriptions', OutboxEventEntity: null },
      exact: ['status'],
      scope: scope ? { sql: scope } : undefined,
      defaultSort: { column: 'createdAt', direction: 'DESC' },
      join: (query, alias) => query.innerJoinAndSelect(`${alias}.event`, 'e'),
      virtualFilters: { eventType: (query, _alias, value, param) => void query.andWhere(`e.type = :${param}`, { [param]: value }) },
      toParams: ({ event, ...delivery }) => ({ ...delivery, eventType: event?.type, payload: event ? JSON.stringify(event.payload) : null }),
    }),
    options: {
      navigation: { name: 'Webhooks', icon: 'Send' },
      sort: { sortBy: 'createdAt', direction: 'desc' },
      properties: {
        eventType: { type: 'string', isTitle: true, isSortable: false },
        status: { availableValues: DELIVERY_STATUSES.map((s) => ({ value: s, label: s })) },
        payload: { type: 'textarea', isSortable: false },
      },
      listProperties: ['eventType', 'subscriptionId', 'status', 'attempts', 'lastStatusCode', 'lastError', 'nextAttemptAt', 'createdAt'],
      showProperties: ['eventType', 'subscriptionId', 'status', 'attempts', 'lastStatusCode', 'lastError', 'lastAttemptAt', 'nextAttemptAt', 'deliveredAt', 'eventId', 'payload', 'createdAt', 'id'],
      filterProperties: ['subscriptionId', 'status', 'eventType', 'createdAt'],
      actions: {
        ...readOnlyActions(can),
        ...actionPair({
          name: 'retry',
          icon: 'RotateCcw',
          description: RETRY_DESCRIPTION,
          submit: 'Retry',
          components,
          can,
          isVisible: ({ record }) => record?.params.status === 'dead',
          record: recordMutation(async (record) => {
            await deliveries.retry(String(record.id()));
            return { message: `The ${record.params.eventType} delivery is queued again` };
          }),
          bulk: bulkAction(async (records) => {
            let retried = 0;
            for (const record of records) if (record.params.status === 'dead') retried += (await deliveries.retry(String(record.id()))).length;
            const skipped = records.length - retried;
            return { message: `Retrying ${plural(retried, 'dead letter')}${skipped ? `; ${skipped} not dead, left alone` : ''}` };
          }),
        }),
      },
    },
  };
}
