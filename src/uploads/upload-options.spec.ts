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

  it('takes only dates that exist, times with their zone, and no ambiguous M', () => {
    expect(parseExpiry('2026-03-01', now)).toEqual(new Date('2026-03-01T00:00:00Z'));
    expect(parseExpiry('2026-03-01T12:00:00+02:00', now)).toEqual(new Date('2026-03-01T10:00:00Z'));
    expect(() => parseExpiry('2026-02-30', now)).toThrow('2026-02-30 is not a date');
    expect(() => parseExpiry('2026-01-31T12:00:00', now)).toThrow('time zone');
    expect(() => parseExpiry('6M', now)).toThrow('ambiguous');
    expect(parseExpiry('6m', now)).toEqual(new Date('2026-01-01T00:06:00Z'));
    expect(parseExpiry('2H', now)).toEqual(new Date('2026-01-01T02:00:00Z'));
  });
});

describe('Zipline headers (a migrated .sxcu)', () => {
  it('honours expiry, view limit and name format', () => {
    expect(parseUploadOptions({ 'x-zipline-deletes-at': '1d', 'x-zipline-max-views': '5', 'x-zipline-format': 'gfycat', 'x-zipline-domain': 'img.example' }, now)).toEqual({
      expiresAt: new Date('2026-01-02T00:00:00Z'),
      maxViews: 5,
      nameFormat: 'words',
    });
    expect(parseUploadOptions({ 'x-zipline-deletes-at': 'date=2026-02-01T00:00:00Z', 'x-zipline-format': 'NAME' }, now)).toEqual({
      expiresAt: new Date('2026-02-01T00:00:00Z'),
      nameFormat: 'original',
    });
    // Imagehive's own header wins over the Zipline one.
    expect(parseUploadOptions({ 'x-zipline-max-views': '5', 'max-views': '2' }, now)).toEqual({ maxViews: 2 });
  });

  it.each([
    [{ 'x-zipline-password': 'hunter2' }, /Password-protected links are not supported/],
    [{ 'x-zipline-format': 'date' }, /x-zipline-format date is not supported/],
    [{ 'x-zipline-image-compression-percent': '80' }, /x-zipline-image-compression-percent is not supported/],
    [{ 'x-zipline-max-views': '0' }, /x-zipline-max-views must be a whole number/],
  ])('refuses %p rather than ignore it', (headers, message) => {
    expect(() => parseUploadOptions(headers, now)).toThrow(message);
  });
});
