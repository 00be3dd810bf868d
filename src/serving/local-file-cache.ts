import { readFile, stat } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';

/** Files up to this size are kept in memory; larger ones are streamed from disk each time. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Memory for all of them together; the least recently served go first. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;

export interface LocalFile {
  size: number;
  modifiedAt: Date;
  /** The whole file, when it is small enough to keep; otherwise stream it from its path. */
  bytes: Buffer | null;
}

/**
 * Small stored files (originals, variants) kept in memory for serving: a hit costs one stat instead of
 * open, reads and close. The stat runs on every request, so a file that was removed is missing at once and
 * one that was rewritten (another size or mtime) is read again; stored files are content-addressed, so that
 * is rare.
 */
@Injectable()
export class LocalFileCache {
  private readonly entries = new Map<string, { bytes: Buffer; size: number; mtimeMs: number }>();
  private total = 0;

  /** The file's size, mtime and (when small) bytes; null when there is no such file. */
  async get(path: string): Promise<LocalFile | null> {
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) {
      this.drop(path);
      return null;
    }
    const modifiedAt = info.mtime;
    if (info.size > MAX_FILE_BYTES) return { size: info.size, modifiedAt, bytes: null };
    const hit = this.entries.get(path);
    if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs) {
      // Most recently used last: Map keeps insertion order.
      this.entries.delete(path);
      this.entries.set(path, hit);
      return { size: hit.size, modifiedAt, bytes: hit.bytes };
    }
    const bytes = await readFile(path).catch(() => null);
    if (!bytes) return null;
    this.drop(path);
    this.entries.set(path, { bytes, size: bytes.length, mtimeMs: info.mtimeMs });
    this.total += bytes.length;
    for (const [key, entry] of this.entries) {
      if (this.total <= MAX_TOTAL_BYTES) break;
      this.entries.delete(key);
      this.total -= entry.size;
    }
    return { size: bytes.length, modifiedAt, bytes };
  }

  private drop(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    this.total -= entry.size;
  }
}
