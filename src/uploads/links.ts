import type { Request } from 'express';
import type { AppConfig } from '../config/config.schema.js';
import { FORMAT_INFO, type StoredFormat } from './formats.js';

/**
 * The base of every link: server.publicUrl when set; otherwise the request's own scheme and host (which
 * follow X-Forwarded-Proto/Host only when server.trustProxy is on, as Express's req.protocol/req.host do).
 */
export function baseUrl(req: Request, config: AppConfig): string {
  if (config.server.publicUrl) return config.server.publicUrl.replace(/\/+$/, '');
  return `${req.protocol}://${req.host}`;
}

export interface ImageLinks {
  url: string;
  rawUrl: string;
  thumbnailUrl: string;
}

/** The variant every listing shows, as query parameters of /i/:id (pre-generation renders the same one). */
export function thumbnailQuery(thumbnailSize: number): Record<string, string> {
  return { w: String(thumbnailSize), h: String(thumbnailSize), fit: 'inside', format: 'webp' };
}

export function imageLinks(base: string, slug: string, format: StoredFormat, thumbnailSize: number): ImageLinks {
  const id = encodeURIComponent(slug);
  return {
    url: `${base}/v/${id}`,
    rawUrl: `${base}/i/${id}.${FORMAT_INFO[format].extension}`,
    thumbnailUrl: `${base}/i/${id}?${new URLSearchParams(thumbnailQuery(thumbnailSize))}`,
  };
}

export function deletionUrl(base: string, slug: string, secret: string): string {
  return `${base}/d/${encodeURIComponent(slug)}/${secret}`;
}
