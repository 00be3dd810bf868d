import { Injectable } from '@nestjs/common';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisService } from '../cluster/redis.service.js';
import { ConfigService } from '../config/config.service.js';

export type LimiterName = 'default' | 'login' | 'authFailure' | 'donationAnonymous' | 'donation' | 'vote' | 'render';

export interface LimitResult {
  allowed: boolean;
  limit: number;
  remaining: number;
  retryAfterSeconds: number;
}

/**
 * Per-client counters (rate-limiter-flexible). In memory for one instance; in Redis when `redis.url` is set,
 * so every instance counts against the same limit. If Redis goes away, each instance counts in its own
 * memory (the insurance limiter) until it is back, rather than refusing or waving everyone through.
 */
@Injectable()
export class RateLimiterRepository {
  private readonly limiters: Record<LimiterName, RateLimiterAbstract>;

  constructor(config: ConfigService, redis: RedisService) {
    const { rateLimit, auth, dataset, validation, variants } = config.values;
    const make = (prefix: string, { limit, ttlSeconds }: { limit: number; ttlSeconds: number }) => {
      const options = { keyPrefix: prefix, points: limit, duration: ttlSeconds, blockDuration: 0 };
      if (!redis.client) return new RateLimiterMemory(options);
      return new RateLimiterRedis({
        ...options,
        keyPrefix: `${redis.keyPrefix}${prefix}`,
        storeClient: redis.client,
        rejectIfRedisNotReady: true,
        insuranceLimiter: new RateLimiterMemory(options),
      });
    };
    this.limiters = {
      default: make('rl', rateLimit),
      login: make('login', auth.loginThrottle),
      authFailure: make('authfail', auth.tokenFailureThrottle),
      donationAnonymous: make('donanon', dataset.anonymousDonationThrottle),
      donation: make('don', dataset.donationThrottle),
      vote: make('vote', validation.voteThrottle),
      render: make('render', variants.renderThrottle),
    };
  }

  async consume(name: LimiterName, key: string): Promise<LimitResult> {
    const limiter = this.limiters[name];
    try {
      return this.result(limiter.points, await limiter.consume(key), true);
    } catch (rejection) {
      if (rejection instanceof RateLimiterRes) return this.result(limiter.points, rejection, false);
      throw rejection;
    }
  }

  /** Looks without counting: is this client already over the limit? */
  async isBlocked(name: LimiterName, key: string): Promise<boolean> {
    const limiter = this.limiters[name];
    const state = await limiter.get(key);
    return state !== null && state.consumedPoints >= limiter.points;
  }

  private result(limit: number, res: RateLimiterRes, allowed: boolean): LimitResult {
    return { allowed, limit, remaining: res.remainingPoints, retryAfterSeconds: Math.ceil(res.msBeforeNext / 1000) };
  }
}
