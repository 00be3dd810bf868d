import { ImagingError } from './errors.js';
import { sniffType } from './sniff.js';
import { stripGif } from './strip-gif.js';
import { stripJpeg } from './strip-jpeg.js';
import { stripPng } from './strip-png.js';
import type { StripOptions, StripResult } from './strip-types.js';
import { stripWebp } from './strip-webp.js';

export type LosslessFormat = 'jpeg' | 'png' | 'gif' | 'webp';

const STRIPPERS: Record<LosslessFormat, (input: Buffer, options?: StripOptions) => StripResult> = {
  jpeg: stripJpeg,
  png: stripPng,
  gif: stripGif,
  webp: stripWebp,
};

export function canStripLosslessly(format: string): format is LosslessFormat {
  return format in STRIPPERS;
}

/** Byte-level metadata removal for JPEG, PNG, GIF and WebP, chosen by magic number. */
export function stripMetadata(input: Buffer, options: StripOptions = {}): StripResult {
  const type = sniffType(input);
  if (!canStripLosslessly(type)) {
    throw new ImagingError('unsupported_type', `cannot strip ${type} losslessly; re-encode it instead`);
  }
  return STRIPPERS[type](input, options);
}
