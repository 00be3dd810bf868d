export type ImagingErrorCode = 'unsupported_type' | 'undecodable' | 'truncated' | 'too_many_pixels' | 'timeout';

/** The one error type callers need to map to a 4xx; anything else thrown from this package is a bug (5xx). */
export class ImagingError extends Error {
  override readonly name = 'ImagingError';

  constructor(
    readonly code: ImagingErrorCode,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export function isImagingError(error: unknown, code?: ImagingErrorCode): error is ImagingError {
  return error instanceof ImagingError && (code === undefined || error.code === code);
}

export function megapixels(pixels: number): string {
  const mp = pixels / 1_000_000;
  return mp >= 10 ? String(Math.round(mp)) : String(Math.round(mp * 10) / 10);
}

export function tooManyPixels(width: number, height: number, pages: number, limit: number): ImagingError {
  const total = width * height * pages;
  const frames = pages > 1 ? ` × ${pages} frames` : '';
  return new ImagingError(
    'too_many_pixels',
    `image is ${width}×${height}${frames} = ${megapixels(total)} megapixels, over the ${megapixels(limit)} megapixel limit`,
  );
}

// libvips reports truncation differently per loader; these are the wordings seen from libjpeg, libpng/spng, libwebp, cgif/nsgif.
const TRUNCATED = /premature end|truncated|unexpected end|end of (file|stream|data)|not enough data|short read|incomplete/i;

/**
 * Sharp throws plain Errors whose message is the only clue. `structurallyTruncated` comes from our own
 * container parsers, because libpng says only "read error" for a cut-off file.
 */
export function fromSharpError(error: unknown, structurallyTruncated = false): ImagingError {
  if (error instanceof ImagingError) return error;
  const message = error instanceof Error ? error.message : String(error);
  if (/pixel limit/i.test(message)) {
    return new ImagingError('too_many_pixels', 'image exceeds the pixel limit', { cause: error });
  }
  if (/timeout/i.test(message)) {
    return new ImagingError('timeout', 'image processing took too long', { cause: error });
  }
  if (/unsupported image format/i.test(message)) {
    return new ImagingError('unsupported_type', 'not an image format this server accepts', { cause: error });
  }
  if (structurallyTruncated || TRUNCATED.test(message)) {
    return new ImagingError('truncated', `image data is cut short (${clean(message)})`, { cause: error });
  }
  return new ImagingError('undecodable', `image could not be decoded (${clean(message)})`, { cause: error });
}

function clean(message: string): string {
  return message.split('\n')[0].replace(/^Input (buffer|file) (has corrupt header|contains unsupported image format):?\s*/i, '').slice(0, 200);
}
