import { createHash } from 'node:crypto';
import {
  Injectable,
  PayloadTooLargeException,
  UnprocessableEntityException,
  UnsupportedMediaTypeException,
} from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { generateToken, hashToken } from '../../libs/secrets/index.js';
import { ImagingError, type ProcessOptions } from '../../libs/imaging/index.js';
import { accountQuota, type AccountQuota } from '../common/auth-context.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { formatBytes } from '../common/sizes.js';
import { ConfigService } from '../config/config.service.js';
import { MediaRepository } from '../media/media.repository.js';
import { WordlistsRepository } from '../wordlists/wordlists.repository.js';
import { BlobStore } from './blob-store.service.js';
import { FORMAT_INFO, isStoredFormat } from './formats.js';
import type { ImageEntity } from './image.entity.js';
import { newLinkId } from './link-ids.js';
import type { UploadOptions } from './upload-options.js';
import { type NewBlob, UploadsRepository } from './uploads.repository.js';
import type { BlobEntity } from './blob.entity.js';
import { safeFileName } from './file-name.js';

export interface IngestInput {
  /** The received file: a temp file's path, or its bytes. */
  source: string | Buffer;
  originalName: string;
  size: number;
  ownerId: string | null;
  /** The owner's own quota when the caller already has it (AuthContext); otherwise it is read here. */
  ownerQuota?: AccountQuota;
  bypassCompression: boolean;
  options: UploadOptions;
  /** Count the file against the owner's quota (default true; donations to the public dataset do not). */
  checkQuota?: boolean;
  /** Extra columns for the image row (a donation's dataset state and licence). */
  extra?: Partial<Pick<ImageEntity, 'datasetState' | 'license' | 'donatedAt'>>;
  /** Runs in the transaction that creates the row: throwing undoes the upload, bytes included. */
  withinTransaction?: (manager: EntityManager, image: ImageEntity, data: Buffer) => Promise<void>;
  /** Aborted when the client hangs up: the upload is dropped before its bytes and rows are stored. */
  signal?: AbortSignal;
  /** Runs in the transaction that inserts the image: where callers record their outbox events (webhooks). */
  recordEvents?: (manager: EntityManager, image: ImageEntity, blob: NewBlob) => Promise<void>;
}

export interface IngestResult {
  image: ImageEntity;
  blob: BlobEntity;
  deletionSecret: string;
}

const MAX_SLUG_ATTEMPTS = 6;

interface QuotaLimits {
  maxBytes: number | null;
  maxFiles: number | null;
}

/**
 * From a received file to a stored image: type by bytes, decode checks, quota, compression, content-addressed
 * storage, then the rows. Used by ShareX uploads and dataset donations alike.
 */
@Injectable()
export class IngestService {
  constructor(
    private readonly config: ConfigService,
    private readonly media: MediaRepository,
    private readonly blobs: BlobStore,
    private readonly repo: UploadsRepository,
    private readonly wordlists: WordlistsRepository,
  ) {}

  async ingest(raw: IngestInput): Promise<IngestResult> {
    // The name is shown back and put in headers: no path, no control characters, whoever hands the file in.
    const input = { ...raw, originalName: safeFileName(raw.originalName) };
    input.signal?.throwIfAborted();
    const { uploads } = this.config.values;
    const kind = await this.media.sniff(input.source);
    if (!(uploads.allowedTypes as string[]).includes(kind)) {
      throw new UnsupportedMediaTypeException(
        `This file is ${kind === 'unknown' ? 'not an image Imagehive recognises' : `${kind.toUpperCase()}`}; allowed: ${uploads.allowedTypes.join(', ')}`,
      );
    }
    // Checked before the encode (a full account fails fast) and again under the owner's lock as the row goes in.
    const quota = input.ownerId && input.checkQuota !== false ? await this.limits(input.ownerId, input.ownerQuota) : null;
    if (quota) await this.checkQuota(input.ownerId!, input.size, quota);
    let result;
    try {
      result = await this.media.process(input.source, this.plan(input), input.signal);
    } catch (error) {
      throw this.imagingError(error);
    }
    if (!isStoredFormat(result.format)) throw new UnsupportedMediaTypeException(`Cannot store ${result.format} images`);
    input.signal?.throwIfAborted();
    const sha256 = createHash('sha256').update(result.data).digest('hex');
    const blob = {
      sha256,
      storageKey: this.blobs.keyFor(sha256, result.format),
      size: result.data.length,
      mimeType: FORMAT_INFO[result.format].mimeType,
      format: result.format,
      width: result.width,
      height: result.height,
      pages: result.source.pages,
    };
    await this.blobs.prewrite(blob.storageKey, result.data);
    const deletionSecret = generateToken('del');
    try {
      const image = await this.insert(input, blob, result.data, deletionSecret, result.compressed, quota);
      return { image, blob: { ...blob, createdAt: image.createdAt } as BlobEntity, deletionSecret };
    } catch (error) {
      // The row never committed: the file goes too, unless another upload of the same bytes owns it now.
      await this.blobs.collect(sha256, blob.storageKey);
      throw error;
    }
  }

