import { ImagingError } from './errors.js';

export interface StripResult {
  /** The same encoded pixels with metadata (and anything after the end marker) cut out. */
  data: Buffer;
  /** What was dropped, e.g. "APP1 Exif", "tEXt", "trailing data"; empty when data is the input unchanged. */
  removed: string[];
}

export interface StripOptions {
  /** Keep EXIF/XMP/IPTC/comments and only cut bytes after the end marker (polyglot tails). */
  keepMetadata?: boolean;
}

export const TRAILING_DATA = 'trailing data';

export function truncated(format: string): ImagingError {
  return new ImagingError('truncated', `${format} data is cut short`);
}

export function malformed(format: string, detail: string): ImagingError {
  return new ImagingError('undecodable', `${format} structure is invalid: ${detail}`);
}

/** Avoids a copy when nothing changed, so callers can compare by identity. */
export function assemble(input: Buffer, parts: Buffer[], removed: string[]): StripResult {
  if (removed.length === 0) return { data: input, removed };
  return { data: Buffer.concat(parts), removed };
}
