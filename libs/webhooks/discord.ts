/**
 * Discord's execute-webhook body and its documented limits
 * (https://discord.com/developers/docs/resources/webhook#execute-webhook, .../message#embed-object-embed-limits).
 * A message over any limit is refused with 400, so everything is clamped before sending.
 */
export const DISCORD_LIMITS = {
  content: 2000,
  username: 80,
  embeds: 10,
  title: 256,
  description: 4096,
  fields: 25,
  fieldName: 256,
  fieldValue: 1024,
  footer: 2048,
  author: 256,
  /** Sum of title, description, field names and values, footer and author name over all embeds. */
  total: 6000,
} as const;

export interface DiscordEmbedField {
  name: string;
  value: string;
  inline?: boolean;
}

export interface DiscordEmbed {
  title?: string;
  description?: string;
  url?: string;
  color?: number;
  timestamp?: string;
  thumbnail?: { url: string };
  image?: { url: string };
  author?: { name: string; url?: string };
  fields?: DiscordEmbedField[];
  footer?: { text: string };
}

export interface DiscordMessage {
  username?: string;
  avatar_url?: string;
  content?: string;
  embeds: DiscordEmbed[];
  /** Always `{ parse: [] }`: text from users (names, reasons) must never ping @everyone or a role. */
  allowed_mentions: { parse: never[] };
}

/** Cuts to `max` characters (code points), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = [...text];
  if (chars.length <= max) return text;
  return `${chars.slice(0, Math.max(0, max - 1)).join('')}…`;
}

/** Escapes Discord markdown in text that came from users, so a file or user name cannot format or fake links. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\*_~`|[\]<>])/g, '\\$1').replace(/^([#-]|\d+\.)/gm, '\\$1');
}

/** Only absolute http(s) URLs are accepted in embeds; anything else makes Discord refuse the whole message. */
export function httpUrl(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 2048) return undefined;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url.toString() : undefined;
  } catch {
    return undefined;
  }
}

const length = (s: string | undefined) => (s ? [...s].length : 0);

function clampEmbed(embed: DiscordEmbed): DiscordEmbed {
  const out: DiscordEmbed = { ...embed };
  if (out.title !== undefined) out.title = truncate(out.title, DISCORD_LIMITS.title);
  if (out.description !== undefined) out.description = truncate(out.description, DISCORD_LIMITS.description);
  if (out.footer) out.footer = { text: truncate(out.footer.text, DISCORD_LIMITS.footer) };
  if (out.author) out.author = { ...out.author, name: truncate(out.author.name, DISCORD_LIMITS.author) };
  for (const key of ['url'] as const) if (out[key] !== undefined && !httpUrl(out[key])) delete out[key];
  for (const key of ['thumbnail', 'image'] as const) if (out[key] && !httpUrl(out[key]!.url)) delete out[key];
  if (out.author?.url !== undefined && !httpUrl(out.author.url)) delete out.author.url;
  if (out.fields) {
    out.fields = out.fields.slice(0, DISCORD_LIMITS.fields).map((f) => ({
      ...f,
      name: truncate(f.name.trim() || '\u200b', DISCORD_LIMITS.fieldName),
      // An empty value is a 400 from Discord.
      value: truncate(f.value.trim() || '—', DISCORD_LIMITS.fieldValue),
    }));
  }
  return out;
}

function embedSize(embed: DiscordEmbed): number {
  return (
    length(embed.title) +
    length(embed.description) +
    length(embed.footer?.text) +
    length(embed.author?.name) +
    (embed.fields ?? []).reduce((n, f) => n + length(f.name) + length(f.value), 0)
  );
}

/**
 * Applies every limit: per field, then the 6000-character total, shortening from the last embed backwards:
 * first its description, then its trailing fields, then its footer (the fields carry the facts).
 */
export function clampMessage(message: DiscordMessage): DiscordMessage {
  const embeds = message.embeds.slice(0, DISCORD_LIMITS.embeds).map(clampEmbed);
  let excess = embeds.reduce((n, e) => n + embedSize(e), 0) - DISCORD_LIMITS.total;
  const shorten = (text: string | undefined): string | undefined => {
    if (!text || excess <= 0) return text;
    const keep = length(text) - excess - 1;
    const result = keep >= 1 ? truncate(text, keep + 1) : undefined;
    excess -= length(text) - length(result);
    return result;
  };
  for (let i = embeds.length - 1; i >= 0 && excess > 0; i--) {
    const embed = embeds[i];
    embed.description = shorten(embed.description);
    if (embed.description === undefined) delete embed.description;
    while (embed.fields?.length && excess > 0) {
      const field = embed.fields.pop()!;
      excess -= length(field.name) + length(field.value);
    }
    if (embed.footer) {
      const text = shorten(embed.footer.text);
      if (text) embed.footer = { text };
      else delete embed.footer;
    }
    if (excess > 0) {
      excess -= length(embed.title);
      delete embed.title;
    }
  }
  const out: DiscordMessage = { ...message, embeds, allowed_mentions: { parse: [] } };
  if (out.content !== undefined) out.content = truncate(out.content, DISCORD_LIMITS.content);
  if (out.username !== undefined) out.username = truncate(out.username, DISCORD_LIMITS.username);
  if (out.avatar_url !== undefined && !httpUrl(out.avatar_url)) delete out.avatar_url;
  return out;
}

/** A Discord 429 body: `{ retry_after: <seconds, fractional>, global: boolean }`. */
export function discordRetryAfterMs(body: unknown): number | undefined {
  const value = (body as { retry_after?: unknown } | null)?.retry_after;
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? Math.ceil(value * 1000) : undefined;
}

/** Hides the token part of a Discord webhook URL (`/api/webhooks/<id>/<token>`): it is a credential. */
export function redactDiscordUrl(value: string): string {
  try {
    const url = new URL(value);
    url.pathname = url.pathname.replace(/(\/webhooks\/[^/]+\/)[^/]+/, '$1***');
    url.search = '';
    url.username = '';
    url.password = '';
    return url.toString();
  } catch {
    return '***';
  }
}
