import sharp from 'sharp';

export interface SharpConfig {
  /** libvips worker threads per image; undefined leaves sharp's default (1 on glibc without jemalloc, else the core count). */
  concurrency?: number;
  /** libvips operation cache; 0 (default) turns it off, since every upload is a different image. */
  cacheMemoryMb?: number;
}

export interface SharpStatus {
  concurrency: number;
  cacheMemoryMb: number;
  /** libuv's pool, which runs every sharp job (and fs, crypto.scrypt, dns.lookup); fixed at process start. */
  threadpoolSize: number;
  /** Jobs waiting for a libuv thread and jobs running. */
  queued: number;
  running: number;
}

let cacheMemoryMb = 0;

/**
 * Call once at startup. UV_THREADPOOL_SIZE cannot be changed from here: libuv reads it when the
 * pool is first used, so it belongs in the environment (Dockerfile/systemd), not in code.
 */
export function configureSharp(config: SharpConfig = {}): SharpStatus {
  if (config.concurrency !== undefined) {
    if (!Number.isInteger(config.concurrency) || config.concurrency < 1) throw new RangeError('concurrency must be a positive integer');
    sharp.concurrency(config.concurrency);
  }
  cacheMemoryMb = config.cacheMemoryMb ?? 0;
  if (cacheMemoryMb < 0) throw new RangeError('cacheMemoryMb must not be negative');
  sharp.cache(cacheMemoryMb > 0 ? { memory: cacheMemoryMb, files: 0, items: 100 } : false);
  return sharpStatus();
}

export function sharpStatus(): SharpStatus {
  const counters = sharp.counters();
  return {
    concurrency: sharp.concurrency(),
    cacheMemoryMb,
    threadpoolSize: Number(process.env.UV_THREADPOOL_SIZE) || 4,
    queued: counters.queue,
    running: counters.process,
  };
}
