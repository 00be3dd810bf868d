import type { Readable } from 'node:stream';
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
  /** Checked once at start-up: is the storage there and usable? Throws a message an operator can act on. */
  check?(): Promise<void>;
  /** Releases connections when the server stops. */
  close?(): void | Promise<void>;
}

export interface StorageDriver extends Named {
  create(options: Record<string, unknown>, context: { dataDir: string }): StorageBackend;
}

export interface NotificationEvent {
  id: string;
  type: string;
  occurredAt: string;
  data: Record<string, unknown>;
}

export interface NotificationChannel extends Named {
  /** Delivers one event to one subscriber; throws to ask for a retry. */
  deliver(target: { url: string; secret?: string; options?: Record<string, unknown> }, event: NotificationEvent): Promise<void>;
}

export interface ExportFormat extends Named {
  readonly mediaType: string;
  readonly extension: string;
  readonly description: string;
}
