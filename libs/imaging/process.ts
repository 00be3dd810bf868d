import sharp from 'sharp';
import { applyEncoder, chooseFormat, type EncodeSettings, HIGH_QUALITY, type RequestedFormat, webFormatOf } from './encode.js';
import { type ImageInput, readBytes } from './input.js';
import { DEFAULT_PIXEL_LIMIT, decodeError, decodePixels, FAIL_ON, type ImageHeader, type ImageProbe, readHeader } from './probe.js';
import type { RasterFormat } from './sniff.js';
import { canStripLosslessly, stripMetadata } from './strip.js';
import { type StripResult, TRAILING_DATA } from './strip-types.js';
import { webpHasAlpha } from './strip-webp.js';

export interface ProcessOptions {
  /** false: never re-encode; only the lossless strip and, when EXIF says so, a rotation. Default true. */
  compress?: boolean;
  format?: RequestedFormat;
  /** 1–100, default 80. */
  quality?: number;
  /** Downscale only, fitting inside; ignored when compress is false. */
  maxWidth?: number;
  maxHeight?: number;
  effort?: number;
  /** Keep EXIF/XMP/IPTC (GPS included). Default false. */
  keepMetadata?: boolean;
  /** Let PNG/GIF/lossless WebP become lossy WebP/AVIF/JPEG or palette PNG. Default false. */
  allowLossyFromLossless?: boolean;
  limitInputPixels?: number;
  /** Per sharp pipeline; a stuck encode becomes an ImagingError('timeout'). Default 60. */
  timeoutSeconds?: number;
}

export interface ProcessResult {
  data: Buffer;
  format: RasterFormat;
  /** Per frame for animations. */
  width: number;
  height: number;
  bytes: number;
  /** data came from the compression pipeline. */
  compressed: boolean;
  /** The source had EXIF/XMP/IPTC/comments and data has none. */
  strippedMetadata: boolean;
  /** data is the input's own encoded pixels (byte-identical or with metadata cut out). */
  keptOriginalEncoding: boolean;
  /** What the upload was, so callers need not probe separately. */
  source: ImageProbe;
  /** Why the requested format was not used (animation, transparency, lossless source), for logs. */
  formatNote?: string;
}

type Settings = Required<Omit<ProcessOptions, 'maxWidth' | 'maxHeight' | 'effort'>> & Pick<ProcessOptions, 'maxWidth' | 'maxHeight' | 'effort'>;

function settingsFrom(options: ProcessOptions): Settings {
  const settings: Settings = {
    compress: true,
    format: 'keep',
    quality: 80,
    keepMetadata: false,
    allowLossyFromLossless: false,
    limitInputPixels: DEFAULT_PIXEL_LIMIT,
    timeoutSeconds: 60,
    ...options,
  };
  if (!Number.isInteger(settings.quality) || settings.quality < 1 || settings.quality > 100) {
    throw new RangeError(`quality must be an integer 1–100, got ${settings.quality}`);
  }
  for (const key of ['maxWidth', 'maxHeight'] as const) {
    const value = settings[key];
    if (value !== undefined && (!Number.isInteger(value) || value < 1)) throw new RangeError(`${key} must be a positive integer`);
  }
  return settings;
}

/**
 * Turns an accepted upload into what gets stored: upright, metadata-free unless asked, compressed
 * when that actually helps. Throws ImagingError for anything that is not a sound raster image.
 */
