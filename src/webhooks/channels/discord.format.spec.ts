import { DISCORD_LIMITS } from '../../../libs/webhooks/index.js';
import { discordMessageFor } from './discord.format.js';

const event = (type: string, data: Record<string, unknown>) => ({ id: '7d0c7a4e-2f1e-4c55-9a43-5f7f2f0e9b11', type, occurredAt: '2026-11-21T10:00:00.000Z', data });

describe('Discord messages for events', () => {
  it('renders an upload with thumbnail, uploader, size, dimensions and links', () => {
    const message = discordMessageFor(
      event('upload.created', {
        imageId: 'i', slug: 'AbC123xy', ownerId: 'u', ownerName: 'ada_lovelace', url: 'https://img.example/v/AbC123xy',
        rawUrl: 'https://img.example/i/AbC123xy.webp', thumbnailUrl: 'https://img.example/i/AbC123xy?w=512&h=512&fit=inside&format=webp',
        size: 153_600, mimeType: 'image/webp', width: 1920, height: 1080, compressed: true, expiresAt: '2026-11-22T10:00:00.000Z',
      }),
      { username: 'Hive' },
    );
    expect(message).toMatchObject({ username: 'Hive', allowed_mentions: { parse: [] } });
    expect(message.embeds[0]).toEqual({
      title: 'New upload',
      url: 'https://img.example/v/AbC123xy',
      color: expect.any(Number),
      timestamp: '2026-11-21T10:00:00.000Z',
      thumbnail: { url: 'https://img.example/i/AbC123xy?w=512&h=512&fit=inside&format=webp' },
      footer: { text: 'upload.created · 7d0c7a4e-2f1e-4c55-9a43-5f7f2f0e9b11' },
      fields: [
        { name: 'Uploader', value: 'ada\\_lovelace', inline: true },
        { name: 'Size', value: '150 KB', inline: true },
        { name: 'Dimensions', value: '1920×1080', inline: true },
        { name: 'Type', value: 'image/webp', inline: true },
        { name: 'Expires', value: '<t:1795341600:R>', inline: true },
        { name: 'Links', value: '[View](https://img.example/v/AbC123xy) · [Raw](https://img.example/i/AbC123xy.webp)' },
      ],
    });
  });

  it('renders an anonymous upload without a public URL (no links, no thumbnail)', () => {
    const { embeds } = discordMessageFor(event('upload.created', { ownerName: null, url: null, rawUrl: null, thumbnailUrl: null, size: 10, mimeType: 'image/png', width: 1, height: 1, expiresAt: null }));
    expect(embeds[0].url).toBeUndefined();
    expect(embeds[0].thumbnail).toBeUndefined();
    expect(embeds[0].fields!.map((f) => f.name)).toEqual(['Uploader', 'Size', 'Dimensions', 'Type']);
    expect(embeds[0].fields![0].value).toBe('anonymous');
  });

  it('renders any other event from its payload: humanised names, links, lists, no empty values, no markdown injection', () => {
    const { embeds } = discordMessageFor(
      event('image.reported', {
        reportId: 'r1', imageId: 'i1', reporterId: null, reporterName: '@everyone', reason: 'spam',
        comment: '**[click me](https://evil.example)**', thumbnailUrl: 'https://img.example/t.webp', detailsUrl: 'javascript:alert(1)', labels: ['cat', 'dog'], details: { from: 0.9, to: 0.2 },
      }),
    );
    const [embed] = embeds;
    expect(embed.title).toBe('Image reported');
    expect(embed.thumbnail).toEqual({ url: 'https://img.example/t.webp' });
    const fields = Object.fromEntries(embed.fields!.map((f) => [f.name, f.value]));
    expect(fields).toEqual({
      'Report id': 'r1',
      'Image id': 'i1',
      'Reporter name': '@everyone',
      Reason: 'spam',
      Comment: '\\*\\*\\[click me\\](https://evil.example)\\*\\*',
      Labels: 'cat, dog',
      Details: '`{"from":0.9,"to":0.2}`',
    });
    expect(embeds.length).toBe(1);
  });

  it('stays within Discord’s limits whatever the payload', () => {
    const huge = 'x'.repeat(5000);
    const data = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`field${i}`, huge]));
    const { embeds } = discordMessageFor(event('validation.alert', data));
    const [embed] = embeds;
    expect(embed.fields!.length).toBeLessThanOrEqual(DISCORD_LIMITS.fields);
    for (const f of embed.fields!) expect(f.value.length).toBeLessThanOrEqual(DISCORD_LIMITS.fieldValue);
    const total = embed.title!.length + embed.footer!.text.length + embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(embed.title).toBe('Validation alert');
  });

  it('names unknown event types (from plugins or newer servers) by their type', () => {
    expect(discordMessageFor(event('custom.thing', { a: 1 })).embeds[0].title).toBe('custom.thing');
  });
});
