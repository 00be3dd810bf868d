import { applyDecorators, BadRequestException } from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import { NAME_FORMATS, OUTPUT_FORMATS } from '../config/config.schema.js';

export type NameFormat = (typeof NAME_FORMATS)[number];
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** Per-upload choices, sent as request headers (Zipline's convention; documented in Swagger). */
export interface UploadOptions {
  nameFormat?: NameFormat;
  expiresAt?: Date;
  maxViews?: number;
  format?: OutputFormat;
  quality?: number;
  keepMetadata?: boolean;
}

export const UPLOAD_HEADERS = {
  nameFormat: 'name-format',
  expiresAt: 'expires-at',
  maxViews: 'max-views',
  format: 'image-format',
  quality: 'image-quality',
  keepMetadata: 'keep-metadata',
} as const;

const UNITS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800, y: 31_536_000 };
const TEN_YEARS_MS = 10 * 31_536_000_000;

const EXPIRY_HELP = 'Expires-At must be a duration like 30m, 1h, 7d, 2w, 1y or an ISO date like 2030-01-31 or 2030-01-31T12:00:00Z';
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/i;

/** An ISO 8601 date that exists (no 30 February), in UTC or with its offset: the server's time zone is nobody's business. */
function isoDate(text: string): Date {
  const match = ISO_DATE.exec(text);
  if (!match) throw new BadRequestException(EXPIRY_HELP);
  const [, year, month, day, hour, , , zone] = match;
  const calendar = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (calendar.getUTCMonth() !== Number(month) - 1 || calendar.getUTCDate() !== Number(day)) {
    throw new BadRequestException(`Expires-At: ${year}-${month}-${day} is not a date`);
  }
  if (hour !== undefined && zone === undefined) {
    throw new BadRequestException('Expires-At: give the time zone of a time (2030-01-31T12:00:00Z, or +02:00)');
  }
  const at = new Date(text);
  if (Number.isNaN(at.getTime())) throw new BadRequestException(EXPIRY_HELP);
  return at;
}

/** `30m`, `1h`, `7d`, `2w`, `1y`, or an ISO 8601 date; the result must lie in the future (at most 10 years). */
export function parseExpiry(value: string, now = new Date()): Date {
  const text = value.trim();
  const relative = /^(\d{1,6})\s*([smhdwy])$/i.exec(text);
  // Minutes or months? Zipline's `6M` is minutes, a person usually means months: neither is guessed.
  if (relative?.[2] === 'M') throw new BadRequestException('Expires-At: M is ambiguous; write 30m for minutes, or weeks (6w) or years (1y)');
  const at = relative ? new Date(now.getTime() + Number(relative[1]) * UNITS[relative[2].toLowerCase()] * 1000) : isoDate(text);
  if (at.getTime() <= now.getTime()) throw new BadRequestException('Expires-At must be in the future');
  if (at.getTime() - now.getTime() > TEN_YEARS_MS) throw new BadRequestException('Expires-At must be within 10 years');
  return at;
}

function oneOf<T extends string>(header: string, value: string, allowed: readonly T[]): T {
  const v = value.trim().toLowerCase() as T;
  if (!allowed.includes(v)) throw new BadRequestException(`${header} must be one of: ${allowed.join(', ')}`);
  return v;
}

function integer(header: string, value: string, min: number, max: number): number {
  const n = Number(value.trim());
  if (!/^\d+$/.test(value.trim()) || n < min || n > max) throw new BadRequestException(`${header} must be a whole number from ${min} to ${max}`);
  return n;
}

/** Zipline's name formats (`x-zipline-format`) in ours; `date` has no counterpart. */
const ZIPLINE_NAME_FORMATS: Record<string, NameFormat> = { random: 'random', uuid: 'uuid', name: 'original', gfycat: 'words', 'random-words': 'words' };
/** Zipline headers that only change how Zipline presents a file: nothing to do here, so nothing to refuse. */
const ZIPLINE_PRESENTATION = new Set(['x-zipline-domain', 'x-zipline-original-name', 'x-zipline-filename', 'x-zipline-folder', 'x-zipline-no-json']);

