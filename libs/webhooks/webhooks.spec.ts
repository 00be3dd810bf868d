import { createHmac } from 'node:crypto';
import {
  backoffDelay,
  clampMessage,
  DISCORD_LIMITS,
  discordRetryAfterMs,
  escapeMarkdown,
  parseRetryAfter,
  redactDiscordUrl,
  redactUrl,
  SecretBox,
  signPayload,
  verifySignature,
} from './index.js';

describe('signatures', () => {
  const secret = 'whsec-test-secret';
  const body = JSON.stringify({ id: 'e1', type: 'upload.created', data: { a: 1 } });

  it('is HMAC-SHA256 over "<timestamp>.<body>", hex, in t=…,v1=…', () => {
    const header = signPayload(secret, body, 1_700_000_000);
    const expected = createHmac('sha256', secret).update(`1700000000.${body}`).digest('hex');
    expect(header).toBe(`t=1700000000,v1=${expected}`);
  });

  it('verifies its own signatures inside the tolerance, and rejects stale, altered or foreign ones', () => {
    const now = 1_700_000_000;
    const header = signPayload(secret, body, now);
    expect(verifySignature(header, body, secret, { now: now + 299 })).toEqual({ ok: true, timestamp: now });
    expect(verifySignature(header, body, secret, { now: now + 301 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature(header, body, secret, { now: now - 301 })).toEqual({ ok: false, reason: 'expired' });
    expect(verifySignature(header, `${body} `, secret, { now })).toEqual({ ok: false, reason: 'mismatch' });
    expect(verifySignature(header, body, 'other', { now })).toEqual({ ok: false, reason: 'mismatch' });
    // Replaying the body with a fresh timestamp but the old MAC fails: the timestamp is signed.
    const replay = header.replace(`t=${now}`, `t=${now + 1000}`);
    expect(verifySignature(replay, body, secret, { now: now + 1000 })).toEqual({ ok: false, reason: 'mismatch' });
  });

  it('accepts any of several v1 values (rotation) and refuses malformed headers', () => {
    const now = 1_700_000_000;
    const good = signPayload(secret, body, now).split(',')[1];
    expect(verifySignature(`t=${now},v1=${'0'.repeat(64)},${good}`, body, secret, { now }).ok).toBe(true);
    for (const bad of [undefined, '', 'v1=abc', `t=${now}`, `t=abc,${good}`, `t=${now},v1=xyz`]) {
      expect(verifySignature(bad, body, secret, { now })).toEqual({ ok: false, reason: 'malformed' });
    }
  });
});

describe('backoff', () => {
  const options = { baseMs: 1000, capMs: 60_000 };

  it('doubles per attempt up to the cap, within the upper half of the nominal delay', () => {
    expect(backoffDelay(1, options, () => 0)).toBe(500);
    expect(backoffDelay(1, options, () => 1)).toBe(1000);
    expect(backoffDelay(4, options, () => 1)).toBe(8000);
    expect(backoffDelay(4, options, () => 0)).toBe(4000);
    expect(backoffDelay(30, options, () => 1)).toBe(60_000);
    expect(backoffDelay(1000, options, () => 0.5)).toBe(45_000);
  });

  it('spreads retries (jitter)', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(5, options)));
    expect(delays.size).toBeGreaterThan(10);
    for (const d of delays) expect(d).toBeGreaterThanOrEqual(8000);
  });

  it('reads Retry-After as seconds (fractions too) or an HTTP date, and Discord bodies', () => {
    expect(parseRetryAfter('2')).toBe(2000);
    expect(parseRetryAfter('0.25')).toBe(250);
    expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
    expect(parseRetryAfter('soon')).toBeUndefined();
    expect(parseRetryAfter(null)).toBeUndefined();
    expect(discordRetryAfterMs({ message: 'You are being rate limited.', retry_after: 0.345, global: false })).toBe(345);
    expect(discordRetryAfterMs({ retry_after: -1 })).toBeUndefined();
    expect(discordRetryAfterMs('nope')).toBeUndefined();
  });
});

