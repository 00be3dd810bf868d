import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, Unique, UpdateDateColumn } from 'typeorm';
import type { OutboxEventEntity } from './outbox-event.entity.js';
import type { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';

export const DELIVERY_STATUSES = ['pending', 'sending', 'delivered', 'dead'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/**
 * One event for one subscription. `pending` waits for `nextAttemptAt`; `sending` is leased to one dispatcher
 * until `leaseExpiresAt` (a crashed dispatcher's lease runs out and another takes over); `delivered` and
 * `dead` (too many failures, retryable by admins) are final.
 */
@Entity('webhook_deliveries')
@Unique('UQ_webhook_deliveries_event_subscription', ['eventId', 'subscriptionId'])
@Index('IDX_webhook_deliveries_due', ['status', 'nextAttemptAt'])
@Index('IDX_webhook_deliveries_subscription', ['subscriptionId', 'createdAt'])
@Check('CHK_webhook_deliveries_status', `"status" IN ('pending', 'sending', 'delivered', 'dead')`)
export class WebhookDeliveryEntity extends BaseEntity {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'uuid' })
  eventId: string;

  @ManyToOne('OutboxEventEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'eventId' })
  event?: OutboxEventEntity;

  @Column({ type: 'uuid' })
  subscriptionId: string;

  @ManyToOne('WebhookSubscriptionEntity', { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'subscriptionId' })
  subscription?: WebhookSubscriptionEntity;

  @Column({ type: 'varchar', length: 16, default: 'pending' })
  status: DeliveryStatus;

  /** Attempts made (started), including the one in flight while `sending`. */
  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  leaseExpiresAt: Date | null;

  /** Which claim holds the lease: a dispatcher whose lease was taken over cannot record its late result. */
  @Column({ type: 'uuid', nullable: true })
  claimToken: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastAttemptAt: Date | null;

  @Column({ type: 'integer', nullable: true })
  lastStatusCode: number | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  lastError: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  deliveredAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