/**
 * Zipline's `x-zipline-*` headers, the ShareX convention a migrated .sxcu carries: expiry, view limit and name
 * format are honoured; one that would change what a link does and has no counterpart (a password) is refused
 * rather than ignored, which would leave the file public.
 */
function ziplineHeaders(headers: Record<string, string | undefined>, now: Date): UploadOptions {
  const options: UploadOptions = {};
  for (const [name, value] of Object.entries(headers)) {
    if (!name.startsWith('x-zipline-') || value === undefined || ZIPLINE_PRESENTATION.has(name)) continue;
    if (name === 'x-zipline-deletes-at') options.expiresAt = parseExpiry(value.replace(/^date=/i, ''), now);
    else if (name === 'x-zipline-max-views') options.maxViews = integer('x-zipline-max-views', value, 1, 1_000_000_000);
    else if (name === 'x-zipline-format') {
      const format = ZIPLINE_NAME_FORMATS[value.trim().toLowerCase()];
      if (!format) throw new BadRequestException(`x-zipline-format ${value.trim()} is not supported; use Name-Format: ${NAME_FORMATS.join(', ')}`);
      options.nameFormat = format;
    } else if (name === 'x-zipline-password') {
      throw new BadRequestException('Password-protected links are not supported (x-zipline-password): the upload would be public');
    } else {
      throw new BadRequestException(`${name} is not supported by Imagehive; its own upload headers are documented at /docs (POST /api/upload)`);
    }
  }
  return options;
}

export function parseUploadOptions(headers: Record<string, string | string[] | undefined>, now = new Date()): UploadOptions {
  const get = (name: string) => {
    const raw = headers[name];
    return Array.isArray(raw) ? raw[0] : raw;
  };
  const options: UploadOptions = ziplineHeaders(Object.fromEntries(Object.keys(headers).map((k) => [k, get(k)])), now);
  const name = get(UPLOAD_HEADERS.nameFormat);
  if (name) options.nameFormat = oneOf('Name-Format', name, NAME_FORMATS);
  const expires = get(UPLOAD_HEADERS.expiresAt);
  if (expires) options.expiresAt = parseExpiry(expires, now);
  const views = get(UPLOAD_HEADERS.maxViews);
  if (views) options.maxViews = integer('Max-Views', views, 1, 1_000_000_000);
  const format = get(UPLOAD_HEADERS.format);
  if (format) options.format = oneOf('Image-Format', format, OUTPUT_FORMATS);
  const quality = get(UPLOAD_HEADERS.quality);
  if (quality) options.quality = integer('Image-Quality', quality, 1, 100);
  const keep = get(UPLOAD_HEADERS.keepMetadata);
  if (keep) options.keepMetadata = oneOf('Keep-Metadata', keep, ['true', 'false', '1', '0', 'yes', 'no']) === 'true' || ['1', 'yes'].includes(keep.trim().toLowerCase());
  return options;
}

/** The option headers in the OpenAPI spec, next to the code that reads them. */
export const UploadOptionHeaders = () =>
  applyDecorators(
    ...[
      ['Name-Format', 'Link id style: `random` (default), `uuid`, `words` (adjective-adjective-noun) or `original` (file name plus a random part)'],
      ['Expires-At', 'When the link stops working: a duration (`30m`, `1h`, `7d`, `2w`, `1y`) or an ISO date'],
      ['Max-Views', 'The link stops working after this many views'],
      ['Image-Format', 'Stored format: `keep`, `webp`, `avif`, `jpeg` or `png` (default: compression.format)'],
      ['Image-Quality', 'Encoder quality 1-100 (default: compression.quality)'],
      ['Keep-Metadata', '`true` keeps EXIF/XMP/IPTC (GPS included); stripped by default'],
    ].map(([name, description]) => ApiHeader({ name, description, required: false })),
  );
