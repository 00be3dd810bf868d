import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65535);
const positiveInt = z.coerce.number().int().positive();
const bool = z.preprocess((v) => {
  if (typeof v !== 'string') return v;
  const s = v.trim().toLowerCase();
  if (['1', 'true', 'yes', 'on'].includes(s)) return true;
  if (['0', 'false', 'no', 'off', ''].includes(s)) return false;
  return v;
}, z.boolean());
const optionalString = z.preprocess((v) => (v === '' ? undefined : v), z.string().min(1).optional());

export const REGISTRATION_MODES = ['open', 'invite', 'closed'] as const;
export const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const throttle = z.strictObject({
  limit: positiveInt,
  ttlSeconds: positiveInt,
});

/** Every key of imagehive.yml; the defaults are what an empty file means. */
export const configSchema = z.strictObject({
  env: z.enum(['development', 'production', 'test']).default('development'),
  server: z
    .strictObject({
      host: z.string().min(1).default('0.0.0.0'),
      port: port.default(3000),
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
      loginThrottle: throttle.default({ limit: 10, ttlSeconds: 60 }),
      tokenFailureThrottle: throttle.default({ limit: 20, ttlSeconds: 60 }),
    })
    .prefault({}),
  rateLimit: throttle.default({ limit: 600, ttlSeconds: 60 }),
  logging: z
    .strictObject({
      level: z.enum(LOG_LEVELS).default('info'),
    })
    .prefault({}),
  plugins: z.array(z.string().min(1)).default([]),
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
  IMAGEHIVE_JWT_SECRET: 'auth.jwtSecret',
  IMAGEHIVE_REGISTRATION: 'auth.registration',
  IMAGEHIVE_ADMIN_USERNAME: 'auth.admin.username',
  IMAGEHIVE_ADMIN_PASSWORD: 'auth.admin.password',
  LOG_LEVEL: 'logging.level',
};
