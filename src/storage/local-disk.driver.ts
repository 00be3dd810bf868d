import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { dirname, join, relative, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { StorageBackend, StorageDriver } from '../plugins/plugin-types.js';

const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Files under <dataDir>/files: written to a temp name, fsynced, then renamed, so a crash never leaves half a file. */
export class LocalDiskBackend implements StorageBackend {
  private readonly tmp: string;

  constructor(private readonly root: string) {
    this.tmp = join(root, '.tmp');
  }

  private path(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '..' || part.startsWith('.'))) {
      throw new Error(`Invalid storage key: ${key}`);
    }
    return join(this.root, key);
  }

  localPath(key: string): string {
    return this.path(key);
  }

  async write(key: string, data: Readable): Promise<{ size: number }> {
    const target = this.path(key);
    await mkdir(this.tmp, { recursive: true });
    await mkdir(dirname(target), { recursive: true });
    const temp = join(this.tmp, `${randomUUID()}.part`);
    try {
      await pipeline(data, createWriteStream(temp, { flags: 'wx', mode: 0o640 }));
      await fsyncPath(temp);
      await rename(temp, target);
      await fsyncPath(dirname(target));
    } catch (error) {
      await rm(temp, { force: true });
      throw error;
    }
    return { size: (await stat(target)).size };
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    const path = this.path(key);
    await stat(path); // fail with ENOENT now rather than as a stream error mid-response
    return createReadStream(path, range);
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | null> {
    try {
      const s = await stat(this.path(key));
      return { size: s.size, modifiedAt: s.mtime };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  async *list(prefix: string): AsyncIterable<string> {
    const start = resolve(this.root, prefix);
    if (!start.startsWith(resolve(this.root))) return;
    let entries;
    try {
      entries = await readdir(start, { recursive: true, withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw error;
    }
    for (const entry of entries) {
      if (!entry.isFile()) continue;
      const key = relative(this.root, join(entry.parentPath, entry.name)).split(sep).join('/');
      if (!key.startsWith('.tmp/')) yield key;
    }
  }

  /**
   * Removes temp files a crash left behind: those untouched since `staleBefore` (a live write keeps touching
   * its file, and another instance may share this folder). Returns how many went.
   */
  async sweepTemp(staleBefore: Date): Promise<number> {
    let entries: string[];
    try {
      entries = await readdir(this.tmp);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 0;
      throw error;
    }
    let removed = 0;
    for (const name of entries) {
      const path = join(this.tmp, name);
      const info = await stat(path).catch(() => null);
      if (info && info.mtime < staleBefore) {
        await rm(path, { recursive: true, force: true });
        removed++;
      }
    }
    return removed;
  }
}

export const localDiskDriver: StorageDriver = {
  name: 'local',
  create: (options, { dataDir }) => new LocalDiskBackend(resolve(dataDir, String(options.path ?? 'files'))),
};
