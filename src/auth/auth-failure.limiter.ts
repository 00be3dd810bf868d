import { Inject, Injectable } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ConfigService } from '../config/config.service.js';

/** Counts failed credential checks per client in the throttler's storage (shared with Redis once configured). */
@Injectable()
export class AuthFailureLimiter {
  constructor(
    @Inject(ThrottlerStorage) private readonly storage: ThrottlerStorage,
    private readonly config: ConfigService,
  ) {}

  /** Records one failure; true when the client is over the limit. */
  async recordFailure(client: string): Promise<boolean> {
    const { limit, ttlSeconds } = this.config.values.auth.tokenFailureThrottle;
    const ttl = ttlSeconds * 1000;
    const record = await this.storage.increment(`auth-failure:${client}`, ttl, limit, ttl, 'auth-failure');
    return record.isBlocked;
  }
}
