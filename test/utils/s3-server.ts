import crypto from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeleteObjectCommand, ListObjectsV2Command, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

/**
 * s3rver encrypts ListObjectsV2 continuation tokens with single DES, which OpenSSL 3 only has in its legacy
 * provider, so paging fails with ERR_OSSL_EVP_UNSUPPORTED. Three-key DES with the key three times over is
 * the same cipher, so 'des' is mapped to it; nothing else is touched.
 */
function allowS3rverDes(): void {
  const marked = crypto as typeof crypto & { __s3rverDes?: true };
  if (marked.__s3rverDes) return;
  marked.__s3rverDes = true;
  const { createCipheriv, createDecipheriv } = crypto;
  const map = (algorithm: string, key: crypto.CipherKey): [string, crypto.CipherKey] =>
    algorithm === 'des' ? ['des-ede3-cbc', Buffer.concat([key as Buffer, key as Buffer, key as Buffer])] : [algorithm, key];
  Object.assign(crypto, {
    createCipheriv: (algorithm: string, key: crypto.CipherKey, ...rest: unknown[]) =>
      (createCipheriv as (...args: unknown[]) => unknown)(...map(algorithm, key), ...rest),
    createDecipheriv: (algorithm: string, key: crypto.CipherKey, ...rest: unknown[]) =>
      (createDecipheriv as (...args: unknown[]) => unknown)(...map(algorithm, key), ...rest),
  });
}

export interface TestS3 {
  endpoint: string;
  bucket: string;
  /** `storage.options` for an app on this server. */
  options: (extra?: Record<string, unknown>) => Record<string, unknown>;
  /** A client of our own, to look at the bucket from outside Imagehive. */
  client: S3Client;
  /** Every key in the bucket (under a prefix). */
  keys: (prefix?: string) => Promise<string[]>;
  put: (key: string, body: string | Buffer) => Promise<void>;
  remove: (key: string) => Promise<void>;
  /** Method and URL of every request the server received, oldest first. */
  requests: Array<{ method: string; url: string }>;
  close: () => Promise<void>;
}

/** A real S3 protocol server (s3rver) in this process, on a free port, with its files in a temp folder. */
export async function startS3(bucket = 'imagehive-test'): Promise<TestS3> {
  allowS3rverDes();
  const directory = mkdtempSync(join(tmpdir(), 'imagehive-s3-'));
  const s3rver = new S3rver({ directory, silent: true, configureBuckets: [{ name: bucket, configs: [] }] });
  await s3rver.configureBuckets();
  const handle = s3rver.getMiddleware();
  const requests: TestS3['requests'] = [];
  const server: Server = createServer((req, res) => {
    requests.push({ method: req.method ?? '', url: req.url ?? '' });
    handle(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A function: the SDK marks credential objects it is given (with $source), and the driver refuses unknown keys.
  const credentials = () => ({ accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' });
  const client = new S3Client({ region: 'us-east-1', endpoint, forcePathStyle: true, credentials: credentials() });
  return {
    endpoint,
    bucket,
    options: (extra = {}) => ({ bucket, endpoint, forcePathStyle: true, ...credentials(), ...extra }),
    client,
    requests,
    keys: async (prefix = '') => {
      const keys: string[] = [];
      let token: string | undefined;
      do {
        const page = await client.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix, ContinuationToken: token }));
        keys.push(...(page.Contents ?? []).map((o) => o.Key!));
        token = page.NextContinuationToken;
      } while (token);
      return keys.sort();
    },
    put: async (key, body) => {
      await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
    },
    remove: async (key) => {
      await client.send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
    },
    close: async () => {
      client.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
