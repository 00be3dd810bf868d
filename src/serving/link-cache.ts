import { Injectable } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { ImageWithBlob } from '../uploads/uploads.repository.js';

const TTL_MS = 10_000;
const MAX_ENTRIES = 20_000;

/**
 * Link lookups for serving, kept for a few seconds: a popular image then costs no query per request.
 * Changes that hide or remove an image drop its entry at once; links with a view limit are never cached.
 */
@Injectable()
export class LinkCache {
  private readonly entries = new Map<string, { value: ImageWithBlob; until: number }>();

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
  forget(event: { imageId?: string }): void {
    for (const [slug, entry] of this.entries) if (entry.value.image.id === event.imageId) this.entries.delete(slug);
  }
}
