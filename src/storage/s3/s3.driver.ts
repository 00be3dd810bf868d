import type { Readable } from 'node:stream';
import type { PresignedHeaders, StorageBackend, StorageDriver } from '../../plugins/plugin-types.js';
import { parseS3Options, type S3Options } from './s3-options.js';
import type { S3Backend } from './s3.backend.js';

/**
 * S3Backend behind an import on first use: the AWS SDK is a large part of what a start would load, and a
 * server on local storage never needs it. The start-up check() is the first use when the driver is s3.
 */
class DeferredS3Backend implements StorageBackend {
  private readonly backend: Promise<S3Backend>;

  constructor(options: S3Options) {
    this.backend = import('./s3.backend.js').then(({ S3Backend }) => new S3Backend(options));
    this.backend.catch(() => undefined); // reported by whichever call uses it first
  }

  async write(key: string, data: Readable): Promise<{ size: number }> {
    return (await this.backend).write(key, data);
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    return (await this.backend).read(key, range);
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | null> {
    return (await this.backend).stat(key);
  }

  async delete(key: string): Promise<void> {
    return (await this.backend).delete(key);
  }

  async *list(prefix: string): AsyncIterable<string> {
    yield* (await this.backend).list(prefix);
  }

  async presign(key: string, headers: PresignedHeaders): Promise<{ url: string; expiresInSeconds: number } | null> {
    return (await this.backend).presign(key, headers);
  }

  async check(): Promise<void> {
    return (await this.backend).check();
  }

  async close(): Promise<void> {
    (await this.backend.catch(() => null))?.close();
  }
}

/** `storage.driver: s3`: any S3-compatible object store; options validated when the server starts. */
export const s3Driver: StorageDriver = {
  name: 's3',
  create: (options) => new DeferredS3Backend(parseS3Options(options)),
};
