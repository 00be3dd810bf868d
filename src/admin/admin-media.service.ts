import { Injectable, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ConfigService } from '../config/config.service.js';
import { parseVariantParams } from '../serving/variant-params.js';
import { VariantsService } from '../serving/variants.service.js';
import { StorageService } from '../storage/storage.service.js';
import { UploadsRepository } from '../uploads/uploads.repository.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The variants the panel shows: a square thumbnail for lists, a larger preview for the record page. */
const SIZES = {
  thumb: { w: '128', h: '128', fit: 'cover', format: 'webp', q: '70' },
  preview: { w: '1024', h: '1024', fit: 'inside', format: 'webp', q: '80' },
} as const;
export type MediaSize = keyof typeof SIZES;

/**
 * Images for staff, by upload id: unlike the public /i/ links this never counts a view (staff browsing must
 * not use up a view-limited link) and works for expired links still waiting for the sweep.
 */
@Injectable()
export class AdminMediaService {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly variants: VariantsService,
    private readonly storage: StorageService,
    private readonly config: ConfigService,
  ) {}

  isSize(value: string): value is MediaSize {
    return Object.hasOwn(SIZES, value);
  }

  async send(req: Request, res: Response, id: string, size: MediaSize): Promise<void> {
    const found = UUID.test(id) ? await this.uploads.findById(id) : null;
    if (!found) throw new NotFoundException('No such upload');
    const { maxDimension, defaultQuality } = this.config.values.variants;
    const params = parseVariantParams({ ...SIZES[size] }, found.blob, { maxDimension, defaultQuality })!;
    const key = await this.variants.ensure(found.blob, params);
    res.set({
      'Content-Type': 'image/webp',
      'Cache-Control': 'private, max-age=600',
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "default-src 'none'; sandbox",
    });
    const storage = this.storage.get();
    if (storage.localPath) {
      await new Promise<void>((resolve, reject) =>
        res.sendFile(storage.localPath!(key), { cacheControl: false, dotfiles: 'allow' }, (error) => (error && !res.headersSent ? reject(new NotFoundException('The image bytes are missing')) : resolve())),
      );
      return;
    }
    if (req.method === 'HEAD') return void res.end();
    (await storage.read(key)).pipe(res);
  }
}
