import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
import { ConfigService } from '../config/config.service.js';
import { EVENT_CATALOG, type EventPayloads, type EventType } from './events.dto.js';

/** Keys a payload must never have, at any depth. */
const SECRET_KEY = /password|secret|credential|apikey|accesstoken|^token$|^hash$/i;
/** Any Imagehive-issued secret (`ih_<kind>_<43 chars>`): API tokens, deletion links, invites, webhook secrets. */
const ISSUED_SECRET = /ih_[a-z]{1,8}_[A-Za-z0-9_-]{43}/;

export class UnsafePayloadError extends Error {
  constructor(type: string, where: string) {
    super(`Refusing to record ${type}: ${where} looks like a secret, and no event may carry one`);
    this.name = 'UnsafePayloadError';
  }
}

function assertNoSecrets(type: string, value: unknown, path = 'data'): void {
  if (typeof value === 'string' && ISSUED_SECRET.test(value)) throw new UnsafePayloadError(type, path);
  if (Array.isArray(value)) value.forEach((v, i) => assertNoSecrets(type, v, `${path}[${i}]`));
  else if (value && typeof value === 'object' && !(value instanceof Date)) {
    for (const [key, v] of Object.entries(value)) {
      if (SECRET_KEY.test(key)) throw new UnsafePayloadError(type, `${path}.${key}`);
      assertNoSecrets(type, v, `${path}.${key}`);
    }
  }
}

/** Marks a query runner whose transaction recorded events (QueryRunner.data is for exactly this). */
const PENDING = 'imagehiveOutboxPending';

export interface RecordOptions {
  /** Deliver to this subscription only (test deliveries). */
  targetSubscriptionId?: string;
  occurredAt?: Date;
}

/**
 * The outbox other modules write to. `record` inserts one event row with the caller's entity manager, so the
 * event commits or rolls back with the change it reports; the dispatcher delivers it afterwards. On the
 * embedded database pass the transaction's manager (never a global repository) or it deadlocks.
 *
 * An event is recorded only while some subscription is enabled (or it targets one, as a ping does): with no
 * webhooks, nothing could ever receive it, and each row would cost a dispatch round after its commit (seven
 * statements, about 8 ms of CPU per upload). With subscriptions in the configuration every event is recorded,
 * as they may not be synced yet when the first admin is created at start.
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  private readonly listeners = new Set<() => void>();

  private readonly configured: boolean;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    config: ConfigService,
  ) {
    const { discordUrl, subscriptions } = config.values.webhooks;
    this.configured = discordUrl !== undefined || subscriptions.some((s) => s.enabled);
  }

  onModuleInit(): void {
    // Wakes the local dispatcher as soon as a transaction holding events commits (others poll).
    const listeners = this.listeners;
    const subscriber: EntitySubscriberInterface = {
      afterTransactionCommit(event: TransactionCommitEvent) {
        const runner = event.queryRunner;
        if (!runner.data?.[PENDING] || runner.isTransactionActive) return;
        delete runner.data[PENDING];
        setImmediate(() => listeners.forEach((listener) => listener()));
      },
    };
    this.dataSource.subscribers.push(subscriber);
  }

  /** Called after a commit that recorded events (in this process). */
  onCommitted(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * Records one event in the caller's transaction; returns its id (the receivers' idempotency key), or null
   * when no subscription is enabled to receive it.
   */
  async record<T extends EventType>(manager: EntityManager, type: T, payload: EventPayloads[T], options: RecordOptions & { targetSubscriptionId: string }): Promise<string>;
  async record<T extends EventType>(manager: EntityManager, type: T, payload: EventPayloads[T], options?: RecordOptions): Promise<string | null>;
  async record<T extends EventType>(manager: EntityManager, type: T, payload: EventPayloads[T], options: RecordOptions = {}): Promise<string | null> {
    if (!(type in EVENT_CATALOG)) throw new Error(`Unknown event type ${type}`);
    assertNoSecrets(type, payload);
    const id = randomUUID();
    const recorded: unknown[] = await manager.query(
      `INSERT INTO outbox_events (id, type, payload, "occurredAt", "targetSubscriptionId")
       SELECT $1::uuid, $2, $3::jsonb, $4::timestamptz, $5::uuid
       WHERE $6 OR $5::uuid IS NOT NULL OR EXISTS (SELECT 1 FROM webhook_subscriptions WHERE enabled)
       RETURNING id`,
      [id, type, JSON.stringify(payload), options.occurredAt ?? new Date(), options.targetSubscriptionId ?? null, this.configured],
    );
    if (recorded.length === 0) return null;
    const runner = manager.queryRunner;
    if (runner?.isTransactionActive) {
      runner.data ??= {};
      runner.data[PENDING] = true;
    } else {
      setImmediate(() => this.listeners.forEach((listener) => listener()));
    }
    return id;
  }
}
