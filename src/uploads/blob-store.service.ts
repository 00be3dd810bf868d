import { Readable } from 'node:stream';
import { Injectable, Logger } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { StorageService } from '../storage/storage.service.js';
import { FORMAT_INFO, type StoredFormat } from './formats.js';
import { type NewBlob, UploadsRepository } from './uploads.repository.js';

const SHA = /([0-9a-f]{64})/;
/** More strays than a crash leaves (files without rows, rows without files): see sweep(). */
const MASS_LOSS = 10;
/** A temp file untouched this long belongs to no live write (a crash left it). */
export const TEMP_FILE_GRACE_MS = 15 * 60 * 1000;

/**
 * Content-addressed bytes with one rule: no blob row without its file, no file without its row (after a sweep).
 * Everything that creates or removes a blob's file does so under that blob's advisory lock, inside a
 * transaction, so an upload, a delete and a sweep of the same bytes never interleave.
 */
@Injectable()
export class BlobStore {
  private readonly logger = new Logger('BlobStore');

  constructor(
    private readonly repo: UploadsRepository,
    private readonly storage: StorageService,
  ) {}

  keyFor(sha256: string, format: StoredFormat): string {
    return `blobs/${sha256.slice(0, 2)}/${sha256.slice(2, 4)}/${sha256}.${FORMAT_INFO[format].extension}`;
  }

  variantKey(sha256: string, name: string): string {
    return `variants/${sha256}/${name}`;
  }

  /** Writes the bytes before the transaction (durably: temp file, fsync, rename), keeping the transaction short. */
  async prewrite(key: string, data: Buffer): Promise<void> {
    await this.storage.get().write(key, Readable.from([data]));
  }

  /** Inside the upload's transaction: records the blob and makes sure its file is there (a sweep may have raced). */
  async commit(manager: EntityManager, blob: NewBlob, data: Buffer): Promise<void> {
    await this.repo.lockBlob(manager, blob.sha256);
    await this.repo.insertBlobIfMissing(manager, blob);
    if (!(await this.storage.get().stat(blob.storageKey))) await this.prewrite(blob.storageKey, data);
  }

  /** Removes the blob's file and variants if no row claims the blob. */
  async collect(sha256: string, storageKey: string): Promise<boolean> {
    return this.repo.transaction(async (manager) => {
      await this.repo.lockBlob(manager, sha256);
      if (await this.repo.blobExists(manager, sha256)) return false;
      const storage = this.storage.get();
      await storage.delete(storageKey);
      for await (const key of storage.list(`variants/${sha256}/`)) await storage.delete(key);
      return true;
    });
  }

  /**
   * Repairs what a crash can leave: files with no row are deleted, rows whose file is gone are removed (the
   * bytes cannot come back; a link to them would only fail), variants of vanished blobs go.
   *
   * A crash leaves a few of either. Many, and more than half, means storage and database do not belong
   * together (another bucket, prefix or folder; instances without shared storage; staging pointed at
   * production's bucket): then nothing is deleted, and the error says why.
   */
  async sweep(): Promise<{ orphanFiles: number; ghostRows: number }> {
    const storage = this.storage.get();
    const temps = (await storage.sweepTemp?.(new Date(Date.now() - TEMP_FILE_GRACE_MS))) ?? 0;
    if (temps) this.logger.warn(`Sweep removed ${temps} temp file(s) of interrupted writes`);
    const blobs = await this.repo.allBlobs();
    // One query and one listing, not one query per file and one stat per row (minutes at start-up with
    // 10^5 images): only what they disagree on is checked again, as it may have changed since.
    const rowKeys = new Set(blobs.map((b) => b.storageKey));
    const liveShas = new Set(blobs.map((b) => b.sha256));
    const listed = new Set<string>();
    const orphans: Array<{ key: string; sha?: string }> = [];
    for await (const key of storage.list('blobs/')) {
      listed.add(key);
      const sha = SHA.exec(key)?.[1];
      if (sha && (rowKeys.has(key) || (await this.repo.countBlobsWithKey(key)) > 0)) continue;
      orphans.push({ key, sha });
      if (orphans.length > MASS_LOSS && orphans.length > blobs.length) {
        return this.refuse(`at least ${orphans.length} files in storage have no image in the database (which has ${blobs.length})`);
      }
    }
    const missing = [];
    for (const blob of blobs) if (!listed.has(blob.storageKey) && !(await storage.stat(blob.storageKey))) missing.push(blob);
    if (missing.length > MASS_LOSS && missing.length * 2 > blobs.length) {
      return this.refuse(`${missing.length} of ${blobs.length} images in the database have no bytes in storage`);
    }

    let orphanFiles = 0;
    let ghostRows = 0;
    for (const { key, sha } of orphans) {
      if (!sha) await storage.delete(key);
      if (!sha || (await this.collect(sha, key))) orphanFiles++;
    }
    for (const blob of missing) {
      const removed = await this.repo.transaction(async (manager) => {
        await this.repo.lockBlob(manager, blob.sha256);
        if (await storage.stat(blob.storageKey)) return 0;
        return this.repo.deleteBlobAndImages(manager, blob.sha256);
      });
      if (removed) liveShas.delete(blob.sha256);
      ghostRows += removed;
    }
    for await (const key of storage.list('variants/')) {
      const sha = SHA.exec(key)?.[1];
      if (!sha || !(liveShas.has(sha) || (await this.repo.blobExistsOutside(sha)))) await storage.delete(key);
    }
    if (orphanFiles || ghostRows) this.logger.warn(`Sweep removed ${orphanFiles} orphan file(s) and ${ghostRows} row(s) whose bytes were missing`);
    return { orphanFiles, ghostRows };
  }

  private refuse(what: string): { orphanFiles: number; ghostRows: number } {
    this.logger.error(
      `Sweep stopped without deleting anything: ${what}. storage.* probably points at the wrong place ` +
        '(bucket, prefix or folder; or instances without shared storage). Fix it and restart.',
    );
    return { orphanFiles: 0, ghostRows: 0 };
  }
}
