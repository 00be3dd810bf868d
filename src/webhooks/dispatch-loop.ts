import { randomUUID } from 'node:crypto';
import type { Logger } from '@nestjs/common';
import { backoffDelay, type SecretBox } from '../../libs/webhooks/index.js';
import { VERSION } from '../common/package-info.js';
import type { ConfigService } from '../config/config.service.js';
import type { DeliveryResult, NotificationChannel } from '../plugins/plugin-types.js';
import type { NotificationChannelRegistry } from '../plugins/registries.js';
import { matchesEvent } from './event-patterns.js';
import type { ClaimedDelivery, WebhooksRepository } from './webhooks.repository.js';

/** How much longer a lease lasts than the delivery timeout: room for the result to be written. */
const LEASE_MARGIN_MS = 30_000;
/** A receiver's Retry-After is honoured up to this. */
const MAX_RETRY_AFTER_MS = 24 * 3600_000;
const FAN_OUT_BATCH = 200;
const PRUNE_EVERY_MS = 3600_000;

class ShutdownError extends Error {}

/**
 * One delivery loop: fans new events out into deliveries, then `concurrency` workers each claim one due
 * delivery at a time (a lease in the database, see WebhooksRepository.claim), send it through its channel
 * with a timeout, and record the outcome. Several loops, in one process or many, can share a database:
 * the claims keep them from ever sending the same delivery at once. Nothing here runs in a request.
 */
export class DispatchLoop {
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;
  private again = false;
  private stopped = false;
  private readonly shutdown = new AbortController();
  private readonly busy = new Set<string>();
  private claimChain: Promise<unknown> = Promise.resolve();
  /** The first prune a minute after start, not during it. */
  private lastPrune = Date.now() - PRUNE_EVERY_MS + 60_000;

  constructor(
    private readonly deps: {
      repo: WebhooksRepository;
      channels: NotificationChannelRegistry;
      box: SecretBox;
      config: ConfigService;
      logger: Logger;
    },
  ) {}

  private get settings() {
    return this.deps.config.values.webhooks;
  }

  start(): void {
    this.schedule(0);
  }

  /** Runs a round soon (after a local commit recorded events). */
  nudge(): void {
    if (this.stopped) return;
    if (this.running) this.again = true;
    else this.schedule(0);
  }