  private async insert(input: IngestInput, blob: Parameters<BlobStore['commit']>[1], data: Buffer, secret: string, compressed: boolean, quota: QuotaLimits | null) {
    const { uploads } = this.config.values;
    const format = input.options.nameFormat ?? uploads.nameFormat;
    const words = { adjectives: this.wordlists.read('link-adjectives.txt'), nouns: this.wordlists.read('link-nouns.txt') };
    for (let attempt = 0; ; attempt++) {
      const slug = newLinkId(format, { length: uploads.randomIdLength, originalName: input.originalName, words, attempt });
      try {
        return await this.repo.transaction(async (manager) => {
          if (quota) {
            await this.repo.lockOwner(manager, input.ownerId!);
            await this.checkQuota(input.ownerId!, input.size, quota, manager);
          }
          await this.blobs.commit(manager, blob, data);
          const image = await this.repo.insertImage(manager, {
            slug,
            ownerId: input.ownerId,
            blobSha256: blob.sha256,
            originalName: input.originalName.slice(0, 255) || null,
            originalSize: input.size,
            compressed,
            deletionSecretHash: hashToken(secret),
            expiresAt: input.options.expiresAt ?? null,
            maxViews: input.options.maxViews ?? null,
            ...input.extra,
          });
          await input.withinTransaction?.(manager, image, data);
          await input.recordEvents?.(manager, image, blob);
          return image;
        });
      } catch (error) {
        // A clash on the link id: try a longer one. Anything else is a real failure.
        if (!isUniqueViolation(error) || attempt + 1 >= MAX_SLUG_ATTEMPTS) throw error;
      }
    }
  }

  private plan(input: IngestInput): ProcessOptions {
    const { compression, uploads } = this.config.values;
    const compress = compression.enabled && !input.bypassCompression;
    return {
      compress,
      format: input.options.format ?? compression.format,
      quality: input.options.quality ?? compression.quality,
      maxWidth: compression.maxWidth,
      maxHeight: compression.maxHeight,
      effort: compression.effort,
      keepMetadata: input.options.keepMetadata ?? uploads.keepMetadata,
      allowLossyFromLossless: compression.allowLossyFromLossless,
      limitInputPixels: uploads.maxPixels,
    };
  }

  /** The owner's limits (their own, else the configured ones); null when nothing limits them. */
  private async limits(ownerId: string, known: IngestInput['ownerQuota']): Promise<QuotaLimits | null> {
    let own = known;
    if (!own) {
      const row = await this.repo.quotaOf(ownerId);
      own = row ? accountQuota(row) : { bytes: null, files: null };
    }
    const maxBytes = own.bytes ?? this.config.values.uploads.quota.bytes ?? null;
    const maxFiles = own.files ?? this.config.values.uploads.quota.files ?? null;
    return maxBytes === null && maxFiles === null ? null : { maxBytes, maxFiles };
  }

  private async checkQuota(ownerId: string, incoming: number, { maxBytes, maxFiles }: QuotaLimits, manager?: EntityManager): Promise<void> {
    const used = await this.repo.usage(ownerId, manager);
    if (maxBytes !== null && used.bytes + incoming > maxBytes) {
      throw new PayloadTooLargeException(`Storage quota exceeded: ${formatBytes(used.bytes)} of your ${formatBytes(maxBytes)} are used and this file is ${formatBytes(incoming)}`);
    }
    if (maxFiles !== null && used.files + 1 > maxFiles) {
      throw new PayloadTooLargeException(`File quota exceeded: you have ${used.files} of ${maxFiles} files`);
    }
  }

  /** Decoding problems are the client's (4xx); anything else stays a server error. */
  private imagingError(error: unknown): Error {
    if (!(error instanceof ImagingError)) return error as Error;
    if (error.code === 'unsupported_type') return new UnsupportedMediaTypeException(error.message);
    return new UnprocessableEntityException(error.message);
  }
}
