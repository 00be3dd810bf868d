import { Global, Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { ConfigService } from '../config/config.service.js';
import { DeliveriesService } from './deliveries.service.js';
import { OutboxEventEntity } from './outbox-event.entity.js';
import { OutboxService } from './outbox.service.js';
import { resolveSecretBox } from './secret-key.js';
import { SECRET_BOX, SubscriptionsService } from './subscriptions.service.js';
import { WebhookDeliveryEntity } from './webhook-delivery.entity.js';
import { WebhookDispatcher } from './webhook-dispatcher.service.js';
import { WebhookSubscriptionEntity } from './webhook-subscription.entity.js';
import { WebhooksController } from './webhooks.controller.js';
import { WebhooksRepository } from './webhooks.repository.js';

/**
 * Webhooks and notifications. Global so any feature can inject OutboxService and record events in its own
 * transactions without importing this module.
 */
@Global()
@Module({
  imports: [TypeOrmModule.forFeature([OutboxEventEntity, WebhookSubscriptionEntity, WebhookDeliveryEntity])],
  controllers: [WebhooksController],
  providers: [
    { provide: SECRET_BOX, inject: [ConfigService], useFactory: resolveSecretBox },
    OutboxService,
    WebhooksRepository,
    SubscriptionsService,
    DeliveriesService,
    WebhookDispatcher,
  ],
  // SubscriptionsService for the admin panel: subscriptions must be saved through it (it seals URL and secret).
  exports: [OutboxService, WebhookDispatcher, SubscriptionsService, DeliveriesService],
})
export class WebhooksModule {}
