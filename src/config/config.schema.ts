import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();
export const bool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  return v;
}, z.boolean());
/** Sizes as a number of bytes or a string like 512kb, 50mb, 2gb. */
export const byteSize = z.union([z.number().int().positive(), z.string()]).transform((value, ctx) => {
  if (typeof value === 'number') return value;
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(value);
  if (!match) {
    ctx.addIssue({ code: 'custom', message: 'must be a size like 512kb, 50mb or 2gb' });
    return z.NEVER;
  }
  const unit = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 }[(match[2] ?? 'b').toLowerCase() as 'b'];
  return Math.round(Number(match[1]) * unit);
});
const optionalInt = z.preprocess((v) => (v === '' || v === null ? undefined : v), z.coerce.number().int().positive().optional());
export const IMAGE_TYPES = ['jpeg', 'png', 'gif', 'webp', 'avif', 'tiff'] as const;
export const OUTPUT_FORMATS = ['keep', 'webp', 'avif', 'jpeg', 'png'] as const;
export const NAME_FORMATS = ['random', 'uuid', 'words', 'original'] as const;

const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

export const REGISTRATION_MODES = ['open', 'invite', 'closed'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http:// or https:// URL' });

/** A webhook subscription from the configuration (read-only at runtime; admins add others through the API). */
const webhookSubscription = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9_.:-]{1,64}$/, 'must be 1-64 letters, digits, _ . : or -'),
  channel: z.string().min(1).default('webhook'),
  url: httpUrl,
  events: z.array(z.string().min(1)).min(1).default(['*']),
  secret: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(16, 'must be at least 16 characters').optional()),
  options: z.record(z.string(), z.unknown()).default({}),
  enabled: bool.default(true),
});

/** A rate limit; setting one key (say IMAGEHIVE__RATE_LIMIT__LIMIT) keeps the other's default. */
const throttle = (limit: number, ttlSeconds: number) =>
  z.strictObject({ limit: positiveInt.default(limit), ttlSeconds: positiveInt.default(ttlSeconds) }).prefault({});

