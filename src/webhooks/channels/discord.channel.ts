import { discordRetryAfterMs, parseRetryAfter, redactDiscordUrl } from '../../../libs/webhooks/index.js';
import type { NotificationChannel } from '../../plugins/plugin-types.js';
import { discordMessageFor, type DiscordOptions } from './discord.format.js';
import { classify, httpUrlProblem, postJson } from './http.js';
import { EVENT_ID_HEADER } from './webhook.channel.js';

const OPTION_KEYS = ['username', 'avatarUrl'];

/**
 * Discord's execute-webhook API: one embed per event (thumbnail, uploader, size and links for uploads).
 * A 429 waits for Discord's `retry_after`; `X-RateLimit-Remaining: 0` holds the subscription's next
 * deliveries until `X-RateLimit-Reset-After`, so bursts rarely hit the limit at all.
 */
export const discordChannel: NotificationChannel = {
  name: 'discord',
  description: 'Discord webhook: an embed per event (thumbnail, uploader, size, links)',
  validate({ url, options }) {
    const problem = httpUrlProblem(url);
    if (problem) return problem;
    const unknown = Object.keys(options).filter((k) => !OPTION_KEYS.includes(k));
    if (unknown.length) return `unknown Discord option(s): ${unknown.join(', ')}; allowed: ${OPTION_KEYS.join(', ')}`;
    if (options.username !== undefined && (typeof options.username !== 'string' || !options.username.trim() || options.username.length > 80)) {
      return 'options.username must be 1-80 characters';
    }
    if (options.avatarUrl !== undefined && (typeof options.avatarUrl !== 'string' || httpUrlProblem(options.avatarUrl))) {
      return 'options.avatarUrl must be an http(s) URL';
    }
    return null;
  },
  redactUrl: redactDiscordUrl,
  async deliver(target, event, context) {
    const body = JSON.stringify(discordMessageFor(event, target.options as DiscordOptions));
    const reply = await postJson(target.url, body, { 'user-agent': context.userAgent, [EVENT_ID_HEADER]: event.id }, context.signal);
    let retryAfterMs: number | undefined;
    if (reply.status === 429) {
      try {
        retryAfterMs = discordRetryAfterMs(JSON.parse(reply.text));
      } catch {
        // Not JSON (a proxy's 429): Retry-After, read by classify.
      }
    }
    const result = classify(reply, retryAfterMs);
    if (reply.headers.get('x-ratelimit-remaining') === '0') {
      const reset = parseRetryAfter(reply.headers.get('x-ratelimit-reset-after'));
      if (reset !== undefined) result.pauseMs = Math.max(result.pauseMs ?? 0, reset);
    }
    return result;
  },
};
