import { pipeline } from 'node:stream/promises';
import { HttpException, HttpStatus, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { variantBox } from '../../libs/imaging/index.js';
import type { Shape } from '../../libs/geometry/index.js';
import { ConfigService } from '../config/config.service.js';
import { MediaRepository } from '../media/media.repository.js';
import { StorageService } from '../storage/storage.service.js';
import { FORMAT_INFO, type StoredFormat } from '../uploads/formats.js';
import type { ImageEntity } from '../uploads/image.entity.js';
import { type ImageWithBlob, UploadsRepository } from '../uploads/uploads.repository.js';
import { rangeNotSatisfiable, requestedRange } from './byte-ranges.js';
import type { VariantParams } from './variant-params.js';
import { LinkCache } from './link-cache.js';
import { LocalFileCache } from './local-file-cache.js';
import { VariantsService } from './variants.service.js';
import { outlineSvg, placement } from './highlight.js';
import { clientAddress } from '../common/client-address.js';

const EXTENSIONS = new Set<string>([...Object.values(FORMAT_INFO).map((f) => f.extension), 'jpeg', 'tiff']);
const YEAR = 31_536_000;

/** Headers on every byte of user content: it is an image, it never runs, and it never sniffs into HTML. */
const USER_CONTENT_HEADERS = {
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; sandbox",
  'Cross-Origin-Resource-Policy': 'cross-origin',
  'Referrer-Policy': 'no-referrer',
};

/** What may leave through a presigned redirect: raster images only, never anything a browser could run. */
const REDIRECTABLE_TYPES = new Set<string>(Object.values(FORMAT_INFO).map((f) => f.mimeType));

/**
 * Whether a GET may be answered with a redirect to the object store instead of the bytes. Never for links with
 * an expiry or a view limit: a presigned URL outlives the check, so a used-up or expired link would keep
 * working, and views would go uncounted. HEAD stays here too (a presigned GET does not sign HEAD).
 */
interface Target {
  key: string;
  headers: Record<string, string>;
}

export interface LocalHit {
  path: string;
  bytes: Buffer;
  /** Everything but Content-Length and X-Request-Id. */
  headers: Record<string, string>;
}

/** What every answer with stored bytes adds to the image's headers: ranges are served, and the file's date. */
function withFileHeaders(headers: Record<string, string>, lastModified: string): Record<string, string> {
  return { ...headers, 'Accept-Ranges': 'bytes', 'Last-Modified': lastModified };
}

function mayRedirect(req: Request, image: ImageEntity, contentType: string): boolean {
  return req.method === 'GET' && image.maxViews === null && image.expiresAt === null && REDIRECTABLE_TYPES.has(contentType);
}

@Injectable()
export class ServingService {
  private readonly logger = new Logger('Serving');

  constructor(
    private readonly repo: UploadsRepository,
    private readonly storage: StorageService,
    private readonly variants: VariantsService,
    private readonly cache: LinkCache,
    private readonly media: MediaRepository,
    private readonly config: ConfigService,
    private readonly files: LocalFileCache,
  ) {}

  /** The live image behind a link id (with or without an extension); 404 for unknown, expired or used-up links. */
  async resolve(file: string): Promise<ImageWithBlob> {
    const dot = file.lastIndexOf('.');
    const ext = dot > 0 ? file.slice(dot + 1).toLowerCase() : '';
    const slug = dot > 0 && EXTENSIONS.has(ext) ? file.slice(0, dot) : file;
    let found = this.cache.get(slug) ?? null;
    if (!found && slug.length <= 128) {
      found = await this.repo.findBySlug(slug);
      if (found) this.cache.set(slug, found);
    }
    if (!found) throw new NotFoundException('No image at this link');
    const { image } = found;
    if (image.expiresAt && image.expiresAt <= new Date()) throw new NotFoundException('This link has expired');
    if (image.maxViews !== null && image.views >= image.maxViews) throw new NotFoundException('This link has reached its view limit');
    // Quarantined and report-hidden dataset images are for moderators only (through the moderation API).
    if (image.datasetState === 'quarantined' || image.hidden) throw new NotFoundException('No image at this link');
    return found;
  }

  /** Counts a view for links with a view limit (atomically); unlimited links are not written to on every GET. */
  async countView(image: ImageEntity): Promise<boolean> {
    return image.maxViews === null ? true : this.repo.countView(image.id);
  }

  sendOriginal(req: Request, res: Response, found: ImageWithBlob, cache = cacheControl(found.image)): Promise<void> {
    const target = this.originalTarget(found, cache);
    return this.send(req, res, target.key, mayRedirect(req, found.image, target.headers['Content-Type']), target.headers);
  }

  async sendVariant(req: Request, res: Response, found: ImageWithBlob, params: VariantParams): Promise<void> {
    const target = this.variantTarget(found, params, await this.variants.ensure(found.blob, params, clientAddress(req)));
    return this.send(req, res, target.key, mayRedirect(req, found.image, target.headers['Content-Type']), target.headers);
  }

  /**
   * For ImageFastPath: a file on local disk small enough to be kept in memory, with the headers `send` sets;
   * null when `send` has to answer (other storage, larger files).
   */
  async localHit(found: ImageWithBlob, variant: VariantParams | null): Promise<LocalHit | null> {
    const storage = this.storage.get();
    if (!storage.localPath) return null;
    // A variant not made yet is left to `send`'s path, where the render counts against the client's limit.
    const variantKey = variant ? await this.variants.cached(found.blob, variant) : null;
    if (variant && !variantKey) return null;
    const { key, headers } = variant ? this.variantTarget(found, variant, variantKey!) : this.originalTarget(found);
    const file = await this.files.get(storage.localPath(key));
    if (!file) throw new NotFoundException('The image bytes are missing');
    if (!file.bytes) return null;
    return { path: storage.localPath(key), bytes: file.bytes, headers: withFileHeaders(headers, file.lastModified) };
  }

  private originalTarget({ image, blob }: ImageWithBlob, cache = cacheControl(image)): Target {
    const ext = FORMAT_INFO[blob.format as StoredFormat].extension;
    return {
      key: blob.storageKey,
      headers: {
        ...USER_CONTENT_HEADERS,
        'Content-Type': blob.mimeType,
        ETag: `"${blob.sha256}"`,
        'Cache-Control': cache,
        'Content-Disposition': `inline; filename="${image.slug}.${ext}"`,
      },
    };
  }

  private variantTarget({ image, blob }: ImageWithBlob, params: VariantParams, key: string): Target {
    const ext = params.format === 'jpeg' ? 'jpg' : params.format;
    return {
      key,
      headers: {
        ...USER_CONTENT_HEADERS,
        'Content-Type': FORMAT_INFO[params.format].mimeType,
        ETag: `"${blob.sha256}-${key.split('/').pop()}"`,
        'Cache-Control': cacheControl(image),
        'Content-Disposition': `inline; filename="${image.slug}.${ext}"`,
      },
    };
  }

  /**
   * A variant with an annotation's outline drawn on it, cached per annotation revision. The URL stays the same
   * when the annotation is revised, so clients revalidate (no-cache) and the ETag names the revision.
   */
  async sendHighlight(req: Request, res: Response, { image, blob }: ImageWithBlob, params: VariantParams, outline: { id: string; revision: number; shapes: Shape[] }): Promise<void> {
    const box = variantBox(blob.width, blob.height, { width: params.width, height: params.height, fit: params.fit, maxDimension: this.config.values.variants.maxDimension });
    const place = placement(blob, box, box.fit === 'fill' ? 'fill' : box.fit === 'cover' ? 'cover' : 'contain');
    const svg = outlineSvg(outline.shapes, place, box);
    const key = await this.variants.ensureDerived(
      blob,
      params,
      `hl-${outline.id}-r${outline.revision}`,
      (bytes) => this.media.overlay(bytes, svg, params.format, params.quality),
      clientAddress(req),
    );
    const ext = params.format === 'jpeg' ? 'jpg' : params.format;
    const contentType = FORMAT_INFO[params.format].mimeType;
    return this.send(req, res, key, mayRedirect(req, image, contentType), {
      ...USER_CONTENT_HEADERS,
      'Content-Type': contentType,
      ETag: `"${blob.sha256}-${key.split('/').pop()}"`,
      'Cache-Control': 'no-cache',
      'Content-Disposition': `inline; filename="${image.slug}.${ext}"`,
    });
  }

  /**
   * Local files go through sendfile; other drivers stream, with the same 304, HEAD, Range and 416 behaviour, or
   * (S3 with `serve: redirect`, when `redirect` allows) answer 302 to a presigned URL that serves the same
   * bytes with the same Content-Type and Content-Disposition. Range and conditional requests then go to S3.
   */
  private async send(req: Request, res: Response, key: string, redirect: boolean, headers: Record<string, string>): Promise<void> {
    const storage = this.storage.get();
    if (storage.localPath) return this.sendLocal(req, res, storage.localPath(key), headers);
    const presigned = redirect
      ? await storage.presign?.(key, { contentType: headers['Content-Type'], contentDisposition: headers['Content-Disposition'], cacheControl: headers['Cache-Control'] })
      : null;
    if (presigned) {
      // Browsers may reuse the redirect for half the URL's life; shared caches must not keep it at all.
      res.set({ 'Cache-Control': `private, max-age=${Math.floor(presigned.expiresInSeconds / 2)}`, 'Referrer-Policy': 'no-referrer' });
      res.redirect(302, presigned.url);
      return;
    }
    const stat = await storage.stat(key);
    if (!stat) throw new NotFoundException('The image bytes are missing');
    res.set(withFileHeaders(headers, stat.modifiedAt.toUTCString()));
    if (req.fresh) {
      res.status(304).end();
      return;
    }
    const range = requestedRange(req, stat.size, headers.ETag, stat.modifiedAt);
    if (range === 'unsatisfiable') throw rangeNotSatisfiable(res, stat.size);
    if (range !== 'all') res.status(206).set('Content-Range', `bytes ${range.start}-${range.end}/${stat.size}`);
    res.set('Content-Length', String(range === 'all' ? stat.size : range.end - range.start + 1));
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    const body = await storage.read(key, range === 'all' ? undefined : range);
    try {
      await pipeline(body, res);
    } catch (error) {
      // A client that hangs up mid-image is normal; storage failing mid-stream is not (the response is cut short).
      if ((error as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') this.logger.warn({ err: error, key }, 'Streaming stored bytes failed');
    }
  }

  /**
   * Plain GETs and HEADs, conditional on If-None-Match/If-Modified-Since or not, are answered from
   * LocalFileCache as `send` (res.sendFile) answers them; ranges, If-Match/If-Unmodified-Since and files too
   * large to keep in memory go to res.sendFile itself.
   */
  private async sendLocal(req: Request, res: Response, path: string, headers: Record<string, string>): Promise<void> {
    const h = req.headers;
    if (h.range !== undefined || h['if-match'] !== undefined || h['if-unmodified-since'] !== undefined) return this.sendFile(res, path, headers);
    const file = await this.files.get(path);
    if (!file) throw new NotFoundException('The image bytes are missing');
    if (!file.bytes) return this.sendFile(res, path, headers);
    res.set(withFileHeaders(headers, file.lastModified));
    if (req.fresh) {
      // As `send` answers a 304: without the Content-* headers (Content-Location aside).
      for (const name of res.getHeaderNames()) if (name.startsWith('content-') && name !== 'content-location') res.removeHeader(name);
      res.status(304).end();
      return;
    }
    res.setHeader('Content-Length', String(file.size));
    if (req.method === 'HEAD') res.end();
    else res.end(file.bytes);
  }

  private sendFile(res: Response, path: string, headers: Record<string, string>): Promise<void> {
    res.set(headers);
    return new Promise<void>((resolve, reject) =>
      res.sendFile(path, { etag: false, lastModified: true, cacheControl: false, acceptRanges: true, dotfiles: 'allow' }, (error?: Error & { status?: number; headers?: Record<string, string> }) => {
        if (!error || res.headersSent) return resolve();
        if (error.status === 416) return reject(rangeNotSatisfiable(res, Number(error.headers?.['Content-Range']?.split('/')[1])));
        // The error is JSON: not an image, and not to be cached as one.
        for (const name of ['Content-Type', 'Content-Disposition', 'ETag', 'Cache-Control', 'Last-Modified']) res.removeHeader(name);
        if (error.status === 412) return reject(new HttpException('Precondition failed: the image does not match If-Match or If-Unmodified-Since', HttpStatus.PRECONDITION_FAILED));
        reject(new NotFoundException('The image bytes are missing'));
      }),
    );
  }
}

/** Content-addressed bytes never change: cache them for a year, unless the link itself can stop working. */
function cacheControl(image: ImageEntity): string {
  if (image.maxViews !== null) return 'no-store';
  if (image.expiresAt) return `public, max-age=${Math.max(0, Math.floor((image.expiresAt.getTime() - Date.now()) / 1000))}`;
  return `public, max-age=${YEAR}, immutable`;
}