/** Every key of imagehive.yml; the defaults are what an empty file means. */
export const configSchema = z.strictObject({
  env: z.enum(['development', 'production', 'test']).default('development'),
  server: z
    .strictObject({
      host: z.string().min(1).default('0.0.0.0'),
      /** 0 takes any free port; the start-up line says which. */
      port: z.coerce.number().int().min(0).max(65535).default(3000),
      publicUrl: z.preprocess((v) => (v === '' ? undefined : v), z.url({ protocol: /^https?$/ }).optional()),
      trustProxy: bool.default(false),
      jsonBodyLimit: z.string().regex(/^\d+(b|kb|mb)$/i, 'must look like 100kb or 1mb').default('1mb'),
    })
    .prefault({}),
  dataDir: z.string().min(1).default('./data'),
  database: z
    .strictObject({
      url: z.preprocess(
        (v) => (v === '' ? undefined : v),
        z.url({ protocol: /^postgres(ql)?$/, error: 'must be a postgres:// or postgresql:// URL' }).optional(),
      ),
      migrationsRun: bool.default(true),
      poolSize: positiveInt.max(200).default(10),
      logQueries: bool.default(false),
    })
    .prefault({}),
  auth: z
    .strictObject({
      jwtSecret: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
      jwtExpiresInSeconds: positiveInt.default(7 * 24 * 3600),
      registration: z.enum(REGISTRATION_MODES).default('invite'),
      admin: z
        .strictObject({
          username: z.string().regex(/^[A-Za-z0-9_.-]{3,32}$/, 'must be 3-32 letters, digits, _ . or -').default('admin'),
          password: optionalString,
        })
        .prefault({}),
      loginThrottle: throttle(10, 60),
      tokenFailureThrottle: throttle(20, 60),
    })
    .prefault({}),
  uploads: z
    .strictObject({
      maxFileSize: byteSize.default(50 * 1024 ** 2),
      /** Upload bodies up to 8 MB are received in memory while those held stay under this total; 0: always a temp file. */
      inMemoryBytes: z.preprocess((v) => (v === 0 ? '0' : v), byteSize).default(64 * 1024 ** 2),
      allowedTypes: z.array(z.enum(IMAGE_TYPES)).min(1).default([...IMAGE_TYPES]),
      maxPixels: positiveInt.default(100_000_000),
      keepMetadata: bool.default(false),
      nameFormat: z.enum(NAME_FORMATS).default('random'),
      randomIdLength: z.coerce.number().int().min(6).max(32).default(8),
      quota: z
        .strictObject({
          bytes: z.preprocess((v) => (v === '' || v === null ? undefined : v), byteSize.optional()),
          files: optionalInt,
        })
        .prefault({}),
      expirySweepSeconds: positiveInt.default(300),
    })
    .prefault({}),
  compression: z
    .strictObject({
      enabled: bool.default(true),
      quality: z.coerce.number().int().min(1).max(100).default(80),
      format: z.enum(OUTPUT_FORMATS).default('webp'),
      allowLossyFromLossless: bool.default(false),
      maxWidth: optionalInt,
      maxHeight: optionalInt,
      effort: z.coerce.number().int().min(0).max(9).default(4),
      adminBypass: z
        .strictObject({
          allowed: bool.default(true),
          requireHeader: bool.default(true),
        })
        .prefault({}),
    })
    .prefault({}),
  variants: z
    .strictObject({
      maxDimension: positiveInt.max(16384).default(4096),
      thumbnailSize: positiveInt.max(2048).default(512),
      defaultQuality: z.coerce.number().int().min(1).max(100).default(80),
      /** Render the thumbnail right after an upload or donation, instead of on its first request. */
      pregenerate: bool.default(false),
      /**
       * New variants one client may have rendered (cache misses, other than the standard thumbnail); every
       * size, fit, format and quality is a render and a file kept, so a loop over ?w= must not take the CPU.
       */
      renderThrottle: throttle(120, 60),
    })
    .prefault({}),
  storage: z
    .strictObject({
      driver: z.string().min(1).default('local'),
      options: z.record(z.string(), z.unknown()).default({}),
    })
    .prefault({}),
  dataset: z
    .strictObject({
      /** Donations without an account (always rate-limited harder than signed-in donors). */
      anonymousDonations: bool.default(true),
      anonymousDonationThrottle: throttle(10, 3600),
      donationThrottle: throttle(300, 3600),
      nearDuplicateDistance: z.coerce.number().int().min(0).max(7).default(6),
      reportsToHide: positiveInt.max(1000).default(3),
      trendingThreshold: positiveInt.default(20),
      syncLabelsOnStart: bool.default(true),
      /** Folder with the label vocabulary (one folder per language); default: the wordlists/ shipped with Imagehive. */
      vocabularyDir: optionalString,
    })
    .prefault({}),
  validation: z
    .strictObject({
      /** Votes without an account, tracked by a signed cookie. */
      anonymousVoting: bool.default(true),
      voteThrottle: throttle(120, 60),
      /** A pair's probability before any vote counts (its label's base rate). */
      priorProbability: z.coerce.number().gt(0).lt(1).default(0.5),
      /** How reliable a voter is assumed to be before the estimation knows them. */
      voterPriorAccuracy: z.coerce.number().gt(0.5).lt(1).default(0.7),
      /** Gold answers a new voter gives before their votes count, and the accuracy they need. */
      trainingGold: z.coerce.number().int().min(0).max(100).default(5),
      trainingAccuracy: z.coerce.number().min(0).max(1).default(0.7),
      /** Probability at or above which a label counts as confirmed (queries, exports, annotation tasks). */
      confirmedThreshold: z.coerce.number().gt(0.5).lt(1).default(0.95),
      /** An alert fires when a pair's probability moves more than this within the window. */
      alertSwing: z.coerce.number().gt(0).lte(1).default(0.4),
      alertWindowSeconds: positiveInt.default(3600),
      /** How often the background estimation of voter reliability runs (seconds). */
      recomputeSeconds: positiveInt.default(60),
      /** Votes the estimation rewrites per transaction; a concurrent vote waits for one such batch at most. */
      recomputeBatchVotes: positiveInt.default(5000),
    })
    .prefault({}),
  rateLimit: throttle(600, 60),
  webhooks: z
    .strictObject({
      /** Imago style: one Discord webhook URL that gets every event. */
      discordUrl: z.preprocess((v) => (v === '' ? undefined : v), httpUrl.optional()),
      subscriptions: z.array(webhookSubscription).default([]),
      /** Encrypts stored webhook URLs and secrets; unset: generated into <dataDir>/secrets/webhook-key. */
      secretKey: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
      dispatcher: bool.default(true),
      dispatchIntervalMs: positiveInt.min(10).default(2000),
      batchSize: positiveInt.max(500).default(50),
      concurrency: positiveInt.max(64).default(4),
      maxAttempts: positiveInt.max(100).default(10),
      timeoutMs: positiveInt.min(100).max(120_000).default(10_000),
      backoffBaseMs: positiveInt.default(10_000),
      backoffCapMs: positiveInt.default(3_600_000),
      retentionDays: positiveInt.default(14),
    })
    .prefault({}),
  redis: z
    .strictObject({
      url: z.preprocess(
        (v) => (v === '' ? undefined : v),
        z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }).optional(),
      ),
      keyPrefix: z.string().regex(/^[A-Za-z0-9:_.-]{1,64}$/, 'must be 1-64 letters, digits or : _ . -').default('imagehive:'),
    })
    .prefault({}),
  annotations: z
    .strictObject({
      /** A pair leaves the annotation queue once this many people answered "not annotatable". */
      notAnnotatableThreshold: positiveInt.max(1000).default(3),
      /** ... or once it has this many drawings not rejected (raise it to collect independent drawings for consensus). */
      drawingsPerPair: positiveInt.max(100).default(1),
      /** Limits per drawing: shapes, and points per polygon. */
      maxShapes: positiveInt.max(10_000).default(200),
      maxPolygonPoints: positiveInt.max(100_000).default(10_000),
      /** Consensus: two drawn shapes agree at this IoU; a merged shape needs this share of the drawings. */
      consensusIou: z.coerce.number().gt(0).lte(1).default(0.5),
      consensusQuorum: z.coerce.number().gt(0).lte(1).default(0.5),
    })
    .prefault({}),
  logging: z
    .strictObject({
      level: z.enum(LOG_LEVELS).default('info'),
    })
    .prefault({}),
  plugins: z.array(z.string().min(1)).default([]),
  admin: z
    .strictObject({
      enabled: bool.default(true),
      /** Load the panel in the background at start rather than at the first /admin request (it holds ~90 MB). */
      preload: bool.default(false),
      sessionSecret: z.preprocess((v) => (v === '' ? undefined : v), z.string().min(32, 'must be at least 32 characters').optional()),
      sessionTtlHours: positiveInt.max(24 * 30).default(12),
    })
    .prefault({}),
})
  // A generated secret lives in one data folder; production deployments must choose theirs on purpose.
  .superRefine((config, ctx) => {
    if (config.env === 'production' && config.admin.enabled && !config.admin.sessionSecret) {
      ctx.addIssue({
        code: 'custom',
        path: ['admin', 'sessionSecret'],
        message: 'is required in production while the admin panel is enabled (set IMAGEHIVE_ADMIN_SESSION_SECRET, or admin.enabled: false)',
      });
    }
  });

