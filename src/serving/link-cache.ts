import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import { ClusterBus } from '../cluster/cluster-bus.service.js';
import type { ImageWithBlob } from '../uploads/uploads.repository.js';

const TTL_MS = 10_000;
const MAX_ENTRIES = 20_000;

const FORGET = 'link-cache.forget';

/**
 * Link lookups for serving, kept for a few seconds in each instance's memory: a popular image then costs no
 * query per request (a shared cache in Redis would cost a round trip, as the indexed query does). Changes that
 * hide or remove an image drop its entry at once, here and, through the cluster bus, on the other instances;
 * if that message is lost (Redis away) an entry lives at most TTL_MS. Links with a view limit are never cached.
 */
@Injectable()
export class LinkCache {
  private readonly entries = new Map<string, { value: ImageWithBlob; until: number }>();

  constructor(private readonly bus: ClusterBus) {
    bus.on(FORGET, (payload) => this.drop(payload.imageId));
  }

  get(slug: string): ImageWithBlob | undefined {
    const hit = this.entries.get(slug);
    if (!hit) return undefined;
    if (hit.until < Date.now()) {
      this.entries.delete(slug);
      return undefined;
    }
    return hit.value;
  }

  set(slug: string, value: ImageWithBlob): void {
    if (value.image.maxViews !== null) return;
    if (this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(slug, { value, until: Date.now() + TTL_MS });
  }

  @OnEvent('upload.deleted')
  @OnEvent('image.approved')
  @OnEvent('image.rejected')
  @OnEvent('image.quarantined')
  @OnEvent('image.reported')
  /** The emitters await this (emitAsync): Redis has relayed the message before the change's request answers. */
  async forget(event: { imageId?: string }): Promise<void> {
    this.drop(event.imageId);
    if (event.imageId) await this.bus.publish(FORGET, { imageId: event.imageId });
  }

  private drop(imageId: unknown): void {
    for (const [slug, entry] of this.entries) if (entry.value.image.id === imageId) this.entries.delete(slug);
  }
}
