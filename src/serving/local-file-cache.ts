import { readFile, stat } from 'node:fs/promises';
import { Injectable } from '@nestjs/common';

/** Files up to this size are kept in memory; larger ones are streamed from disk each time. */
const MAX_FILE_BYTES = 1024 * 1024;
/** Memory for all of them together; the least recently checked go first. */
const MAX_TOTAL_BYTES = 64 * 1024 * 1024;
/** A kept file is stat'ed again (is it still there, unchanged?) at most this often. */
const RECHECK_MS = 1000;

export interface LocalFile {
  size: number;
  /** The file's mtime as an HTTP date, made once per file rather than per request. */
  lastModified: string;
  /** The whole file, when it is small enough to keep; otherwise stream it from its path. */
  bytes: Buffer | null;
}

interface Entry extends LocalFile {
  bytes: Buffer;
  mtimeMs: number;
  checkedAt: number;
}

/**
 * Small stored files (originals, variants) kept in memory for serving: a hit costs no system call, where
 * res.sendFile costs a stat, an open, reads and a close. Each kept file is stat'ed again at most once a
 * second, so a removed file is missing, and a rewritten one (another size or mtime) read again, within a
 * second. Stored files are content-addressed and removed only with the last row that links to them, so
 * neither happens to a file a live link serves.
 */
@Injectable()
export class LocalFileCache {
  private readonly entries = new Map<string, Entry>();
  private total = 0;

  /** A kept file checked within the last second, without a system call or a promise; undefined otherwise. */
  current(path: string): LocalFile | undefined {
    const hit = this.entries.get(path);
    return hit && Date.now() - hit.checkedAt < RECHECK_MS ? hit : undefined;
  }

  /** The file's size, mtime and (when small) bytes; null when there is no such file. */
  async get(path: string): Promise<LocalFile | null> {
    const now = Date.now();
    const hit = this.entries.get(path);
    if (hit && now - hit.checkedAt < RECHECK_MS) return hit;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) {
      this.drop(path);
      return null;
    }
    if (info.size > MAX_FILE_BYTES) return { size: info.size, lastModified: info.mtime.toUTCString(), bytes: null };
    if (hit && hit.size === info.size && hit.mtimeMs === info.mtimeMs) {
      hit.checkedAt = now;
      // Most recently checked last: Map keeps insertion order.
      this.entries.delete(path);
      this.entries.set(path, hit);
      return hit;
    }
    const bytes = await readFile(path).catch(() => null);
    if (!bytes) return null;
    this.drop(path);
    const entry: Entry = { bytes, size: bytes.length, lastModified: info.mtime.toUTCString(), mtimeMs: info.mtimeMs, checkedAt: now };
    this.entries.set(path, entry);
    this.total += bytes.length;
    for (const [key, old] of this.entries) {
      if (this.total <= MAX_TOTAL_BYTES) break;
      this.entries.delete(key);
      this.total -= old.size;
    }
    return entry;
  }

  private drop(path: string): void {
    const entry = this.entries.get(path);
    if (!entry) return;
    this.entries.delete(path);
    this.total -= entry.size;
  }
}
