import sharp from 'sharp';
import { applyEncoder } from './encode.js';
import { fromSharpError } from './errors.js';
import { type ImageInput, readHead } from './input.js';
import { checkHeader, DEFAULT_PIXEL_LIMIT, FAIL_ON } from './probe.js';
import { sniffType } from './sniff.js';

export type VariantFit = 'cover' | 'contain' | 'inside' | 'outside' | 'fill';
export type VariantFormat = 'webp' | 'avif' | 'jpeg' | 'png';

export interface VariantOptions {
  width?: number;
  height?: number;
  /** Default 'inside'. With only one of width/height given, the fit is 'inside'. */
  fit?: VariantFit;
  /** Default 'webp'. */
  format?: VariantFormat;
  /** 1–100, default 75. PNG variants are always lossless. */
  quality?: number;
  effort?: number;
  /** Keep all frames of an animated source; only WebP output can hold them, otherwise the first frame is used. */
  animated?: boolean;
  /** Cap on either output side, whatever was requested. Default 4096. */
  maxDimension?: number;
  limitInputPixels?: number;
  /** Letterbox colour for 'contain' and the matte behind transparency in JPEG; default white for JPEG, else transparent. */
  background?: string;
  timeoutSeconds?: number;
}

export interface VariantBox {
  width: number;
  height: number;
  fit: VariantFit;
}

/**
 * The resize box for a request against a source of display size srcWidth×srcHeight: clamped to
 * maxDimension, and never so large that the source would be enlarged. cover/contain/fill keep the
 * requested aspect ratio when shrunk; inside/outside are turned into the exact output size.
 */
export function variantBox(srcWidth: number, srcHeight: number, options: Pick<VariantOptions, 'width' | 'height' | 'fit' | 'maxDimension'>): VariantBox {
  const cap = options.maxDimension ?? 4096;
  for (const value of [options.width, options.height, cap]) {
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError('variant sizes must be positive integers');
  }
  const single = options.width === undefined || options.height === undefined;
  const fit: VariantFit = single ? 'inside' : (options.fit ?? 'inside');
  const w = options.width ?? Infinity;
  const h = options.height ?? Infinity;
  if (fit === 'inside' || fit === 'outside') {
    const pick = fit === 'inside' ? Math.min : Math.max;
    const scale = Math.min(pick(w / srcWidth, h / srcHeight), 1, cap / srcWidth, cap / srcHeight);
    return { width: Math.max(1, Math.round(srcWidth * scale)), height: Math.max(1, Math.round(srcHeight * scale)), fit: 'fill' };
  }
  // How much the source itself would be scaled to fill this box; above 1 means enlarging.
  const sourceScale =
    fit === 'cover' ? Math.max(w / srcWidth, h / srcHeight) : fit === 'contain' ? Math.min(w / srcWidth, h / srcHeight) : 1;
  let boxW = w;
  let boxH = h;
  if (sourceScale > 1) {
    boxW /= sourceScale;
    boxH /= sourceScale;
  }
  if (fit === 'fill') {
    boxW = Math.min(boxW, srcWidth);
    boxH = Math.min(boxH, srcHeight);
  }
  const capScale = Math.min(1, cap / boxW, cap / boxH);
  return { width: Math.max(1, Math.round(boxW * capScale)), height: Math.max(1, Math.round(boxH * capScale)), fit };
}

/** A display copy of a stored image: upright, sRGB, no metadata, bounded in size. */
export async function renderVariant(input: ImageInput, options: VariantOptions = {}): Promise<Buffer> {
  const format = options.format ?? 'webp';
  const quality = options.quality ?? 75;
  if (!Number.isInteger(quality) || quality < 1 || quality > 100) throw new RangeError('quality must be an integer 1–100');
  const limitInputPixels = options.limitInputPixels ?? DEFAULT_PIXEL_LIMIT;
  const wantFrames = options.animated === true && format === 'webp';
  const header = await checkHeader(input, sniffType(await readHead(input)), limitInputPixels, wantFrames);
  const { meta, pageHeight, animated } = header;
  const swap = (meta.orientation ?? 1) >= 5 && !animated;
  const box = variantBox(swap ? pageHeight : meta.width, swap ? meta.width : pageHeight, options);
  const background = options.background ?? (format === 'jpeg' ? '#ffffff' : { r: 0, g: 0, b: 0, alpha: 0 });

  let pipeline = sharp(input, { failOn: FAIL_ON, limitInputPixels, animated }).timeout({ seconds: options.timeoutSeconds ?? 60 });
  if (!animated) pipeline = pipeline.autoOrient();
  // variantBox already rules out enlarging, so sharp's withoutEnlargement (which skips letterboxing) is not needed.
  pipeline = pipeline.resize({ width: box.width, height: box.height, fit: box.fit, background });
  if (format === 'jpeg') pipeline = pipeline.flatten({ background });
  pipeline = applyEncoder(pipeline, { format, quality, lossless: format === 'png', effort: options.effort });
  return pipeline.toBuffer().catch((error: unknown) => {
    throw fromSharpError(error);
  });
}

/** A bounded WebP preview that fits inside size×size. */
export async function thumbnail(input: ImageInput, size = 512): Promise<Buffer> {
  return renderVariant(input, { width: size, height: size, fit: 'inside', format: 'webp', quality: 70 });
}
