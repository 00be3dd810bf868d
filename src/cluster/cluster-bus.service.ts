import { randomUUID } from 'node:crypto';
import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { RedisService } from './redis.service.js';

type Handler = (payload: Record<string, unknown>) => void;

/**
 * Best-effort messages to the other instances of a deployment, over Redis pub/sub (`redis.url`): each instance
 * hears every message but its own. For dropping per-instance caches at once; anything that must not be lost
 * goes through the database instead. Without Redis (one instance) publishing does nothing.
 */
@Injectable()
export class ClusterBus implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('ClusterBus');
  private readonly instance = randomUUID();
  private readonly channel: string;
  private readonly handlers = new Map<string, Handler[]>();
  private subscriber?: Redis;

  constructor(private readonly redis: RedisService) {
    this.channel = `${redis.keyPrefix}cluster`;
  }

  async onModuleInit(): Promise<void> {
    if (!this.redis.client) return;
    // A subscribed connection can do nothing else, so it is a second one; ioredis resubscribes after reconnects.
    const subscriber = this.redis.client.duplicate();
    subscriber.on('error', () => undefined); // RedisService already reports the outage
    subscriber.on('message', (_channel: string, text: string) => this.receive(text));
    await subscriber.connect();
    await subscriber.subscribe(this.channel);
    this.subscriber = subscriber;
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.subscriber || this.subscriber.status === 'end') return;
    await this.subscriber.quit().catch(() => this.subscriber!.disconnect());
  }

  on(topic: string, handler: Handler): void {
    this.handlers.set(topic, [...(this.handlers.get(topic) ?? []), handler]);
  }

  /** Tells the other instances; a lost message (Redis away) is logged, never thrown at the caller. */
  async publish(topic: string, payload: Record<string, unknown>): Promise<void> {
    if (!this.redis.client) return;
    try {
      await this.redis.client.publish(this.channel, JSON.stringify({ from: this.instance, topic, payload }));
    } catch (error) {
      this.logger.warn(`Could not tell the other instances about ${topic}: ${(error as Error).message}`);
    }
  }

  private receive(text: string): void {
    let message: { from?: string; topic?: string; payload?: Record<string, unknown> };
    try {
      message = JSON.parse(text);
    } catch {
      return;
    }
    if (message.from === this.instance || !message.topic || !message.payload) return;
    for (const handler of this.handlers.get(message.topic) ?? []) {
      try {
        handler(message.payload);
      } catch (error) {
        this.logger.error({ err: error, topic: message.topic }, 'A cluster message handler failed');
      }
    }
  }
}
