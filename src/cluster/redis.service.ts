import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import { Redis } from 'ioredis';
import { ConfigService } from '../config/config.service.js';

/** The URL for messages: the password never appears in a log line. */
export function redactUrl(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

/**
 * The shared Redis connection when `redis.url` is set (several instances); otherwise none, and callers keep
 * their state in memory. Connected at start-up, so a wrong URL stops the server; a later outage only
 * degrades: commands fail fast instead of queueing, and callers fall back to memory until Redis is back.
 */
@Injectable()
export class RedisService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | null = null;
  readonly keyPrefix: string;
  private readonly where: string = '';
  private reachable = true;
  private lastError?: Error;

  constructor(config: ConfigService) {
    const { url, keyPrefix } = config.values.redis;
    this.keyPrefix = keyPrefix;
    if (!url) return;
    this.where = redactUrl(url);
    this.client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
    // ioredis reports every failed reconnect; one line when Redis goes and one when it is back is enough.
    this.client.on('error', (error: Error) => {
      this.lastError = error;
      if (!this.reachable) return;
      this.reachable = false;
      this.logger.warn(`Redis at ${this.where} is unreachable (${error.message}); falling back to per-instance memory`);
    });
    this.client.on('ready', () => {
      if (this.reachable) return;
      this.reachable = true;
      this.logger.log(`Redis at ${this.where} is reachable again`);
    });
  }

  async onModuleInit(): Promise<void> {
    if (!this.client) return;
    try {
      await this.client.connect();
    } catch (error) {
      this.client.disconnect();
      // connect() only says "Connection is closed"; the error event said why.
      throw new Error(`Cannot connect to Redis at ${this.where} (redis.url): ${(this.lastError ?? (error as Error)).message}`);
    }
    this.reachable = true;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client || this.client.status === 'end') return;
    await this.client.quit().catch(() => this.client!.disconnect());
  }
}
