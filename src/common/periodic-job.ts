import type { Logger } from '@nestjs/common';

/**
 * Background work on a timer: a round never starts while the previous one runs (a slow database must not
 * pile rounds up), a failed round is logged and the next one tries again, and `stop` waits for the round in
 * flight so shutdown never cuts a transaction short. The timer does not keep the process alive.
 */
export class PeriodicJob {
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly logger: Logger,
    private readonly failure: string,
    private readonly work: () => Promise<unknown>,
  ) {}

  start(everySeconds: number): void {
    this.timer = setInterval(() => this.runOnce(), everySeconds * 1000);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private runOnce(): void {
    if (this.running) return;
    this.running = this.work()
      .catch((error: unknown) => this.logger.error({ err: error }, this.failure))
      .finally(() => (this.running = undefined));
  }
}
