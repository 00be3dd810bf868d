import { randomUUID } from 'node:crypto';
import { BadRequestException, ConflictException, Inject, Injectable, Logger, NotFoundException } from '@nestjs/common';
import type { EntityManager, QueryDeepPartialEntity } from 'typeorm';
import { generateToken } from '../../libs/secrets/index.js';
import { redactUrl, SecretBox } from '../../libs/webhooks/index.js';
import type { AuthContext } from '../common/auth-context.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { ConfigService } from '../config/config.service.js';
import type { NotificationChannel } from '../plugins/plugin-types.js';
import { NotificationChannelRegistry } from '../plugins/registries.js';
import { unknownPatterns } from './event-patterns.js';
import { OutboxService } from './outbox.service.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';
import type {
  CreateWebhookDto,
  UpdateWebhookDto,
  WebhookResponseDto,
  WebhookWithSecretResponseDto,
} from './webhooks.dto.js';
import { WebhooksRepository } from './webhooks.repository.js';

export const SECRET_BOX = Symbol('SECRET_BOX');
const CONFIG_PREFIX = 'config:';
const CONFIG_SYNC_LOCK = 7_248_301_456;

interface SubscriptionInput {
  name: string;
  channel: string;
  url: string;
  events: string[];
  secret?: string;
  options: Record<string, unknown>;
  enabled: boolean;
}

/** Webhook subscriptions: the read-only ones from imagehive.yml (synced at start) and the admins' own. */
@Injectable()
export class SubscriptionsService {
  private readonly logger = new Logger('Webhooks');

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly channels: NotificationChannelRegistry,
    private readonly outbox: OutboxService,
    private readonly config: ConfigService,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  /**
   * Mirrors the configured subscriptions into the database (at start, before the dispatcher runs), so
   * deliveries, lists and the admin panel treat them like the others. A bad one stops the start.
   */
  async syncConfig(): Promise<void> {
    const wanted = this.configured();
    for (const input of wanted) {
      const problem = this.problem(input);
      if (problem) throw new Error(`Invalid configuration: webhook subscription "${input.name.slice(CONFIG_PREFIX.length)}": ${problem}`);
    }
    await this.repo.transaction(async (manager) => {
      // Instances starting together take turns (PostgreSQL); the embedded database is one session anyway.
      await manager.query('SELECT pg_advisory_xact_lock($1)', [CONFIG_SYNC_LOCK]);
      const repo = manager.getRepository(WebhookSubscriptionEntity);
      const existing = await repo.find({ where: { source: 'config' } });
      for (const input of wanted) {
        const row = existing.find((s) => s.name === input.name);
        await this.save(manager, row?.id ?? randomUUID(), input, 'config', !row);
      }
      const gone = existing.filter((s) => !wanted.some((w) => w.name === s.name));
      if (gone.length) await repo.delete(gone.map((s) => s.id));
    });
    if (wanted.length) this.logger.log(`Webhook subscriptions from the configuration: ${wanted.map((w) => w.name).join(', ')}`);
    await this.checkKey();
  }

  /** Says so at start when stored subscriptions were sealed with another key (instances with different keys). */
  private async checkKey(): Promise<void> {
    const rows = await this.repo.subscriptions.createQueryBuilder('s').select(['s.id', 's.name']).addSelect('s.urlSealed').getMany();
    const unreadable = rows.filter((row) => {
      try {
        this.box.open(row.urlSealed, row.id);
        return false;
      } catch {
        return true;
      }
    });
    if (unreadable.length) {
      this.logger.error(
        `Cannot decrypt ${unreadable.length} webhook subscription(s) (${unreadable.map((r) => r.name).join(', ')}): they were stored with another ` +
          'webhooks.secretKey. Set the same key on every instance, or re-create them.',
      );
    }
  }

  private configured(): SubscriptionInput[] {
    const { discordUrl, subscriptions } = this.config.values.webhooks;
    const list: SubscriptionInput[] = subscriptions.map((s) => ({ ...s, name: `${CONFIG_PREFIX}${s.name}` }));
    if (discordUrl) list.unshift({ name: `${CONFIG_PREFIX}discord`, channel: 'discord', url: discordUrl, events: ['*'], options: {}, enabled: true });
    return list;
  }

  private channel(name: string): NotificationChannel | null {
    return this.channels.has(name) ? this.channels.get(name) : null;
  }

  /** What is wrong with a subscription, or null. */
  private problem(input: Pick<SubscriptionInput, 'channel' | 'url' | 'events' | 'options' | 'secret'>): string | null {
    const channel = this.channel(input.channel);
    if (!channel) return `unknown channel "${input.channel}"; available: ${this.channels.names().join(', ')}`;
    const unknown = unknownPatterns(input.events);
    if (unknown.length) return `unknown event type(s): ${unknown.join(', ')}`;
    if (input.secret !== undefined && !channel.requiresSecret) return `the ${channel.name} channel does not sign, so it takes no secret`;
    return channel.validate?.({ url: input.url, options: input.options }) ?? null;
  }

  private displayUrl(channel: string, url: string): string {
    return (this.channel(channel)?.redactUrl ?? redactUrl)(url);
  }

