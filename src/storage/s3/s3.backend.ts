import { type Readable, Transform } from 'node:stream';
import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadBucketCommand,
  HeadObjectCommand,
  paginateListObjectsV2,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { Upload } from '@aws-sdk/lib-storage';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import type { PresignedHeaders, StorageBackend } from '../../plugins/plugin-types.js';
import type { S3Options } from './s3-options.js';

// The same keys the local driver accepts, so a key never means different things on the two.
const KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

function isNotFound(error: unknown): boolean {
  return error instanceof S3ServiceException && (error.$metadata.httpStatusCode === 404 || error.name === 'NoSuchKey' || error.name === 'NotFound');
}

/**
 * Objects in one bucket (AWS S3, MinIO, Ceph RGW, R2, B2) under an optional prefix. Writes stream through
 * lib-storage's Upload: one PutObject when small, a multipart upload in `partSize` parts otherwise (no 5 GB
 * ceiling), aborted on failure so no parts linger. A completed PUT is durable and strongly consistent.
 */
export class S3Backend implements StorageBackend {
  readonly client: S3Client;
  /** Signs URLs for clients: the same bucket, addressed the way clients reach it (publicEndpoint). */
  private readonly signer: S3Client;

  constructor(
    private readonly options: S3Options,
    /** Keys per ListObjectsV2 page; S3's own maximum unless a test wants to see paging. */
    private readonly listPageSize = 1000,
  ) {
    this.client = this.newClient(options.endpoint);
    // A signature covers the host, so URLs for browsers are signed for the address browsers use.
    this.signer = options.publicEndpoint ? this.newClient(options.publicEndpoint) : this.client;
  }

  private newClient(endpoint: string | undefined): S3Client {
    const { options } = this;
    return new S3Client({
      region: options.region,
      endpoint,
      forcePathStyle: options.forcePathStyle,
      // Without an endpoint this is AWS, where a bucket in another region answers with a redirect.
      followRegionRedirects: !endpoint,
      credentials:
        options.accessKeyId && options.secretAccessKey
          ? { accessKeyId: options.accessKeyId, secretAccessKey: options.secretAccessKey, sessionToken: options.sessionToken }
          : undefined,
      requestHandler: { connectionTimeout: 10_000 },
    });
  }

  private objectKey(key: string): string {
    if (!KEY.test(key) || key.split('/').some((part) => part === '..')) throw new Error(`Invalid storage key: ${key}`);
    return `${this.options.prefix}${key}`;
  }

  /** Start-up check: the bucket exists and these credentials may use it, said plainly rather than as XML. */
  async check(): Promise<void> {
    const where = `bucket "${this.options.bucket}"${this.options.endpoint ? ` at ${this.options.endpoint}` : ` in ${this.options.region}`}`;
    try {
      await this.client.send(new HeadBucketCommand({ Bucket: this.options.bucket }));
    } catch (error) {
      const status = error instanceof S3ServiceException ? error.$metadata.httpStatusCode : undefined;
      if (status === 404) throw new Error(`S3 storage: ${where} does not exist (storage.options.bucket)`);
      if (status === 403 || status === 401) throw new Error(`S3 storage: access to ${where} was denied; check the credentials (storage.options.accessKeyId)`);
      if (status === 301) throw new Error(`S3 storage: ${where} is in another region (storage.options.region)`);
      throw new Error(`S3 storage: cannot reach ${where}: ${(error as Error).message}`);
    }
  }

  async write(key: string, data: Readable): Promise<{ size: number }> {
    const objectKey = this.objectKey(key);
    let size = 0;
    let sourceError: Error | undefined;
    const counted = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        size += chunk.length;
        done(null, chunk);
      },
    });
    data.on('error', (error) => counted.destroy((sourceError = error)));
    data.pipe(counted);
    const upload = new Upload({
      client: this.client,
      params: { Bucket: this.options.bucket, Key: objectKey, Body: counted },
      partSize: this.options.partSize,
      queueSize: this.options.queueSize,
      leavePartsOnError: false,
    });
    try {
      await upload.done();
    } catch (error) {
      data.destroy();
      counted.destroy();
      // When the bytes stopped coming, that is the story, not whatever the abort that followed said.
      throw sourceError ?? error;
    }
    return { size };
  }

  async read(key: string, range?: { start: number; end: number }): Promise<Readable> {
    try {
      const res = await this.client.send(
        new GetObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key), Range: range ? `bytes=${range.start}-${range.end}` : undefined }),
      );
      return res.Body as Readable;
    } catch (error) {
      if (isNotFound(error)) throw Object.assign(new Error(`No stored object ${key}`), { code: 'ENOENT' });
      throw error;
    }
  }

  async stat(key: string): Promise<{ size: number; modifiedAt: Date } | null> {
    try {
      const res = await this.client.send(new HeadObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
      return { size: res.ContentLength ?? 0, modifiedAt: res.LastModified ?? new Date(0) };
    } catch (error) {
      if (isNotFound(error)) return null;
      throw error;
    }
  }

  /** On a versioned bucket this leaves a delete marker: expire noncurrent versions with a lifecycle rule. */
  async delete(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.options.bucket, Key: this.objectKey(key) }));
  }

  async *list(prefix: string): AsyncIterable<string> {
    const pages = paginateListObjectsV2({ client: this.client, pageSize: this.listPageSize }, { Bucket: this.options.bucket, Prefix: `${this.options.prefix}${prefix}` });
    for await (const page of pages) {
      for (const object of page.Contents ?? []) {
        if (object.Key?.startsWith(this.options.prefix)) yield object.Key.slice(this.options.prefix.length);
      }
    }
  }

  /**
   * With `serve: redirect`: a presigned GET that answers with our Content-Type, Content-Disposition and
   * Cache-Control (S3's response-* overrides), whatever metadata the object has. Signing is local: no request.
   */
  async presign(key: string, headers: PresignedHeaders): Promise<{ url: string; expiresInSeconds: number } | null> {
    if (this.options.serve !== 'redirect') return null;
    const command = new GetObjectCommand({
      Bucket: this.options.bucket,
      Key: this.objectKey(key),
      ResponseContentType: headers.contentType,
      ResponseContentDisposition: headers.contentDisposition,
      ResponseCacheControl: headers.cacheControl,
    });
    const expiresInSeconds = this.options.redirectTtlSeconds;
    return { url: await getSignedUrl(this.signer, command, { expiresIn: expiresInSeconds }), expiresInSeconds };
  }

  close(): void {
    this.client.destroy();
    if (this.signer !== this.client) this.signer.destroy();
  }
}
