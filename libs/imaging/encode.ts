import type { Sharp } from 'sharp';
import type { ImageProbe } from './probe.js';
import type { RasterFormat } from './sniff.js';

export type OutputFormat = 'webp' | 'avif' | 'jpeg' | 'png' | 'gif';

export interface EncodeSettings {
  format: OutputFormat;
  /** 1–100; ignored when lossless. */
  quality: number;
  lossless: boolean;
  /** Format-specific CPU effort; clamped to the format's range, format default when undefined. */
  effort?: number;
}

const EFFORT_RANGE: Record<OutputFormat, [number, number]> = {
  webp: [0, 6],
  avif: [0, 9],
  png: [1, 10],
  gif: [1, 10],
  jpeg: [0, 0],
};

/** Used when a rotation forces a re-encode but the caller did not ask for compression. */
export const HIGH_QUALITY = 95;

/**
 * sharp's AVIF default (4) took 15 s for a 1080p screenshot on a 2-core box; 2 took 3.4 s for
 * 17 % more bytes. The other formats' defaults are already in the hundreds of milliseconds.
 */
const DEFAULT_EFFORT: Partial<Record<OutputFormat, number>> = { avif: 2 };

export function clampEffort(format: OutputFormat, requested: number | undefined): number | undefined {
  const effort = requested ?? DEFAULT_EFFORT[format];
  if (effort === undefined) return undefined;
  const [min, max] = EFFORT_RANGE[format];
  return Math.min(max, Math.max(min, Math.round(effort)));
}

export function chromaSubsampling(quality: number): '4:4:4' | '4:2:0' {
  return quality >= 90 ? '4:4:4' : '4:2:0';
}

/** Sets the encoder on a pipeline; `force` so sharp never falls back to the input's format. */
export function applyEncoder(pipeline: Sharp, settings: EncodeSettings): Sharp {
  const { format, quality, lossless } = settings;
  const effort = clampEffort(format, settings.effort);
  switch (format) {
    case 'jpeg':
      return pipeline.jpeg({ quality, mozjpeg: true, chromaSubsampling: chromaSubsampling(quality), force: true });
    case 'webp':
      return pipeline.webp({
        ...(lossless ? { lossless: true } : { quality, smartSubsample: quality >= 90 }),
        ...(effort === undefined ? {} : { effort }),
        force: true,
      });
    case 'avif':
      return pipeline.avif({
        ...(lossless ? { lossless: true } : { quality, chromaSubsampling: chromaSubsampling(quality) }),
        ...(effort === undefined ? {} : { effort }),
        force: true,
      });
    case 'png':
      // Palette quantisation (sharp's PNG `quality`/`effort`) is lossy, so it is only used when allowed.
      return pipeline.png(
        lossless
          ? { compressionLevel: 9, adaptiveFiltering: true, force: true }
          : { compressionLevel: 9, palette: true, quality, ...(effort === undefined ? {} : { effort }), force: true },
      );
    case 'gif':
      // reuse keeps each frame's palette, so a GIF re-encode does not re-quantise.
      return pipeline.gif({ reuse: true, ...(effort === undefined ? {} : { effort }), force: true });
  }
}

export type RequestedFormat = 'keep' | 'webp' | 'avif' | 'jpeg' | 'png';

export interface FormatChoice {
  format: OutputFormat;
  lossless: boolean;
  /** Why the requested format was not used, for logs. */
  reason?: string;
}

/** TIFF is not a web format; its lossless counterpart is PNG. */
export function webFormatOf(format: RasterFormat): OutputFormat {
  return format === 'tiff' ? 'png' : format;
}

/**
 * The output format for an upload: what was asked for, unless that would lose animation, lose
 * transparency, or (without permission) turn a lossless source lossy.
 */
export function chooseFormat(probe: ImageProbe, requested: RequestedFormat, allowLossyFromLossless: boolean): FormatChoice {
  const source = webFormatOf(probe.format);
  let format: OutputFormat = requested === 'keep' ? source : requested;
  let reason: string | undefined;
  if (probe.animated && format !== 'webp' && format !== probe.format) {
    reason = `${format} cannot hold animation here; kept ${probe.format}`;
    format = source;
  }
  const needsAlpha = probe.hasAlpha && !probe.opaque;
  if (needsAlpha && format === 'jpeg') {
    reason = `JPEG cannot hold transparency; kept ${source}`;
    format = source === 'jpeg' ? 'png' : source;
  }
  const lossless = probe.lossless && !allowLossyFromLossless;
  if (lossless && format === 'jpeg') {
    reason = 'JPEG would be lossy for a lossless source; used PNG';
    format = 'png';
  }
  return { format, lossless, reason };
}