  /** Inserts or updates a row, sealing URL and secret with the row id as associated data. Returns the secret it set. */
  private async save(manager: EntityManager, id: string, input: SubscriptionInput, source: 'config' | 'api', insert: boolean): Promise<string | undefined> {
    const channel = this.channel(input.channel)!;
    let secret = input.secret;
    if (channel.requiresSecret && !secret) {
      if (source === 'config') throw new Error(`Invalid configuration: webhook subscription "${input.name}" on the ${channel.name} channel needs a secret`);
      secret = generateToken('whsec');
    }
    const fields: QueryDeepPartialEntity<WebhookSubscriptionEntity> = {
      name: input.name,
      channel: input.channel,
      urlSealed: this.box.seal(input.url, id),
      displayUrl: this.displayUrl(input.channel, input.url),
      events: input.events,
      secretSealed: secret ? this.box.seal(secret, id) : null,
      options: input.options as QueryDeepPartialEntity<Record<string, unknown>>,
      enabled: input.enabled,
      source,
    };
    const repo = manager.getRepository(WebhookSubscriptionEntity);
    if (insert) await repo.insert({ id, ...fields });
    else await repo.update({ id }, fields);
    return secret;
  }

  async list(): Promise<WebhookResponseDto[]> {
    const [rows, counts] = await Promise.all([
      this.repo.subscriptions.createQueryBuilder('s').addSelect('s.secretSealed').orderBy('s.createdAt', 'ASC').getMany(),
      this.repo.countsBySubscription(),
    ]);
    return rows.map((s) => this.map(s, counts.get(s.id)));
  }

  async get(id: string): Promise<WebhookResponseDto> {
    const row = await this.find(id);
    return this.map(row, (await this.repo.countsBySubscription()).get(id));
  }

  private async find(id: string, manager?: EntityManager): Promise<WebhookSubscriptionEntity> {
    const repo = manager?.getRepository(WebhookSubscriptionEntity) ?? this.repo.subscriptions;
    const row = await repo.createQueryBuilder('s').addSelect(['s.secretSealed', 's.urlSealed']).where('s.id = :id', { id }).getOne();
    if (!row) throw new NotFoundException('No such webhook subscription');
    return row;
  }

  async create(dto: CreateWebhookDto): Promise<WebhookWithSecretResponseDto> {
    const input: SubscriptionInput = { ...dto, options: dto.options ?? {}, enabled: dto.enabled ?? true };
    const problem = this.problem(input);
    if (problem) throw new BadRequestException(problem);
    const id = randomUUID();
    try {
      const secret = await this.repo.transaction((manager) => this.save(manager, id, input, 'api', true));
      return { ...(await this.get(id)), ...(secret ? { secret } : {}) };
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A webhook subscription named "${dto.name}" exists already`);
      throw error;
    }
  }

  async update(id: string, dto: UpdateWebhookDto): Promise<WebhookWithSecretResponseDto> {
    try {
      const secret = await this.repo.transaction(async (manager) => {
        const row = await this.find(id, manager);
        this.assertEditable(row);
        const current = {
          url: this.box.open(row.urlSealed, row.id),
          secret: row.secretSealed ? this.box.open(row.secretSealed, row.id) : undefined,
        };
        const channel = this.channel(row.channel);
        if ((dto.secret || dto.rotateSecret) && !channel?.requiresSecret) throw new BadRequestException(`The ${row.channel} channel does not sign, so it takes no secret`);
        const input: SubscriptionInput = {
          name: dto.name ?? row.name,
          channel: row.channel,
          url: dto.url ?? current.url,
          events: dto.events ?? row.events,
          options: dto.options ?? row.options,
          enabled: dto.enabled ?? row.enabled,
          secret: dto.rotateSecret ? generateToken('whsec') : (dto.secret ?? current.secret),
        };
        const problem = this.problem({ ...input, secret: channel?.requiresSecret ? input.secret : undefined });
        if (problem) throw new BadRequestException(problem);
        await this.save(manager, row.id, input, 'api', false);
        return dto.rotateSecret || dto.secret ? input.secret : undefined;
      });
      return { ...(await this.get(id)), ...(secret ? { secret } : {}) };
    } catch (error) {
      if (isUniqueViolation(error)) throw new ConflictException(`A webhook subscription named "${dto.name}" exists already`);
      throw error;
    }
  }

  async remove(id: string): Promise<void> {
    const row = await this.find(id);
    this.assertEditable(row);
    await this.repo.subscriptions.delete({ id });
  }

  private assertEditable(row: WebhookSubscriptionEntity): void {
    if (row.source === 'config') throw new ConflictException('This subscription comes from the configuration (imagehive.yml); change it there');
  }

  /** Queues a `webhook.ping` for this subscription only. */
  async test(auth: AuthContext, id: string): Promise<{ eventId: string }> {
    const row = await this.find(id);
    const eventId = await this.repo.transaction((manager) =>
      this.outbox.record(manager, 'webhook.ping', { subscriptionId: row.id, subscriptionName: row.name, requestedBy: auth.user.username }, { targetSubscriptionId: row.id }),
    );
    return { eventId };
  }

  private map(row: WebhookSubscriptionEntity, counts = { pending: 0, dead: 0 }): WebhookResponseDto {
    return {
      id: row.id,
      name: row.name,
      channel: row.channel,
      url: row.displayUrl,
      events: row.events,
      enabled: row.enabled,
      source: row.source,
      signed: Boolean(row.secretSealed),
      options: row.options,
      pending: counts.pending,
      dead: counts.dead,
      createdAt: row.createdAt.toISOString(),
      updatedAt: row.updatedAt.toISOString(),
    };
  }
}
