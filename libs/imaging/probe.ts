import sharp, { type Metadata } from 'sharp';
import { fromSharpError, ImagingError, tooManyPixels } from './errors.js';
import { exifHasGps } from './exif.js';
import { type ImageInput, readBytes } from './input.js';
import { isRasterFormat, type RasterFormat, sniffType, type SniffedType } from './sniff.js';
import { canStripLosslessly, stripMetadata } from './strip.js';
import { webpIsLossless } from './strip-webp.js';

export const DEFAULT_PIXEL_LIMIT = 100_000_000;
/** 'truncated' alone lets corrupt-but-complete data through; 'warning' rejects common camera quirks. */
export const FAIL_ON = 'error' as const;

export interface ProbeOptions {
  /** Total decoded pixels allowed, all frames of an animation counted. */
  limitInputPixels?: number;
}

export interface ImageProbe {
  format: RasterFormat;
  /** Display size, after the EXIF orientation is applied; per frame for animations. */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  pages: number;
  animated: boolean;
  /** An alpha channel exists… */
  hasAlpha: boolean;
  /** …and every pixel of every frame is fully opaque anyway, so it can be dropped. */
  opaque: boolean;
  /** PNG, GIF, lossless WebP and TIFF: re-encoding lossily would lose information. */
  lossless: boolean;
  /** Palette-based PNG or GIF. */
  palette: boolean;
  space: string;
  hasExif: boolean;
  hasGps: boolean;
  hasXmp: boolean;
  hasIptc: boolean;
  hasIcc: boolean;
  bytes: number;
}

const REFUSED: Partial<Record<SniffedType, string>> = {
  svg: 'SVG is not accepted: it is a document that can carry scripts',
  html: 'HTML is not an image',
  xml: 'XML is not an image',
  pdf: 'PDF is not an image',
  heic: 'HEIC/HEIF (HEVC) images cannot be decoded here; upload JPEG, PNG, WebP or AVIF',
};

export function refuseUnlessRaster(type: SniffedType): asserts type is RasterFormat {
  if (isRasterFormat(type)) return;
  throw new ImagingError('unsupported_type', REFUSED[type] ?? 'not a recognised image format');
}

export interface CheckedHeader {
  type: RasterFormat;
  meta: Metadata;
  pages: number;
  /** Animated source and all frames will be decoded. */
  animated: boolean;
  pageHeight: number;
}

/**
 * Type and pixel budget from the header alone, before sharp allocates anything for pixels.
 * `decodeAllFrames`: whether the caller will load every frame, so all of them count.
 */
export async function checkHeader(
  input: ImageInput,
  type: SniffedType,
  limitInputPixels: number,
  decodeAllFrames: boolean,
): Promise<CheckedHeader> {
  refuseUnlessRaster(type);
  // sharp's own limit would throw here without the dimensions we want to report.
  const meta = await sharp(input, { failOn: FAIL_ON, limitInputPixels: false })
    .metadata()
    .catch((error: unknown) => {
      throw fromSharpError(error, typeof input !== 'string' && isCutShort(input, type));
    });
  const pages = Math.max(1, meta.pages ?? 1);
  const animated = decodeAllFrames && (type === 'gif' || type === 'webp') && pages > 1;
  const pageHeight = meta.pageHeight ?? meta.height;
  const decodedPages = animated ? pages : 1;
  if (meta.width * pageHeight * decodedPages > limitInputPixels) {
    throw tooManyPixels(meta.width, pageHeight, decodedPages, limitInputPixels);
  }
  return { type, meta, pages, animated, pageHeight };
}

/**
 * Checks an untrusted upload: type by magic number, pixel budget from the header (before any
 * allocation), then a full decode of every frame so truncated or corrupt data is caught here.
 */
export async function probeImage(input: ImageInput, options: ProbeOptions = {}): Promise<ImageProbe> {
  return probeBytes(await readBytes(input), options);
}

export async function probeBytes(bytes: Buffer, { limitInputPixels = DEFAULT_PIXEL_LIMIT }: ProbeOptions = {}): Promise<ImageProbe> {
  const { type, meta, pages, animated, pageHeight } = await checkHeader(bytes, sniffType(bytes), limitInputPixels, true);
  const stats = await sharp(bytes, { failOn: FAIL_ON, limitInputPixels, animated })
    .stats()
    .catch((error: unknown) => {
      throw fromSharpError(error, isCutShort(bytes, type));
    });
  const orientation = meta.orientation && meta.orientation >= 1 && meta.orientation <= 8 ? meta.orientation : 1;
  const swap = orientation >= 5;
  return {
    format: type,
    width: swap ? pageHeight : meta.width,
    height: swap ? meta.width : pageHeight,
    orientation,
    pages,
    animated,
    hasAlpha: meta.hasAlpha,
    opaque: stats.isOpaque,
    lossless: isLossless(type, bytes),
    palette: meta.isPalette === true,
    space: meta.space,
    hasExif: meta.exif !== undefined && meta.exif.length > 0,
    hasGps: exifHasGps(meta.exif),
    hasXmp: meta.xmp !== undefined && meta.xmp.length > 0,
    hasIptc: meta.iptc !== undefined && meta.iptc.length > 0,
    hasIcc: meta.hasProfile,
    bytes: bytes.length,
  };
}

function isLossless(type: RasterFormat, bytes: Buffer): boolean {
  if (type === 'png' || type === 'gif' || type === 'tiff') return true;
  if (type !== 'webp') return false;
  try {
    return webpIsLossless(bytes);
  } catch {
    return false;
  }
}

/** libpng reports a cut-off file only as "read error"; our container walk can tell. */
function isCutShort(bytes: Buffer, type: RasterFormat): boolean {
  if (!canStripLosslessly(type)) return false;
  try {
    stripMetadata(bytes, { keepMetadata: true });
    return false;
  } catch (error) {
    return error instanceof ImagingError && error.code === 'truncated';
  }
}
