import { z } from 'zod';
import { ConfigError } from '../../config/config.loader.js';
import { bool, byteSize } from '../../config/config.schema.js';

const MIB = 1024 ** 2;
const optional = <T extends z.ZodType>(schema: T) => z.preprocess((v) => (v === '' || v === null ? undefined : v), schema.optional());

/** `storage.options` when `storage.driver: s3`. Strings are accepted everywhere, so each key can come from the environment. */
const s3OptionsSchema = z
  .strictObject({
    // The rule AWS, MinIO, R2 and Ceph share; stricter names fail later with an unhelpful XML error (zipline#687).
    bucket: z
      .string({ error: 'is required: the bucket to store images in' })
      .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, 'must be 3-63 lowercase letters, digits, dots or hyphens, starting and ending with a letter or digit'),
    region: z.string().min(1).default('us-east-1'),
    endpoint: optional(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, like http://minio:9000' })),
    /** The endpoint as clients reach it, for presigned redirects (http://minio:9000 inside, https://s3.example.com outside). */
    publicEndpoint: optional(z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL, like https://s3.example.com' })),
    forcePathStyle: bool.default(false),
    accessKeyId: optional(z.string().min(1)),
    secretAccessKey: optional(z.string().min(1)),
    sessionToken: optional(z.string().min(1)),
    prefix: z
      .string()
      .regex(/^([A-Za-z0-9][A-Za-z0-9._-]*\/?)*$/, 'must be path segments of letters, digits, . _ -, like imagehive/')
      .default('')
      .transform((p) => (p && !p.endsWith('/') ? `${p}/` : p)),
    partSize: byteSize.pipe(z.number().min(5 * MIB, 'must be at least 5mb (the S3 minimum part size)').max(5 * 1024 ** 3, 'must be at most 5gb')).default(16 * MIB),
    queueSize: z.coerce.number().int().min(1).max(16).default(4),
    /** How clients get the bytes: through the server, or redirected to a short-lived presigned URL. */
    serve: z.enum(['stream', 'redirect']).default('stream'),
    /** Lifetime of a presigned URL (redirect only); S3 allows at most 7 days. */
    redirectTtlSeconds: z.coerce
      .number({ error: 'must be a whole number of seconds' })
      .int('must be a whole number of seconds')
      .min(1, 'must be at least 1 second')
      .max(604_800, 'must be at most 604800 (7 days, the S3 limit for presigned URLs)')
      .default(300),
  })
  .refine((o) => !o.accessKeyId === !o.secretAccessKey, {
    error: 'accessKeyId and secretAccessKey go together: set both, or neither to use the default AWS credential chain',
    path: ['accessKeyId'],
  });

export type S3Options = z.output<typeof s3OptionsSchema>;

/** Validates once at start-up; every problem is named by its key, never with the value (it may be a secret). */
export function parseS3Options(options: Record<string, unknown>): S3Options {
  const result = s3OptionsSchema.safeParse(options);
  if (result.success) return result.data;
  throw new ConfigError(
    result.error.issues.flatMap((issue) => {
      const keys = issue.code === 'unrecognized_keys' ? issue.keys.map((k) => [...issue.path, k]) : [issue.path];
      const message = issue.code === 'unrecognized_keys' ? 'is not an option of the s3 storage driver' : issue.message;
      return keys.map((path) => `storage.options.${path.join('.')}: ${message}`);
    }),
  );
}