describe('SecretBox', () => {
  const box = new SecretBox('k'.repeat(40));

  it('round-trips, never stores the plaintext, and differs every time', () => {
    const a = box.seal('ih_whsec_abc', 'sub-1');
    const b = box.seal('ih_whsec_abc', 'sub-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('abc');
    expect(box.open(a, 'sub-1')).toBe('ih_whsec_abc');
  });

  it('fails on the wrong key, the wrong row, or tampering', () => {
    const sealed = box.seal('secret', 'sub-1');
    expect(() => new SecretBox('x'.repeat(40)).open(sealed, 'sub-1')).toThrow();
    expect(() => box.open(sealed, 'sub-2')).toThrow();
    const parts = sealed.split('.');
    parts[3] = Buffer.from('tampered').toString('base64url');
    expect(() => box.open(parts.join('.'), 'sub-1')).toThrow();
    expect(() => box.open('plain', 'sub-1')).toThrow(/not a sealed secret/);
    expect(() => new SecretBox('short')).toThrow(/32/);
  });
});

describe('Discord messages', () => {
  const long = (n: number, c = 'x') => c.repeat(n);

  it('clamps every per-field limit and drops what Discord would refuse', () => {
    const message = clampMessage({
      username: long(100),
      content: long(3000),
      avatar_url: 'javascript:alert(1)',
      embeds: [
        {
          title: long(300),
          description: long(5000),
          url: 'not a url',
          thumbnail: { url: 'ftp://x/y.png' },
          footer: { text: long(3000) },
          author: { name: long(300), url: 'https://example.com/u' },
          fields: Array.from({ length: 30 }, (_, i) => ({ name: i ? long(300) : '  ', value: i ? long(2000) : '' })),
        },
      ],
      allowed_mentions: { parse: [] },
    });
    const embed = message.embeds[0];
    expect([...message.content!]).toHaveLength(DISCORD_LIMITS.content);
    expect(message.username).toHaveLength(DISCORD_LIMITS.username);
    expect(message.avatar_url).toBeUndefined();
    expect(embed.title).toHaveLength(DISCORD_LIMITS.title);
    expect(embed.title!.endsWith('…')).toBe(true);
    expect(embed.url).toBeUndefined();
    expect(embed.thumbnail).toBeUndefined();
    expect(embed.author).toEqual({ name: expect.any(String), url: 'https://example.com/u' });
    expect(embed.fields![0]).toEqual({ name: '\u200b', value: '—' });
    expect(embed.fields!.every((f) => f.name.length <= 256 && f.value.length <= 1024)).toBe(true);
    const total =
      embed.title!.length + (embed.description?.length ?? 0) + embed.footer!.text.length + embed.author!.name.length +
      embed.fields!.reduce((n, f) => n + f.name.length + f.value.length, 0);
    expect(total).toBeLessThanOrEqual(DISCORD_LIMITS.total);
    expect(message.allowed_mentions).toEqual({ parse: [] });
  });

  it('keeps at most 10 embeds and counts characters, not UTF-16 units', () => {
    const emoji = '🖼️'.repeat(10);
    const message = clampMessage({ embeds: Array.from({ length: 12 }, () => ({ title: emoji })), allowed_mentions: { parse: [] } });
    expect(message.embeds).toHaveLength(10);
    expect(message.embeds[0].title).toBe(emoji);
  });

  it('escapes markdown in user text and hides webhook tokens', () => {
    expect(escapeMarkdown('**bold** [x](http://evil) `code` <@123>')).toBe('\\*\\*bold\\*\\* \\[x\\](http://evil) \\`code\\` \\<@123\\>');
    expect(escapeMarkdown('# title\n- item')).toBe('\\# title\n\\- item');
    expect(redactDiscordUrl('https://discord.com/api/webhooks/123456/AbC-token_xyz?wait=true')).toBe('https://discord.com/api/webhooks/123456/***');
    expect(redactUrl('https://user:pw@hooks.example.com/in/a1b2c3d4e5f6g7h8i9j0k1?key=s3cret')).toBe('https://hooks.example.com/in/***?***');
    expect(redactUrl('http://127.0.0.1:8080/hook')).toBe('http://127.0.0.1:8080/hook');
    expect(redactUrl('::')).toBe('***');
  });
});
