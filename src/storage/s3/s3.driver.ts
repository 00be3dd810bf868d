import type { StorageDriver } from '../../plugins/plugin-types.js';
import { parseS3Options } from './s3-options.js';
import { S3Backend } from './s3.backend.js';

/** `storage.driver: s3`: any S3-compatible object store; options validated when the server starts. */
export const s3Driver: StorageDriver = {
  name: 's3',
  create: (options) => new S3Backend(parseS3Options(options)),
};
