export { signPayload, verifySignature, SIGNATURE_HEADER, DEFAULT_TOLERANCE_SECONDS, type VerifyResult } from './signature.js';
export { backoffDelay, parseRetryAfter, type BackoffOptions } from './backoff.js';
export { SecretBox } from './secret-box.js';
export {
  clampMessage,
  discordRetryAfterMs,
  DISCORD_LIMITS,
  escapeMarkdown,
  httpUrl,
  redactDiscordUrl,
  truncate,
  type DiscordEmbed,
  type DiscordEmbedField,
  type DiscordMessage,
} from './discord.js';
export { redactUrl } from './redact.js';
