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

/** What the header says: everything about an image short of decoding its pixels. */
export interface ImageHeader {
  format: RasterFormat;
  /** Display size, after the EXIF orientation is applied; per frame for animations. */
  width: number;
  height: number;
  /** EXIF orientation 1–8 (1 when absent). */
  orientation: number;
  pages: number;
  animated: boolean;
  /** An alpha channel exists. */
  hasAlpha: boolean;
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

export interface ImageProbe extends ImageHeader {
  /** Every pixel of every frame is fully opaque (true without an alpha channel), so the alpha can be dropped. */
  opaque: boolean;
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

export async function probeBytes(bytes: Buffer, options: ProbeOptions = {}): Promise<ImageProbe> {
  const header = await readHeader(bytes, options);
  return { ...header, opaque: await decodePixels(bytes, header, options) };
}

/** Type, size, metadata and the pixel budget, from the header alone: nothing is decoded. */
export async function readHeader(bytes: Buffer, { limitInputPixels = DEFAULT_PIXEL_LIMIT }: ProbeOptions = {}): Promise<ImageHeader> {
  const { type, meta, pages, animated, pageHeight } = await checkHeader(bytes, sniffType(bytes), limitInputPixels, true);
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

/** sharp's error as ours, told "cut short" by our container walk when libpng only says "read error". */
export function decodeError(bytes: Buffer, format: RasterFormat): (error: unknown) => never {
  return (error) => {
    throw fromSharpError(error, isCutShort(bytes, format));
  };
}

/**
 * Above this, the decode check streams through sharp's stats() rather than holding one channel in memory.
 * Below it, one channel as raw bytes is ten times faster: stats() also computes entropy, sharpness and a
 * dominant colour (220 ms against 17 ms for a 1080p screenshot), which an upload never needs.
 */
const RAW_CHECK_MAX_PIXELS = 40_000_000;

/**
 * Decodes every pixel of every frame, so corrupt or cut-off data fails here, and says whether all of them
 * are fully opaque.
 */
export async function decodePixels(bytes: Buffer, header: ImageHeader, { limitInputPixels = DEFAULT_PIXEL_LIMIT }: ProbeOptions = {}): Promise<boolean> {
  const input = sharp(bytes, { failOn: FAIL_ON, limitInputPixels, animated: header.animated });
  const decodedPixels = header.width * header.height * (header.animated ? header.pages : 1);
  if (decodedPixels > RAW_CHECK_MAX_PIXELS) return (await input.stats().catch(decodeError(bytes, header.format))).isOpaque;
  // 'alpha' rather than an index: sharp numbers channels after its own colour conversion (grey becomes RGB).
  const channel = await input
    .extractChannel(header.hasAlpha ? 'alpha' : 0)
    .raw()
    .toBuffer()
    .catch(decodeError(bytes, header.format));
  return !header.hasAlpha || allBytesFull(channel);
}

/** Every byte 0xFF: full alpha at 8 bits and at 16 bits alike. */
function allBytesFull(data: Buffer): boolean {
  const full = Buffer.alloc(Math.min(data.length, 64 * 1024), 0xff);
  for (let offset = 0; offset < data.length; offset += full.length) {
    const chunk = data.subarray(offset, offset + full.length);
    if (!chunk.equals(full.subarray(0, chunk.length))) return false;
  }
  return true;
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
