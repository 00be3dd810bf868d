import { BaseEntity, Check, Column, CreateDateColumn, Entity, Index, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const SUBSCRIPTION_SOURCES = ['config', 'api'] as const;
export type SubscriptionSource = (typeof SUBSCRIPTION_SOURCES)[number];

/** Where events go: a channel (plugin) and its URL, for a set of event types. */
@Entity('webhook_subscriptions')
@Check('CHK_webhook_subscriptions_source', `"source" IN ('config', 'api')`)
export class WebhookSubscriptionEntity extends BaseEntity {
  @PrimaryColumn({ type: 'uuid' })
  id: string;

  @Index('UQ_webhook_subscriptions_name', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  name: string;

  /** A notification channel from the registry: `discord`, `webhook`, or a plugin's. */
  @Column({ type: 'varchar', length: 64 })
  channel: string;

  /**
   * The URL, sealed like the secret: it may be a credential itself (Discord's webhook token is part of it).
   * Shown and logged only as `displayUrl`.
   */
  @Column({ type: 'text', select: false })
  urlSealed: string;

  /** The URL as it may be shown: credentials hidden by the channel's redact rule. */
  @Column({ type: 'varchar', length: 2048 })
  displayUrl: string;

  /** Event types, `*` for all, or `prefix.*` (e.g. `image.*`). */
  @Column({ type: 'text', array: true })
  events: string[];

  /** The signing secret, AES-256-GCM sealed (see SecretBox); null when the channel does not sign. */
  @Column({ type: 'text', nullable: true, select: false })
  secretSealed: string | null;

  /** Channel options, e.g. Discord's `username` and `avatarUrl`. */
  @Column({ type: 'jsonb', default: {} })
  options: Record<string, unknown>;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  /** `config` rows mirror imagehive.yml at each start and are read-only through the API. */
  @Column({ type: 'varchar', length: 16, default: 'api' })
  source: SubscriptionSource;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
