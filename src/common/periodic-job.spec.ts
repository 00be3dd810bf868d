import { jest } from '@jest/globals';
import type { Logger } from '@nestjs/common';
import { PeriodicJob } from './periodic-job.js';

describe('PeriodicJob', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  const logger = () => {
    const errors: unknown[][] = [];
    return { errors, logger: { error: (...args: unknown[]) => errors.push(args) } as unknown as Logger };
  };

  it('never starts a round while the last one runs, and stop waits for it', async () => {
    const { logger: log } = logger();
    let started = 0;
    let finish!: () => void;
    const job = new PeriodicJob(log, 'failed', () => {
      started++;
      return new Promise<void>((done) => (finish = done));
    });
    job.start(1);
    await jest.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(1);
    let stopped = false;
    const stopping = job.stop().then(() => (stopped = true));
    await Promise.resolve();
    expect(stopped).toBe(false);
    finish();
    await stopping;
    await jest.advanceTimersByTimeAsync(5_000);
    expect(started).toBe(1);
  });

  it('logs a failed round and tries again at the next tick', async () => {
    const { logger: log, errors } = logger();
    let calls = 0;
    const job = new PeriodicJob(log, 'sweep failed', async () => {
      if (++calls === 1) throw new Error('database gone');
    });
    job.start(2);
    await jest.advanceTimersByTimeAsync(2_000);
    expect(errors).toHaveLength(1);
    expect(errors[0][1]).toBe('sweep failed');
    expect((errors[0][0] as { err: Error }).err.message).toBe('database gone');
    await jest.advanceTimersByTimeAsync(2_000);
    expect(calls).toBe(2);
    expect(errors).toHaveLength(1);
    await job.stop();
  });
});
