import { BadRequestException } from '@nestjs/common';

export const VARIANT_FORMATS = ['webp', 'avif', 'jpeg', 'png'] as const;
export const VARIANT_FITS = ['cover', 'contain', 'inside', 'outside', 'fill'] as const;

export interface VariantParams {
  width?: number;
  height?: number;
  fit: (typeof VARIANT_FITS)[number];
  format: (typeof VARIANT_FORMATS)[number];
  quality: number;
}

function dimension(name: string, raw: unknown, max: number): number | undefined {
  if (raw === undefined || raw === '') return undefined;
  const n = Number(raw);
  if (typeof raw !== 'string' || !/^\d+$/.test(raw) || n < 1 || n > max) throw new BadRequestException(`${name} must be a whole number from 1 to ${max}`);
  return n;
}

function choice<T extends string>(name: string, raw: unknown, allowed: readonly T[], fallback: T): T {
  if (raw === undefined || raw === '') return fallback;
  if (typeof raw !== 'string' || !allowed.includes(raw as T)) throw new BadRequestException(`${name} must be one of: ${allowed.join(', ')}`);
  return raw as T;
}

/**
 * Reads ?w=&h=&fit=&format=&q= into bounded, normalised parameters (null: the original is wanted). Sizes are
 * clamped to the source so `w=99999` and `w=<source width>` share one cached file, and nobody can make the
 * server render without end.
 */
export function parseVariantParams(
  query: Record<string, unknown>,
  source: { width: number; height: number; format: string },
  limits: { maxDimension: number; defaultQuality: number },
): VariantParams | null {
  const known = ['w', 'h', 'fit', 'format', 'q'];
  const unknown = Object.keys(query).filter((k) => !known.includes(k));
  if (unknown.length) throw new BadRequestException(`Unknown parameter ${unknown[0]}; use w, h, fit, format, q`);
  if (!known.some((k) => query[k] !== undefined)) return null;
  const width = dimension('w', query.w, limits.maxDimension);
  const height = dimension('h', query.h, limits.maxDimension);
  const sourceFormat = (VARIANT_FORMATS as readonly string[]).includes(source.format) ? (source.format as VariantParams['format']) : 'webp';
  const q = query.q === undefined ? limits.defaultQuality : dimension('q', query.q, 100)!;
  return {
    width: width === undefined ? undefined : Math.min(width, source.width),
    height: height === undefined ? undefined : Math.min(height, source.height),
    fit: choice('fit', query.fit, VARIANT_FITS, 'inside'),
    format: choice('format', query.format, VARIANT_FORMATS, sourceFormat),
    quality: q,
  };
}

export function variantName(p: VariantParams): string {
  const ext = p.format === 'jpeg' ? 'jpg' : p.format;
  return `${p.width ?? 'auto'}x${p.height ?? 'auto'}-${p.fit}-q${p.quality}.${ext}`;
}
