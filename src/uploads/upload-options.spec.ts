import { BadRequestException } from '@nestjs/common';
import { parseExpiry, parseUploadOptions } from './upload-options.js';

const now = new Date('2026-01-01T00:00:00Z');

describe('parseUploadOptions', () => {
  it('reads every option header', () => {
    expect(
      parseUploadOptions(
        { 'name-format': 'Words', 'expires-at': '7d', 'max-views': '3', 'image-format': 'avif', 'image-quality': '60', 'keep-metadata': 'yes' },
        now,
      ),
    ).toEqual({
      nameFormat: 'words',
      expiresAt: new Date('2026-01-08T00:00:00Z'),
      maxViews: 3,
      format: 'avif',
      quality: 60,
      keepMetadata: true,
    });
  });

  it('returns no options when no header is sent', () => {
    expect(parseUploadOptions({}, now)).toEqual({});
  });

  it.each([
    [{ 'name-format': 'gfycat' }, /Name-Format must be one of: random, uuid, words, original/],
    [{ 'max-views': '0' }, /Max-Views must be a whole number from 1/],
    [{ 'max-views': '2.5' }, /Max-Views/],
    [{ 'image-quality': '101' }, /Image-Quality must be a whole number from 1 to 100/],
    [{ 'image-format': 'svg' }, /Image-Format must be one of/],
    [{ 'keep-metadata': 'perhaps' }, /Keep-Metadata/],
  ])('refuses %p with a message naming the header', (headers, message) => {
    expect(() => parseUploadOptions(headers, now)).toThrow(message);
  });
});

describe('parseExpiry', () => {
  it('takes durations and dates', () => {
    expect(parseExpiry('1h', now)).toEqual(new Date('2026-01-01T01:00:00Z'));
    expect(parseExpiry('30m', now)).toEqual(new Date('2026-01-01T00:30:00Z'));
    expect(parseExpiry('2w', now)).toEqual(new Date('2026-01-15T00:00:00Z'));
    expect(parseExpiry('2026-03-01T12:00:00Z', now)).toEqual(new Date('2026-03-01T12:00:00Z'));
  });

  it('refuses the past, the far future and nonsense', () => {
    expect(() => parseExpiry('2020-01-01', now)).toThrow('in the future');
    expect(() => parseExpiry('0h', now)).toThrow('in the future');
    expect(() => parseExpiry('11y', now)).toThrow('within 10 years');
    for (const bad of ['soon', '1 fortnight', '12', 'h1']) expect(() => parseExpiry(bad, now)).toThrow(BadRequestException);
  });
});