export type AppConfig = z.infer<typeof configSchema>;
export type ConfigInput = z.input<typeof configSchema>;

/**
 * Environment variables that override a key. Besides these, any key can be set as
 * IMAGEHIVE__SECTION__KEY (double underscores between levels, e.g. IMAGEHIVE__AUTH__REGISTRATION=open).
 */
export const ENV_ALIASES: Record<string, string> = {
  NODE_ENV: 'env',
  PORT: 'server.port',
  HOST: 'server.host',
  IMAGEHIVE_PUBLIC_URL: 'server.publicUrl',
  IMAGEHIVE_DATA_DIR: 'dataDir',
  DATABASE_URL: 'database.url',
  REDIS_URL: 'redis.url',
  IMAGEHIVE_JWT_SECRET: 'auth.jwtSecret',
  IMAGEHIVE_REGISTRATION: 'auth.registration',
  IMAGEHIVE_ADMIN_USERNAME: 'auth.admin.username',
  IMAGEHIVE_ADMIN_PASSWORD: 'auth.admin.password',
  LOG_LEVEL: 'logging.level',
  IMAGEHIVE_DISCORD_WEBHOOK_URL: 'webhooks.discordUrl',
  IMAGEHIVE_WEBHOOK_SECRET_KEY: 'webhooks.secretKey',
  IMAGEHIVE_ADMIN_SESSION_SECRET: 'admin.sessionSecret',
};
