import type { Readable } from 'node:stream';
import type { DatasetFormat } from '../../libs/dataset-formats/index.js';
import type { Named } from './plugin-registry.js';

/** Where bytes live. Stream-based so a driver never needs a whole file in memory. */
export interface StorageBackend {
  /** Writes the stream durably under `key`; resolves only once the bytes are safe. */
  write(key: string, data: Readable): Promise<{ size: number }>;
  read(key: string, range?: { start: number; end: number }): Promise<Readable>;
  stat(key: string): Promise<{ size: number; modifiedAt: Date } | null>;
  delete(key: string): Promise<void>;
  /** Every stored key under a prefix, for sweeps that reconcile storage with the database. */
  list(prefix: string): AsyncIterable<string>;
  /** The key's path on local disk, when the driver has one: lets the server use sendfile. */
  localPath?(key: string): string;
  /**
   * A short-lived URL where the client fetches the bytes itself, answered with exactly these headers (S3
   * presigned URLs); null to stream them through the server. The server asks only for bytes that are safe to
   * serve from anywhere (raster images whose links have no expiry or view limit).
   */
  presign?(key: string, response: PresignedHeaders): Promise<{ url: string; expiresInSeconds: number } | null>;
  /** Removes the driver's own temp files a crash left, those untouched since `staleBefore`. */
  sweepTemp?(staleBefore: Date): Promise<number>;
  /** Checked once at start-up: is the storage there and usable? Throws a message an operator can act on. */
  check?(): Promise<void>;
  /** Releases connections when the server stops. */
  close?(): void | Promise<void>;
}

export interface PresignedHeaders {
  contentType: string;
  contentDisposition: string;
  cacheControl: string;
}

export interface StorageDriver extends Named {
  create(options: Record<string, unknown>, context: { dataDir: string }): StorageBackend;
}

/** One event as channels receive it: the envelope a `webhook` subscriber gets as its JSON body. */
export interface NotificationEvent {
  /** Stable across retries and subscribers: the receiver's idempotency key. */
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

/** Where one subscription sends to. */
export interface NotificationTarget {
  url: string;
  /** The subscription's signing secret, for channels that sign (`requiresSecret`). */
  secret?: string;
  options: Record<string, unknown>;
  subscription: { id: string; name: string };
}

export interface DeliveryContext {
  /** Aborts on the delivery timeout and on shutdown; pass it to fetch. */
  signal: AbortSignal;
  /** This delivery's id (one event × one subscription) and attempt number, 1-based. */
  deliveryId: string;
  attempt: number;
  /** `Imagehive/<version>`, for the User-Agent header. */
  userAgent: string;
}

/**
 * The outcome of one attempt. `retry` failures come back with exponential backoff (or after `retryAfterMs`
 * when the receiver said so); `permanent` ones are dead-lettered at once (admins can still retry them).
 * `pauseMs` on any outcome asks the dispatcher to hold the subscription's other deliveries that long
 * (a rate limit: Discord's `X-RateLimit-Remaining: 0`, or a 429).
 */
export type DeliveryResult =
  | { ok: true; statusCode?: number; pauseMs?: number }
  | { ok: false; statusCode?: number; error: string; permanent?: boolean; retryAfterMs?: number; pauseMs?: number };

export interface NotificationChannel extends Named {
  /** One line for /api/plugins and the admin panel. */
  readonly description?: string;
  /** Subscriptions on this channel get a signing secret (generated when the admin gives none). */
  readonly requiresSecret?: boolean;
  /** Why a URL (or options) cannot work with this channel, or null when fine. Checked when a subscription is saved. */
  validate?(target: { url: string; options: Record<string, unknown> }): string | null;
  /** The URL as it may be shown or logged, with any credential in it hidden. Default: userinfo and query hidden. */
  redactUrl?(url: string): string;
  /**
   * Delivers one event to one subscriber. Must finish or fail within the signal. Resolving with nothing means
   * delivered; throwing counts as a retryable failure. Never log the target's URL or secret.
   */
  deliver(target: NotificationTarget, event: NotificationEvent, context: DeliveryContext): Promise<DeliveryResult | void>;
}

/** Dataset export formats: the writers of libs/dataset-formats, or a plugin's own of the same shape. */
export type ExportFormat = DatasetFormat;
