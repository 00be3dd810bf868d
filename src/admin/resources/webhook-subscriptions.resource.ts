import type { ActionContext } from 'adminjs';
import { EVENT_TYPES } from '../../webhooks/events.dto.js';
import { WebhookSubscriptionEntity } from '../../webhooks/webhook-subscription.entity.js';
import { CreateWebhookDto } from '../../webhooks/webhooks.dto.js';
import { readForm } from '../admin.forms.js';
import { staffAuthContext } from '../admin.types.js';
import { type ActionField, allowed, field, plural, readOnlyActions, recordMutation, resourceMutation, staffOf, withColumns } from './actions.js';
import type { AdminResourceDefinition } from './definition.js';
import { QueryResource } from './query-resource.js';

const ID = 'webhook-subscriptions';

const NEW_FIELDS: ActionField[] = [
  { name: 'name', label: 'Name', type: 'text', required: true },
  { name: 'channel', label: 'Channel', type: 'select', options: ['webhook', 'discord'], value: 'webhook' },
  { name: 'url', label: 'URL', type: 'text', required: true },
  { name: 'events', label: `Events, separated by commas: *, prefix.* or types (${EVENT_TYPES.join(', ')})`, type: 'text', value: '*', required: true },
  { name: 'secret', label: 'Signing secret (webhook channel; at least 16 characters; empty: generated and shown once)', type: 'password' },
];

/**
 * Where events go. Everything runs through SubscriptionsService, which seals URLs and secrets (so this list
 * never loads them) and refuses to change the subscriptions that come from imagehive.yml. Admins only.
 */
export const webhookSubscriptionsResource: AdminResourceDefinition = {
  id: ID,
  access: { role: 'admin' },
  build: ({ dataSource, subscriptions, deliveries, policy, components }) => {
    const can = (action: string) => allowed(policy, ID, action);
    const show = (context: ActionContext, id: string) => context.h.recordActionUrl({ resourceId: ID, recordId: id, actionName: 'show' });

    // Waiting and dead deliveries per subscription, as the API lists them.
    const withCounts = withColumns(async (records) => {
      const listed = new Map((await subscriptions.list()).map((s) => [s.id, s]));
      for (const record of records) {
        const found = listed.get(record.id);
        record.params.pending = found?.pending ?? 0;
        record.params.dead = found?.dead ?? 0;
        record.params.signed = found?.signed ?? false;
      }
    });

    const setEnabled = (enabled: boolean) =>
      recordMutation(async (record) => {
        await subscriptions.update(String(record.id()), { enabled });
        return { message: `${record.params.name} is ${enabled ? 'enabled' : 'disabled: its events wait until it is enabled again'}` };
      });

    return {
      resource: new QueryResource({
        id: ID,
        repository: dataSource.getRepository(WebhookSubscriptionEntity),
        hidden: ['urlSealed', 'secretSealed'],
        exact: ['channel', 'source'],
        defaultSort: { column: 'createdAt', direction: 'ASC' },
      }),
      options: {
        navigation: { name: 'Webhooks', icon: 'Send' },
        properties: {
          name: { isTitle: true },
          displayUrl: { description: 'Credentials in the URL are hidden' },
          source: { description: 'config: from imagehive.yml, read-only here' },
          pending: { type: 'number', isSortable: false },
          dead: { type: 'number', isSortable: false, description: 'Dead letters: deliveries that gave up' },
          signed: { type: 'boolean', isSortable: false },
        },
        listProperties: ['name', 'channel', 'displayUrl', 'events', 'enabled', 'source', 'pending', 'dead'],
        showProperties: ['name', 'channel', 'displayUrl', 'events', 'enabled', 'source', 'signed', 'pending', 'dead', 'options', 'createdAt', 'updatedAt', 'id'],
        filterProperties: ['name', 'channel', 'enabled', 'source'],
        actions: {
          ...readOnlyActions(can, withCounts),
          new: {
            isAccessible: can('new'),
            component: components.ConfirmAction,
            custom: { title: 'New webhook subscription', fields: NEW_FIELDS, submit: 'Create' },
            handler: resourceMutation(async (request, context) => {
              const events = (field(request, 'events') ?? '').split(',').map((e) => e.trim()).filter(Boolean);
              const form = await readForm(CreateWebhookDto, { ...request.payload, events }, ['name', 'channel', 'url', 'events', 'secret']);
              const created = await subscriptions.create(form);
              const secret = created.secret ? { label: `Signing secret of ${created.name}`, value: created.secret } : undefined;
              return { message: `Created ${created.name}`, redirectUrl: show(context, created.id), secret };
            }),
          },
          disable: {
            actionType: 'record',
            icon: 'PauseCircle',
            component: components.ConfirmAction,
            custom: { description: 'No deliveries go out while it is disabled; events keep matching it.', submit: 'Disable' },
            isAccessible: can('disable'),
            isVisible: ({ record }) => record?.params.enabled === true && record.params.source === 'api',
            handler: setEnabled(false),
          },
          enable: {
            actionType: 'record',
            icon: 'PlayCircle',
            component: components.ConfirmAction,
            custom: { description: 'Deliveries go out again.', submit: 'Enable' },
            isAccessible: can('enable'),
            isVisible: ({ record }) => record?.params.enabled === false && record.params.source === 'api',
            handler: setEnabled(true),
          },
          test: {
            actionType: 'record',
            icon: 'Zap',
            component: components.ConfirmAction,
            custom: { description: 'Sends a webhook.ping event to this subscription only.', submit: 'Send a test event' },
            isAccessible: can('test'),
            handler: recordMutation(async (record, _request, context) => {
              await subscriptions.test(staffAuthContext(staffOf(context)), String(record.id()));
              return { message: `A webhook.ping is on its way to ${record.params.name}` };
            }),
          },
          retryDead: {
            actionType: 'record',
            icon: 'RotateCcw',
            component: components.ConfirmAction,
            custom: { description: 'Every dead letter of this subscription goes back to the queue, from the first attempt.', submit: 'Retry dead letters' },
            isAccessible: can('retryDead'),
            handler: recordMutation(async (record) => {
              const retried = await deliveries.retryAllDead(String(record.id()));
              return { message: `Retrying ${plural(retried.length, 'dead letter')}` };
            }),
          },
          delete: {
            isAccessible: can('delete'),
            isVisible: ({ record }) => record?.params.source === 'api',
            guard: 'Delete this subscription? Its waiting deliveries and dead letters go with it.',
            handler: recordMutation(async (record, _request, context) => {
              await subscriptions.remove(String(record.id()));
              return { message: `Deleted ${record.params.name}`, redirectUrl: context.h.resourceUrl({ resourceId: ID }) };
            }),
          },
        },
      },
    };
  },
};
