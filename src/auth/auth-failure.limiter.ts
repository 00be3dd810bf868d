import { Injectable } from '@nestjs/common';
import { RateLimiterRepository } from '../throttling/rate-limiter.repository.js';

/** Failed credential checks per client: past auth.tokenFailureThrottle, even a right guess is refused. */
@Injectable()
export class AuthFailureLimiter {
  constructor(private readonly limiter: RateLimiterRepository) {}

  isBlocked(client: string): Promise<boolean> {
    return this.limiter.isBlocked('authFailure', client);
  }

  async recordFailure(client: string): Promise<void> {
    await this.limiter.consume('authFailure', client);
  }
}
