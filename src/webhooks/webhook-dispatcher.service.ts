import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import type { SecretBox } from '../../libs/webhooks/index.js';
import { ConfigService } from '../config/config.service.js';
import { NotificationChannelRegistry } from '../plugins/registries.js';
import { DispatchLoop } from './dispatch-loop.js';
import { OutboxService } from './outbox.service.js';
import { SECRET_BOX, SubscriptionsService } from './subscriptions.service.js';
import { WebhooksRepository } from './webhooks.repository.js';

/** Runs this instance's delivery loop (unless `webhooks.dispatcher: false`) and wakes it after local commits. */
@Injectable()
export class WebhookDispatcher implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebhookDispatcher');
  private readonly loops: DispatchLoop[] = [];
  private unsubscribe?: () => void;

  constructor(
    private readonly repo: WebhooksRepository,
    private readonly channels: NotificationChannelRegistry,
    private readonly outbox: OutboxService,
    private readonly subscriptions: SubscriptionsService,
    private readonly config: ConfigService,
    @Inject(SECRET_BOX) private readonly box: SecretBox,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.subscriptions.syncConfig();
    if (!this.config.values.webhooks.dispatcher) return;
    const loop = this.createLoop();
    this.unsubscribe = this.outbox.onCommitted(() => this.loops.forEach((l) => l.nudge()));
    loop.start();
  }

  /** A further loop on the same database (the tests run two to show they never send one delivery twice). */
  createLoop(): DispatchLoop {
    const loop = new DispatchLoop({ repo: this.repo, channels: this.channels, box: this.box, config: this.config, logger: this.logger });
    this.loops.push(loop);
    return loop;
  }

  /** Runs one round on every loop of this instance (tests, and anyone wanting a flush). */
  async flush(): Promise<void> {
    await Promise.all(this.loops.map((l) => l.round()));
  }

  async onModuleDestroy(): Promise<void> {
    this.unsubscribe?.();
    await Promise.all(this.loops.map((l) => l.stop()));
  }
}
