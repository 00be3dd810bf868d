import { ConflictException, Injectable, NotFoundException } from '@nestjs/common';
import type { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import type { DeliveryListQueryDto, DeliveryPageDto, DeliveryResponseDto } from './webhooks.dto.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** The delivery log and the dead letters, for admins. */
@Injectable()
export class DeliveriesService {
  constructor(private readonly repo: WebhooksRepository) {}

  async list(query: DeliveryListQueryDto): Promise<DeliveryPageDto> {
    const page = await this.repo.listDeliveries(query, query);
    return { items: page.items.map(mapDelivery), nextCursor: page.nextCursor };
  }

  /** A dead letter back to pending, from attempt 1; 409 for any other status. */
  async retry(deliveryId: string): Promise<string[]> {
    const retried = await this.repo.retryDead({ id: deliveryId });
    if (retried.length) return retried;
    const delivery = await this.repo.findDelivery(deliveryId);
    if (!delivery) throw new NotFoundException('No such delivery');
    throw new ConflictException(`Only dead deliveries can be retried; this one is ${delivery.status}`);
  }

  async retryAllDead(subscriptionId: string): Promise<string[]> {
    if (!(await this.repo.subscriptions.existsBy({ id: subscriptionId }))) throw new NotFoundException('No such webhook subscription');
    return this.repo.retryDead({ subscriptionId });
  }
}

export function mapDelivery(d: WebhookDeliveryEntity): DeliveryResponseDto {
  const iso = (date: Date | null) => (date ? date.toISOString() : null);
  return {
    id: d.id,
    subscriptionId: d.subscriptionId,
    subscriptionName: d.subscription?.name ?? '',
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: d.nextAttemptAt.toISOString(),
    lastAttemptAt: iso(d.lastAttemptAt),
    lastStatusCode: d.lastStatusCode,
    lastError: d.lastError,
    deliveredAt: iso(d.deliveredAt),
    createdAt: d.createdAt.toISOString(),
    event: {
      id: d.event!.id,
      type: d.event!.type as DeliveryResponseDto['event']['type'],
      occurredAt: d.event!.occurredAt.toISOString(),
      data: d.event!.payload,
    },
  };
}
