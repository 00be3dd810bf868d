import type { ImageWithBlob } from '../uploads/uploads.repository.js';

const MAX_ENTRIES = 10_000;

/** A hit's headers, kept per request URL, so a repeat skips the link lookup, the variant parameters and the header building. */
export interface PreparedHit {
  slug: string;
  /** The LinkCache entry it was built from: while that is still the cached one, the link is live and unchanged. */
  found: ImageWithBlob;
  path: string;
  /** Flat [name, value, …] for writeHead, without Last-Modified and Content-Length (the file's) or X-Request-Id. */
  headers: string[];
}

/**
 * The answers ImageFastPath has built, by URL. Only for links that neither expire nor count views, whose headers
 * depend on nothing but the link and the file. Holds no bytes: those stay in LocalFileCache, which bounds them.
 */
export class PreparedHits {
  private readonly entries = new Map<string, PreparedHit>();

  get(url: string): PreparedHit | undefined {
    return this.entries.get(url);
  }

  set(url: string, hit: PreparedHit): void {
    if (hit.found.image.expiresAt !== null || hit.found.image.maxViews !== null) return;
    if (!this.entries.has(url) && this.entries.size >= MAX_ENTRIES) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(url, hit);
  }

  delete(url: string): void {
    this.entries.delete(url);
  }
}
