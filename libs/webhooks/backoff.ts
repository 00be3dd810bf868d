export interface BackoffOptions {
  /** Delay before the second attempt, before jitter. */
  baseMs: number;
  /** Largest delay. */
  capMs: number;
}

/**
 * Exponential backoff with "equal jitter": after failed attempt n (1-based) the nominal delay is
 * min(cap, base·2^(n-1)); the wait is drawn uniformly from its upper half, so retries from many deliveries
 * that failed together spread out, yet never come back sooner than half the nominal delay.
 */
export function backoffDelay(attempt: number, options: BackoffOptions, random: () => number = Math.random): number {
  const exponent = Math.min(Math.max(attempt - 1, 0), 40);
  const nominal = Math.min(options.capMs, options.baseMs * 2 ** exponent);
  return Math.round(nominal / 2 + random() * (nominal / 2));
}

/**
 * A `Retry-After` header in milliseconds: delta-seconds (fractions allowed, as Discord sends them) or an
 * HTTP date. Undefined when absent or unreadable.
 */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const trimmed = value.trim();
  if (/^\d+(\.\d+)?$/.test(trimmed)) return Math.ceil(Number(trimmed) * 1000);
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}
