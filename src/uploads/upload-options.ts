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

/** `30m`, `1h`, `7d`, `2w`, `1y`, or an ISO 8601 date; the result must lie in the future (at most 10 years). */
export function parseExpiry(value: string, now = new Date()): Date {
  const relative = /^(\d{1,6})\s*([smhdwy])$/i.exec(value.trim());
  const at = relative ? new Date(now.getTime() + Number(relative[1]) * UNITS[relative[2].toLowerCase()] * 1000) : new Date(value.trim());
  if (!relative && (!/^\d{4}-\d{2}-\d{2}/.test(value.trim()) || Number.isNaN(at.getTime()))) {
    throw new BadRequestException('Expires-At must be a duration like 30m, 1h, 7d, 2w, 1y or an ISO date like 2030-01-31T12:00:00Z');
  }
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

export function parseUploadOptions(headers: Record<string, string | string[] | undefined>, now = new Date()): UploadOptions {
  const get = (name: string) => {
    const raw = headers[name];
    return Array.isArray(raw) ? raw[0] : raw;
  };
  const options: UploadOptions = {};
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
