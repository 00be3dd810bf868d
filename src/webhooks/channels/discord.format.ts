import {
  clampMessage,
  type DiscordEmbed,
  type DiscordEmbedField,
  type DiscordMessage,
  escapeMarkdown,
  httpUrl,
} from '../../../libs/webhooks/index.js';
import { formatBytes } from '../../common/sizes.js';
import type { NotificationEvent } from '../../plugins/plugin-types.js';
import { EVENT_CATALOG, type EventType } from '../events.dto.js';

const COLORS: Record<string, number> = {
  'upload.created': 0x2ecc71,
  'upload.deleted': 0xe74c3c,
  'donation.created': 0x3498db,
  'image.approved': 0x2ecc71,
  'image.rejected': 0xe74c3c,
  'image.quarantined': 0xe67e22,
  'image.reported': 0xe67e22,
  'label.suggested': 0x9b59b6,
  'validation.alert': 0xf1c40f,
  'user.created': 0x1abc9c,
  'user.role_changed': 0x1abc9c,
  'token.created': 0x95a5a6,
  'token.revoked': 0x95a5a6,
};

export interface DiscordOptions {
  username?: string;
  avatarUrl?: string;
}

const text = (value: unknown) => escapeMarkdown(String(value));

/** `imageId` → `Image id`. */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function render(value: unknown): string | undefined {
  if (value === null || value === undefined || value === '') return undefined;
  if (Array.isArray(value)) return value.length ? value.map(text).join(', ') : undefined;
  if (typeof value === 'object') return `\`${JSON.stringify(value).replace(/`/g, "'")}\``;
  return text(value);
}

function link(label: string, url: unknown): string | undefined {
  const safe = httpUrl(url);
  return safe ? `[${label}](${safe})` : undefined;
}

function uploadCreated(data: Record<string, unknown>): Partial<DiscordEmbed> {
  const links = [link('View', data.url), link('Raw', data.rawUrl)].filter(Boolean).join(' · ');
  const fields: DiscordEmbedField[] = [
    { name: 'Uploader', value: data.ownerName ? text(data.ownerName) : 'anonymous', inline: true },
    { name: 'Size', value: typeof data.size === 'number' ? formatBytes(data.size) : '—', inline: true },
    { name: 'Dimensions', value: `${data.width}×${data.height}`, inline: true },
    { name: 'Type', value: text(data.mimeType ?? '—'), inline: true },
  ];
  if (data.expiresAt) fields.push({ name: 'Expires', value: `<t:${Math.floor(Date.parse(String(data.expiresAt)) / 1000)}:R>`, inline: true });
  if (links) fields.push({ name: 'Links', value: links });
  return { url: httpUrl(data.url), thumbnail: httpUrl(data.thumbnailUrl) ? { url: httpUrl(data.thumbnailUrl)! } : undefined, fields };
}

/** Every other event: its payload as fields, URLs as links, a thumbnail when there is one. */
function generic(data: Record<string, unknown>): Partial<DiscordEmbed> {
  const fields: DiscordEmbedField[] = [];
  for (const [key, value] of Object.entries(data)) {
    if (key === 'thumbnailUrl') continue;
    const rendered = /url$/i.test(key) ? link(humanize(key).replace(/ url$/i, '') || 'Link', value) : render(value);
    if (rendered !== undefined) fields.push({ name: humanize(key), value: rendered, inline: rendered.length <= 40 });
  }
  const thumbnail = httpUrl(data.thumbnailUrl);
  return { fields, thumbnail: thumbnail ? { url: thumbnail } : undefined, url: httpUrl(data.url) };
}

/** The Discord message for an event: one embed, every Discord limit applied, mentions disabled. */
export function discordMessageFor(event: NotificationEvent, options: DiscordOptions = {}): DiscordMessage {
  const catalog = EVENT_CATALOG[event.type as EventType] as { title: string } | undefined;
  const body = event.type === 'upload.created' ? uploadCreated(event.data) : generic(event.data);
  const embed: DiscordEmbed = {
    title: catalog?.title ?? event.type,
    color: COLORS[event.type] ?? 0x5865f2,
    timestamp: event.occurredAt,
    footer: { text: `${event.type} · ${event.id}` },
    ...Object.fromEntries(Object.entries(body).filter(([, v]) => v !== undefined)),
  };
  return clampMessage({
    username: options.username ?? 'Imagehive',
    avatar_url: options.avatarUrl,
    embeds: [embed],
    allowed_mentions: { parse: [] },
  });
}