  private schedule(ms: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.round(), ms);
    this.timer.unref();
  }

  /** Stops claiming; in-flight attempts are aborted and handed back uncounted, so the next start resends them. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    this.shutdown.abort();
    await this.running;
  }

  /** One round now; resolves when there is nothing due left. For tests and the timer. */
  async round(): Promise<void> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = this.work()
      .catch((error: unknown) => {
        if (!this.stopped) this.deps.logger.error({ err: error }, 'Webhook dispatch round failed');
      })
      .finally(() => {
        this.running = undefined;
        const again = this.again;
        this.again = false;
        this.schedule(again ? 0 : this.settings.dispatchIntervalMs);
      });
    return this.running;
  }

  private async work(): Promise<void> {
    do {
      this.again = false;
      while (!this.stopped && (await this.deps.repo.fanOut(FAN_OUT_BATCH, matchesEvent)) === FAN_OUT_BATCH);
      // One claim first: an idle poll costs one statement, not one per worker.
      const first = await this.claim();
      if (first) await Promise.all(Array.from({ length: this.settings.concurrency }, (_, i) => this.worker(i === 0 ? first : null)));
    } while (this.again && !this.stopped);
    if (!this.stopped && Date.now() - this.lastPrune > PRUNE_EVERY_MS) {
      this.lastPrune = Date.now();
      await this.deps.repo.prune(this.settings.retentionDays);
    }
  }

  private async worker(initial: ClaimedDelivery | null): Promise<void> {
    for (let n = 0; n < this.settings.batchSize; n++) {
      // A claimed delivery is always handled, even when stopping (deliver() then hands it back at once).
      const delivery = n === 0 && initial ? initial : this.stopped ? null : await this.claim();
      if (!delivery) return;
      this.busy.add(delivery.subscriptionId);
      try {
        await this.deliver(delivery);
      } finally {
        this.busy.delete(delivery.subscriptionId);
      }
    }
    // A full batch: there may be more, go round again without waiting for the timer.
    if (!this.stopped) this.again = true;
  }

  /** Claims are serialised within the process, so two workers never pick the same subscription at once. */
  private claim(): Promise<ClaimedDelivery | null> {
    const next = this.claimChain.then(async () => {
      if (this.stopped) return null;
      const delivery = await this.deps.repo.claim(randomUUID(), this.settings.timeoutMs + LEASE_MARGIN_MS, [...this.busy]);
      if (delivery) this.busy.add(delivery.subscriptionId);
      return delivery;
    });
    this.claimChain = next.catch(() => undefined);
    return next;
  }

  private async deliver(d: ClaimedDelivery): Promise<void> {
    const { repo, logger } = this.deps;
    const secrets: Array<string | undefined> = [];
    let result: DeliveryResult;
    try {
      result = await this.attempt(d, secrets);
    } catch (error) {
      if (error instanceof ShutdownError) {
        await repo.release(d.id, d.claimToken).catch(() => undefined);
        return;
      }
      result = { ok: false, error: describe(error) };
    }
    if (!result.ok) result = { ...result, error: scrub(result.error, secrets) };
    const where = `${d.type} event ${d.eventId} to "${d.name}" (${d.displayUrl})`;
    if (result.pauseMs) await repo.pauseSubscription(d.subscriptionId, Math.min(result.pauseMs, MAX_RETRY_AFTER_MS));
    let recorded: boolean;
    if (result.ok) {
      recorded = await repo.markDelivered(d.id, d.claimToken, result.statusCode ?? null);
      logger.debug(`Delivered ${where} on attempt ${d.attempts}`);
    } else if (result.permanent || d.attempts >= this.settings.maxAttempts) {
      recorded = await repo.markDead(d.id, d.claimToken, result.statusCode ?? null, result.error);
      logger.warn(`Dead-lettered delivery ${d.id}: ${where} failed ${result.permanent ? 'permanently' : `${d.attempts} times`}: ${result.error}`);
    } else {
      const delay = this.retryDelay(d.attempts, result.retryAfterMs);
      recorded = await repo.markRetry(d.id, d.claimToken, delay, result.statusCode ?? null, result.error);
      logger.log(`Delivery ${d.id} attempt ${d.attempts} failed (${where}): ${result.error}; retrying in ${Math.round(delay / 100) / 10} s`);
    }
    if (!recorded) logger.warn(`Delivery ${d.id} outlived its lease; another dispatcher owns it now and this result was dropped`);
  }

  /**
   * When the receiver said when to come back (429 `retry_after`, Retry-After), then, plus up to 10 % (at most
   * 1 s) of jitter so a burst does not return all at once; otherwise exponential backoff with jitter.
   */
  private retryDelay(attempt: number, retryAfterMs: number | undefined): number {
    if (retryAfterMs !== undefined) {
      const after = Math.min(retryAfterMs, MAX_RETRY_AFTER_MS);
      return after + Math.round(Math.random() * Math.min(1000, after * 0.1));
    }
    return backoffDelay(attempt, { baseMs: this.settings.backoffBaseMs, capMs: this.settings.backoffCapMs });
  }

  /** Opens the sealed URL and secret (noting them in `secrets` for scrubbing) and sends through the channel. */
  private async attempt(d: ClaimedDelivery, secrets: Array<string | undefined>): Promise<DeliveryResult> {
    const channels = this.deps.channels;
    if (!channels.has(d.channel)) return { ok: false, error: `The channel "${d.channel}" is not installed (a plugin removed?)` };
    let url: string;
    let secret: string | undefined;
    try {
      url = this.deps.box.open(d.urlSealed, d.subscriptionId);
      secret = d.secretSealed ? this.deps.box.open(d.secretSealed, d.subscriptionId) : undefined;
    } catch {
      // Retryable: another instance (with the right key) may take it next time.
      return { ok: false, error: 'This instance cannot decrypt the subscription’s URL or secret: webhooks.secretKey (or <dataDir>/secrets/webhook-key) differs from the one that stored it' };
    }
    secrets.push(url, secret);
    try {
      return await this.send(channels.get(d.channel), d, url, secret);
    } catch (error) {
      if (error instanceof ShutdownError) throw error;
      return { ok: false, error: describe(error) };
    }
  }

  /** One attempt, bounded by the timeout even if a channel ignores its signal. */
  private async send(channel: NotificationChannel, d: ClaimedDelivery, url: string, secret: string | undefined): Promise<DeliveryResult> {
    const { timeoutMs } = this.settings;
    const timeout = AbortSignal.timeout(timeoutMs);
    const signal = AbortSignal.any([timeout, this.shutdown.signal]);
    let onAbort!: () => void;
    const aborted = new Promise<never>((_, reject) => {
      onAbort = () => reject(this.shutdown.signal.aborted ? new ShutdownError() : new Error(`timed out after ${timeoutMs} ms`));
      if (signal.aborted) onAbort();
      signal.addEventListener('abort', onAbort, { once: true });
    });
    try {
      const event = { id: d.eventId, type: d.type, occurredAt: new Date(d.occurredAt).toISOString(), data: d.payload };
      const target = { url, secret, options: d.options ?? {}, subscription: { id: d.subscriptionId, name: d.name } };
      const context = { signal, deliveryId: d.id, attempt: d.attempts, userAgent: `Imagehive/${VERSION} (webhooks)` };
      return (await Promise.race([channel.deliver(target, event, context), aborted])) ?? { ok: true };
    } catch (error) {
      if (this.shutdown.signal.aborted) throw new ShutdownError();
      if (timeout.aborted) throw new Error(`timed out after ${timeoutMs} ms`);
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
      aborted.catch(() => undefined);
    }
  }
}

/** An error as one line: fetch's "fetch failed" hides the reason (ECONNREFUSED…) in `cause`. */
function describe(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  const cause = e?.cause ? ` (${e.cause.code ?? e.cause.message})` : '';
  return `${e?.message ?? String(error)}${cause}`;
}

/** Removes the URL and secret from a message, in case an error quoted them. */
function scrub(message: string, secrets: Array<string | undefined>): string {
  let out = message;
  for (const s of secrets) if (s) out = out.split(s).join('***');
  return out.slice(0, 500);
}
