import { Injectable, Logger } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ConfigService } from '../config/config.service.js';
import { DATASET_EVENTS } from '../dataset/dataset.events.js';
import { EVENTS } from '../events/events.js';
import { thumbnailQuery } from '../uploads/links.js';
import { UploadsRepository } from '../uploads/uploads.repository.js';
import { parseVariantParams } from './variant-params.js';
import { VariantsService } from './variants.service.js';

/**
 * With `variants.pregenerate`: the thumbnail every listing links to is rendered right after an upload or a
 * donation, by the instance that took it, so the first viewer does not wait for it. A cache warm-up, not a
 * job: if the instance stops first, the first request renders it as before; so nothing is claimed across
 * instances, and each new image is warmed by exactly one of them.
 */
@Injectable()
export class VariantPregenerator {
  private readonly logger = new Logger('VariantPregenerator');

  constructor(
    private readonly repo: UploadsRepository,
    private readonly variants: VariantsService,
    private readonly config: ConfigService,
  ) {}

  @OnEvent(EVENTS.uploadCreated)
  @OnEvent(DATASET_EVENTS.donationCreated)
  onCreated(event: { imageId: string }): void {
    if (!this.config.values.variants.pregenerate) return;
    this.warm(event.imageId).catch((error: unknown) => this.logger.warn({ err: error, imageId: event.imageId }, 'Pre-generating a thumbnail failed'));
  }

  async warm(imageId: string): Promise<string | null> {
    const found = await this.repo.findById(imageId);
    if (!found) return null; // deleted already
    const { variants } = this.config.values;
    const params = parseVariantParams(thumbnailQuery(variants.thumbnailSize), found.blob, variants)!;
    return this.variants.ensure(found.blob, params);
  }
}
