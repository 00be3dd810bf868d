import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { ConfigService } from '../config/config.service.js';
import { MediaRepository } from '../media/media.repository.js';
import { StorageService } from '../storage/storage.service.js';
import { BlobStore } from '../uploads/blob-store.service.js';
import type { BlobEntity } from '../uploads/blob.entity.js';
import { LocalFileCache } from './local-file-cache.js';
import { RateLimiterRepository } from '../throttling/rate-limiter.repository.js';
import { thumbnailQuery } from '../uploads/links.js';
import { parseVariantParams, type VariantParams, variantName } from './variant-params.js';

/** At most this many renders at once: variants are cheap to ask for and dear to make. */
const MAX_CONCURRENT_RENDERS = 2;

@Injectable()
export class VariantsService {
  private readonly inFlight = new Map<string, Promise<void>>();
  private running = 0;
  private readonly queue: Array<() => void> = [];

  constructor(
    private readonly storage: StorageService,
    private readonly blobs: BlobStore,
    private readonly media: MediaRepository,
    private readonly config: ConfigService,
    private readonly files: LocalFileCache,
    private readonly limiter: RateLimiterRepository,
  ) {}

  /** The storage key of the variant when it is cached already; null when it would have to be rendered. */
  async cached(blob: BlobEntity, params: VariantParams): Promise<string | null> {
    const key = this.blobs.variantKey(blob.sha256, variantName(params));
    return (await this.exists(key)) ? key : null;
  }

  /**
   * The storage key of the variant, rendering and caching it on first request (once, however many ask).
   * A render for a client counts against its `variants.renderThrottle` (the standard thumbnail does not).
   */
  async ensure(blob: BlobEntity, params: VariantParams, client?: string): Promise<string> {
    const key = this.blobs.variantKey(blob.sha256, variantName(params));
    if (await this.exists(key)) return key;
    let pending = this.inFlight.get(key);
    if (!pending && client !== undefined) {
      await this.admit(blob, params, client);
      // Another request may have started the same render while this one was admitted: it is rendered once.
      pending = this.inFlight.get(key);
    }
    if (!pending) {
      pending = this.render(blob, params, key).finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    await pending;
    return key;
  }

  /**
   * A variant derived from another (e.g. with an annotation drawn on it), cached under `<name>-<variant>`:
   * the base variant is ensured first, then `derive` turns its bytes into the derived ones, once.
   */
  async ensureDerived(blob: BlobEntity, params: VariantParams, name: string, derive: (variant: Buffer) => Promise<Buffer>, client?: string): Promise<string> {
    const key = this.blobs.variantKey(blob.sha256, `${name}-${variantName(params)}`);
    if (await this.exists(key)) return key;
    let pending = this.inFlight.get(key);
    if (!pending) {
      pending = (async () => {
        const base = await this.ensure(blob, params, client);
        const bytes = await this.readAll(base);
        await this.slot();
        try {
          await this.blobs.prewrite(key, await derive(bytes));
        } finally {
          this.release();
        }
      })().finally(() => this.inFlight.delete(key));
      this.inFlight.set(key, pending);
    }
    await pending;
    return key;
  }

  private async admit(blob: BlobEntity, params: VariantParams, client: string): Promise<void> {
    const { variants } = this.config.values;
    const thumbnail = parseVariantParams(thumbnailQuery(variants.thumbnailSize), blob, variants)!;
    if (variantName(params) === variantName(thumbnail)) return;
    const result = await this.limiter.consume('render', client);
    if (!result.allowed) {
      throw new HttpException(`Too many new image sizes rendered; try again in ${result.retryAfterSeconds} s (sizes already made are not limited)`, HttpStatus.TOO_MANY_REQUESTS);
    }
  }

  private async render(blob: BlobEntity, params: VariantParams, key: string): Promise<void> {
    await this.slot();
    try {
      const storage = this.storage.get();
      const source = storage.localPath ? storage.localPath(blob.storageKey) : await this.readAll(blob.storageKey);
      const data = await this.media.variant(source, {
        width: params.width,
        height: params.height,
        fit: params.fit,
        format: params.format,
        quality: params.quality,
        maxDimension: this.config.values.variants.maxDimension,
      });
      await this.blobs.prewrite(key, data);
    } finally {
      this.release();
    }
  }

  /** On local disk through LocalFileCache: the check a cached variant's request makes is then free. */
  private async exists(key: string): Promise<boolean> {
    const storage = this.storage.get();
    if (storage.localPath) return (await this.files.get(storage.localPath(key))) !== null;
    return (await storage.stat(key)) !== null;
  }

  private async readAll(key: string): Promise<Buffer> {
    const chunks: Buffer[] = [];
    for await (const chunk of await this.storage.get().read(key)) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks);
  }

  private slot(): Promise<void> {
    if (this.running < MAX_CONCURRENT_RENDERS) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  private release(): void {
    const next = this.queue.shift();
    if (next) next();
    else this.running--;
  }
}
