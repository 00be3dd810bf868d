import { randomUUID } from 'node:crypto';
import { Injectable, type OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, EntitySubscriberInterface, TransactionCommitEvent } from 'typeorm';
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
 */
@Injectable()
export class OutboxService implements OnModuleInit {
  private readonly listeners = new Set<() => void>();

  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

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

  /** Records one event in the caller's transaction; returns its id (the receivers' idempotency key). */
  async record<T extends EventType>(manager: EntityManager, type: T, payload: EventPayloads[T], options: RecordOptions = {}): Promise<string> {
    if (!(type in EVENT_CATALOG)) throw new Error(`Unknown event type ${type}`);
    assertNoSecrets(type, payload);
    const id = randomUUID();
    await manager.query(
      'INSERT INTO outbox_events (id, type, payload, "occurredAt", "targetSubscriptionId") VALUES ($1, $2, $3, $4, $5)',
      [id, type, JSON.stringify(payload), options.occurredAt ?? new Date(), options.targetSubscriptionId ?? null],
    );
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