export async function processImage(input: ImageInput, options: ProcessOptions = {}): Promise<ProcessResult> {
  const settings = settingsFrom(options);
  const bytes = await readBytes(input);
  const header = await readHeader(bytes, { limitInputPixels: settings.limitInputPixels });
  const choice = settings.compress ? chooseFormat({ ...header, opaque: false }, settings.format, settings.allowLossyFromLossless) : undefined;
  // An encode decodes every pixel as strictly as decodePixels does, so that pass is skipped when the upload is
  // encoded anyway and transparency cannot change how: no alpha at all, or WebP out (libwebp drops an alpha
  // that is fully opaque by itself). It is most of the work left besides the encode (17 ms of 250 for a
  // 1080p PNG).
  const encodeFirst = choice !== undefined && (!header.hasAlpha || (choice.format === 'webp' && !header.animated));
  const resize = exceeds(header, settings.maxWidth, settings.maxHeight);
  let source: ImageProbe = { ...header, opaque: !header.hasAlpha };
  let early: Encoded | undefined;
  if (encodeFirst) {
    early = await encode(bytes, source, { ...choice, quality: settings.quality, effort: settings.effort }, settings, resize);
    if (header.hasAlpha) source = { ...source, opaque: !webpHasAlpha(early.data) };
  } else {
    source = { ...header, opaque: await decodePixels(bytes, header, { limitInputPixels: settings.limitInputPixels }) };
  }
  const rotate = source.orientation > 1 && !source.animated;
  const original = losslessCopy(bytes, source.format, settings.keepMetadata);
  const hadMetadata =
    source.hasExif || source.hasXmp || source.hasIptc || (original?.removed.some((label) => label !== TRAILING_DATA) ?? false);
  const strippedMetadata = !settings.keepMetadata && hadMetadata;
  const keep = (data: Buffer): ProcessResult => ({
    data,
    format: source.format,
    width: source.width,
    height: source.height,
    bytes: data.length,
    compressed: false,
    strippedMetadata,
    keptOriginalEncoding: true,
    source,
  });
  // Only containers we walked to their end marker are returned as is: that is what rules out polyglot tails.
  // TIFF keeps its metadata in its own tags (Artist, GPS IFD…), which sharp does not report: never kept as is
  // unless metadata is to be kept.
  const unknownMetadata = source.format === 'tiff' && !settings.keepMetadata;
  const canKeep = !rotate && !unknownMetadata && (original !== undefined || (!canStripLosslessly(source.format) && !strippedMetadata));
  const sameFormat = async (): Promise<ProcessResult> => {
    const settingsHq = { format: webFormatOf(source.format), quality: HIGH_QUALITY, lossless: source.lossless, effort: settings.effort };
    return { ...(await encode(bytes, source, settingsHq, settings)), compressed: false, strippedMetadata, source };
  };

  if (!settings.compress) return canKeep ? keep(original?.data ?? bytes) : sameFormat();

  const chosen = chooseFormat(source, settings.format, settings.allowLossyFromLossless);
  const candidate = early ?? (await encode(bytes, source, { ...chosen, quality: settings.quality, effort: settings.effort }, settings, resize));
  const result = { ...candidate, compressed: true, strippedMetadata, source, formatNote: chosen.reason };
  // A resized result is kept even if larger: the caller's size cap is the point.
  if (resize || candidate.bytes < (original?.data ?? bytes).length) return result;
  if (canKeep) return keep(original?.data ?? bytes);
  return sameFormat();
}

function losslessCopy(bytes: Buffer, format: RasterFormat, keepMetadata: boolean): StripResult | undefined {
  if (!canStripLosslessly(format)) return undefined;
  try {
    return stripMetadata(bytes, { keepMetadata });
  } catch {
    // sharp decoded it but our walk did not reach the end marker: re-encode rather than vouch for the bytes.
    return undefined;
  }
}

function exceeds(source: ImageHeader, maxWidth?: number, maxHeight?: number): boolean {
  return (maxWidth !== undefined && source.width > maxWidth) || (maxHeight !== undefined && source.height > maxHeight);
}

type Encoded = Omit<ProcessResult, 'compressed' | 'strippedMetadata' | 'source' | 'formatNote'>;

async function encode(bytes: Buffer, source: ImageProbe, encoding: EncodeSettings, settings: Settings, resize = false): Promise<Encoded> {
  const animated = source.animated && (encoding.format === 'webp' || encoding.format === 'gif');
  let pipeline = sharp(bytes, { failOn: FAIL_ON, limitInputPixels: settings.limitInputPixels, animated }).timeout({
    seconds: settings.timeoutSeconds,
  });
  // sharp rotates only single-page images (multi-page by 180° at most); animations carry no EXIF orientation in practice.
  if (!source.animated) pipeline = pipeline.autoOrient();
  if (resize) {
    pipeline = pipeline.resize({ width: settings.maxWidth, height: settings.maxHeight, fit: 'inside', withoutEnlargement: true });
  }
  if (source.hasAlpha && source.opaque) pipeline = pipeline.removeAlpha();
  if (settings.keepMetadata) pipeline = pipeline.keepMetadata();
  // A CMYK profile cannot describe RGB output; sharp converts those to sRGB when the profile is not kept.
  else if (source.hasIcc && source.space !== 'cmyk') pipeline = pipeline.keepIccProfile();
  pipeline = applyEncoder(pipeline, encoding);
  const { data, info } = await pipeline.toBuffer({ resolveWithObject: true }).catch(decodeError(bytes, source.format));
  return {
    data,
    format: encoding.format,
    width: info.width,
    height: animated ? (info.pageHeight ?? info.height) : info.height,
    bytes: data.length,
    keptOriginalEncoding: false,
  };
}
