import { redactUrl, signPayload, SIGNATURE_HEADER } from '../../../libs/webhooks/index.js';
import type { NotificationChannel } from '../../plugins/plugin-types.js';
import { classify, httpUrlProblem, postJson } from './http.js';

export const EVENT_ID_HEADER = 'X-Imagehive-Event-Id';
export const EVENT_TYPE_HEADER = 'X-Imagehive-Event-Type';
export const DELIVERY_ID_HEADER = 'X-Imagehive-Delivery-Id';

/**
 * A JSON POST of the event envelope `{id, type, occurredAt, data}`, signed with HMAC-SHA256 over
 * `<unix time>.<body>` in `X-Imagehive-Signature: t=<unix time>,v1=<hex>` (see docs/webhooks.md).
 * The body is the same bytes on every attempt; the signature is fresh each time.
 */
export const webhookChannel: NotificationChannel = {
  name: 'webhook',
  description: 'Signed JSON POST (HMAC-SHA256) of the event to any URL',
  requiresSecret: true,
  validate: ({ url, options }) => httpUrlProblem(url) ?? (Object.keys(options).length ? 'the webhook channel takes no options' : null),
  redactUrl,
  async deliver(target, event, context) {
    const body = JSON.stringify({ id: event.id, type: event.type, occurredAt: event.occurredAt, data: event.data });
    const headers: Record<string, string> = {
      'user-agent': context.userAgent,
      [EVENT_ID_HEADER]: event.id,
      [EVENT_TYPE_HEADER]: event.type,
      [DELIVERY_ID_HEADER]: context.deliveryId,
    };
    if (target.secret) headers[SIGNATURE_HEADER] = signPayload(target.secret, body);
    return classify(await postJson(target.url, body, headers, context.signal));
  },
};
