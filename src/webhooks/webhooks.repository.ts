import { Injectable } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type Repository } from 'typeorm';
import { type PageQueryDto, paginate } from '../common/pagination.js';
import type { DeliveryStatus } from './webhook-delivery.entity.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

/** A delivery leased to this dispatcher, with what sending it needs. */
export interface ClaimedDelivery {
  id: string;
  attempts: number;
  claimToken: string;
  subscriptionId: string;
  eventId: string;
  type: string;
  payload: Record<string, unknown>;
  occurredAt: Date;
  name: string;
  channel: string;
  displayUrl: string;
  urlSealed: string;
  secretSealed: string | null;
  options: Record<string, unknown>;
}

export interface DeliveryFilter {
  status?: DeliveryStatus;
  subscriptionId?: string;
  eventType?: string;
  eventId?: string;
}

/** Every SQL statement of the outbox and its deliveries; the claims are where concurrency is decided. */
@Injectable()
export class WebhooksRepository {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @InjectRepository(WebhookSubscriptionEntity) readonly subscriptions: Repository<WebhookSubscriptionEntity>,
    @InjectRepository(WebhookDeliveryEntity) private readonly deliveries: Repository<WebhookDeliveryEntity>,
  ) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.dataSource.transaction(work);
  }

  /**
   * Turns up to `limit` undispatched events into deliveries, one per enabled subscription that wants the type,
   * and marks them dispatched, all in one transaction. Events another dispatcher is fanning out are skipped
   * (SKIP LOCKED), so instances never block each other; the unique (event, subscription) pair makes a repeat
   * harmless anyway. Returns how many events it took.
   */
  async fanOut(limit: number, matches: (patterns: string[], type: string) => boolean): Promise<number> {
    // The common case, nothing new: one statement, no transaction.
    const waiting = await this.dataSource.query('SELECT 1 FROM outbox_events WHERE "dispatchedAt" IS NULL LIMIT 1');
    if (!waiting.length) return 0;
    return this.transaction(async (manager) => {
      const events: Array<{ id: string; type: string; targetSubscriptionId: string | null }> = await manager.query(
        `SELECT id, type, "targetSubscriptionId" FROM outbox_events WHERE "dispatchedAt" IS NULL
         ORDER BY "occurredAt", id LIMIT $1 FOR UPDATE SKIP LOCKED`,
        [limit],
      );
      if (!events.length) return 0;
      const subscriptions: Array<{ id: string; events: string[] }> = await manager.query(
        'SELECT id, events FROM webhook_subscriptions WHERE enabled',
      );
      const eventIds: string[] = [];
      const subscriptionIds: string[] = [];
      for (const event of events) {
        for (const subscription of subscriptions) {
          const wanted = event.targetSubscriptionId ? subscription.id === event.targetSubscriptionId : matches(subscription.events, event.type);
          if (wanted) {
            eventIds.push(event.id);
            subscriptionIds.push(subscription.id);
          }
        }
      }
      if (eventIds.length) {
        await manager.query(
          `INSERT INTO webhook_deliveries ("eventId", "subscriptionId")
           SELECT * FROM unnest($1::uuid[], $2::uuid[]) ON CONFLICT ("eventId", "subscriptionId") DO NOTHING`,
          [eventIds, subscriptionIds],
        );
      }
      await manager.query('UPDATE outbox_events SET "dispatchedAt" = now() WHERE id = ANY($1::uuid[])', [events.map((e) => e.id)]);
      return events.length;
    });
  }

  /**
   * Leases the most overdue delivery that is due (or whose previous lease ran out: its dispatcher died) to
   * `claimToken` until `leaseMs` from now, counting the attempt. One statement: the row lock with SKIP LOCKED
   * means two dispatchers never claim the same row, and a row another dispatcher claimed meanwhile no longer
   * qualifies when PostgreSQL re-checks it. Subscriptions in `busy` (being sent to by this process) are skipped.
   */
  async claim(claimToken: string, leaseMs: number, busy: string[]): Promise<ClaimedDelivery | null> {
    const rows = await this.dataSource.query(
      `UPDATE webhook_deliveries d
          SET status = 'sending', attempts = d.attempts + 1, "claimToken" = $1,
              "leaseExpiresAt" = now() + $2 * interval '1 millisecond', "lastAttemptAt" = now(), "updatedAt" = now()
         FROM outbox_events e, webhook_subscriptions s
        WHERE d.id = (
                SELECT c.id FROM webhook_deliveries c
                  JOIN webhook_subscriptions cs ON cs.id = c."subscriptionId"
                 WHERE cs.enabled AND NOT (c."subscriptionId" = ANY($3::uuid[]))
                   AND ((c.status = 'pending' AND c."nextAttemptAt" <= now())
                     OR (c.status = 'sending' AND c."leaseExpiresAt" <= now()))
                 ORDER BY c."nextAttemptAt", c.id
                 LIMIT 1
                   FOR UPDATE OF c SKIP LOCKED)
          AND e.id = d."eventId" AND s.id = d."subscriptionId"
      RETURNING d.id, d.attempts, d."claimToken", d."subscriptionId", e.id AS "eventId", e.type, e.payload, e."occurredAt",
                s.name, s.channel, s."displayUrl", s."urlSealed", s."secretSealed", s.options`,
      [claimToken, leaseMs, busy],
    );
    const [row] = flatten(rows) as ClaimedDelivery[];
    return row ?? null;
  }

  private async finish(id: string, claimToken: string, set: string, params: unknown[]): Promise<boolean> {
    const rows = await this.dataSource.query(
      `UPDATE webhook_deliveries SET ${set}, "leaseExpiresAt" = NULL, "claimToken" = NULL, "updatedAt" = now()
        WHERE id = $1 AND "claimToken" = $2 AND status = 'sending' RETURNING id`,
      [id, claimToken, ...params],
    );
    return flatten(rows).length > 0;
  }

  /** False when the lease was lost meanwhile (another dispatcher has it now): nothing is changed then. */
  markDelivered(id: string, claimToken: string, statusCode: number | null): Promise<boolean> {
    return this.finish(id, claimToken, `status = 'delivered', "deliveredAt" = now(), "lastStatusCode" = $3, "lastError" = NULL`, [statusCode]);
  }

  markRetry(id: string, claimToken: string, delayMs: number, statusCode: number | null, error: string): Promise<boolean> {
    return this.finish(
      id,
      claimToken,
      `status = 'pending', "nextAttemptAt" = now() + $3 * interval '1 millisecond', "lastStatusCode" = $4, "lastError" = $5`,
      [delayMs, statusCode, error.slice(0, 500)],
    );
  }

  markDead(id: string, claimToken: string, statusCode: number | null, error: string): Promise<boolean> {
    return this.finish(id, claimToken, `status = 'dead', "lastStatusCode" = $3, "lastError" = $4`, [statusCode, error.slice(0, 500)]);
  }

  /** Gives an unfinished attempt back (shutdown): due again after `delayMs`, the attempt not counted. */
  release(id: string, claimToken: string, delayMs = 0): Promise<boolean> {
    return this.finish(id, claimToken, `status = 'pending', attempts = attempts - 1, "nextAttemptAt" = now() + $3 * interval '1 millisecond'`, [delayMs]);
  }

  /** Holds a subscription's other pending deliveries (a rate limit applies to the whole URL). */
  async pauseSubscription(subscriptionId: string, ms: number): Promise<void> {
    await this.dataSource.query(
      `UPDATE webhook_deliveries SET "nextAttemptAt" = GREATEST("nextAttemptAt", now() + $2 * interval '1 millisecond')
        WHERE "subscriptionId" = $1 AND status = 'pending'`,
      [subscriptionId, ms],
    );
  }

  /** Deletes delivered deliveries and fully handled events older than the retention; dead letters stay. */
  async prune(retentionDays: number): Promise<void> {
    await this.dataSource.query(
      `DELETE FROM webhook_deliveries WHERE status = 'delivered' AND "deliveredAt" < now() - $1 * interval '1 day'`,
      [retentionDays],
    );
    await this.dataSource.query(
      `DELETE FROM outbox_events e WHERE e."dispatchedAt" < now() - $1 * interval '1 day'
          AND NOT EXISTS (SELECT 1 FROM webhook_deliveries d WHERE d."eventId" = e.id)`,
      [retentionDays],
    );
  }

  /** Dead letters back to pending, from attempt 0; returns the ids that changed. */
  async retryDead(where: { id?: string; subscriptionId?: string }): Promise<string[]> {
    const rows = await this.dataSource.query(
      `UPDATE webhook_deliveries SET status = 'pending', attempts = 0, "nextAttemptAt" = now(), "updatedAt" = now()
        WHERE status = 'dead' AND ($1::uuid IS NULL OR id = $1) AND ($2::uuid IS NULL OR "subscriptionId" = $2) RETURNING id`,
      [where.id ?? null, where.subscriptionId ?? null],
    );
    return flatten(rows).map((r: { id: string }) => r.id);
  }

  listDeliveries(filter: DeliveryFilter, page: PageQueryDto) {
    const query = this.deliveries
      .createQueryBuilder('d')
      .innerJoinAndSelect('d.event', 'e')
      .innerJoin('d.subscription', 's')
      .addSelect(['s.id', 's.name']);
    if (filter.status) query.andWhere('d.status = :status', { status: filter.status });
    if (filter.subscriptionId) query.andWhere('d.subscriptionId = :subscriptionId', { subscriptionId: filter.subscriptionId });
    if (filter.eventType) query.andWhere('e.type = :eventType', { eventType: filter.eventType });
    if (filter.eventId) query.andWhere('d.eventId = :eventId', { eventId: filter.eventId });
    return paginate(query, 'd', page);
  }

  findDelivery(id: string): Promise<WebhookDeliveryEntity | null> {
    return this.deliveries.findOne({ where: { id }, relations: { event: true, subscription: true } });
  }

  /** Pending (or in flight) and dead deliveries per subscription. */
  async countsBySubscription(): Promise<Map<string, { pending: number; dead: number }>> {
    const rows: Array<{ subscriptionId: string; pending: number; dead: number }> = await this.dataSource.query(
      `SELECT "subscriptionId", count(*) FILTER (WHERE status IN ('pending', 'sending'))::int AS pending,
              count(*) FILTER (WHERE status = 'dead')::int AS dead
         FROM webhook_deliveries WHERE status <> 'delivered' GROUP BY "subscriptionId"`,
    );
    return new Map(rows.map((r) => [r.subscriptionId, { pending: r.pending, dead: r.dead }]));
  }

  /** A subscription with its sealed URL and secret (never returned to clients). */
  findSealed(manager: EntityManager, name: string): Promise<WebhookSubscriptionEntity | null> {
    return manager
      .getRepository(WebhookSubscriptionEntity)
      .createQueryBuilder('s')
      .addSelect(['s.urlSealed', 's.secretSealed'])
      .where('s.name = :name', { name })
      .getOne();
  }
}

/** TypeORM's query() answers UPDATE and DELETE with [rows, rowCount]; everything else with rows. */
function flatten(result: unknown): any[] {
  if (Array.isArray(result) && result.length === 2 && Array.isArray(result[0]) && typeof result[1] === 'number') return result[0];
  return result as any[];
}
