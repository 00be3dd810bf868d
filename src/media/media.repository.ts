import { availableParallelism } from 'node:os';
import { Injectable } from '@nestjs/common';
import sharp from 'sharp';
import {
  configureSharp,
  dHash,
  type ImageProbe,
  type ProcessOptions,
  type ProcessResult,
  probeImage,
  processImage,
  readHead,
  renderVariant,
  sniffType,
  type VariantOptions,
} from '../../libs/imaging/index.js';

/**
 * sharp behind one seam: every decode and encode in the server goes through here, at most one job per core at a
 * time (each job single-threaded), so a burst of uploads queues instead of starving the event loop's thread pool.
 */
@Injectable()
export class MediaRepository {
  private readonly slots = Math.max(1, availableParallelism());
  private running = 0;
  private readonly waiting: Array<() => void> = [];

  constructor() {
    configureSharp({ concurrency: 1, cacheMemoryMb: 0 });
  }

  /** A job whose signal has fired by the time its turn comes gives its slot to the next one unrun. */
  private async job<T>(work: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    if (this.running >= this.slots) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      signal?.throwIfAborted();
      return await work();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }

  /** The type by magic number, from the file's first bytes (read from disk for a path). */
  async sniff(input: string | Buffer) {
    return sniffType(await readHead(input));
  }

  probe(input: string | Buffer, limitInputPixels: number): Promise<ImageProbe> {
    return this.job(() => probeImage(input, { limitInputPixels }));
  }

  process(input: string | Buffer, options: ProcessOptions, signal?: AbortSignal): Promise<ProcessResult> {
    return this.job(() => processImage(input, options), signal);
  }

  variant(input: string | Buffer, options: VariantOptions): Promise<Buffer> {
    return this.job(() => renderVariant(input, options));
  }

  /** Draws an SVG (of the input's size) over an image and encodes the result; used to highlight annotations. */
  overlay(input: Buffer, svg: string, format: 'webp' | 'avif' | 'jpeg' | 'png', quality: number): Promise<Buffer> {
    // PNG's quality option would switch to a palette: PNG variants stay lossless.
    return this.job(() => sharp(input).composite([{ input: Buffer.from(svg), top: 0, left: 0 }]).toFormat(format, format === 'png' ? {} : { quality }).toBuffer());
  }

  /** 64-bit difference hash as 16 hex characters: close hashes, similar pictures. */
  perceptualHash(input: string | Buffer): Promise<string> {
    return this.job(() => dHash(input));
  }
}
