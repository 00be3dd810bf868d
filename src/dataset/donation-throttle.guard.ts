import { type CanActivate, type ExecutionContext, Injectable } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { RateLimiterRepository } from '../throttling/rate-limiter.repository.js';
import { enforceLimit } from '../throttling/throttle.guard.js';
import { clientAddress } from '../common/client-address.js';

/**
 * Donations per client before the body is read: per account when signed in, per address (and much stricter,
 * dataset.anonymousDonationThrottle) when anonymous. Runs after the global auth guard, so it knows which.
 */
@Injectable()
export class DonationThrottleGuard implements CanActivate {
  constructor(private readonly limiter: RateLimiterRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const req = context.switchToHttp().getRequest<Request & { auth?: AuthContext }>();
    const res = context.switchToHttp().getResponse<Response>();
    const result = req.auth
      ? await this.limiter.consume('donation', req.auth.user.id)
      : await this.limiter.consume('donationAnonymous', clientAddress(req));
    enforceLimit(res, result, 'donations');
    return true;
  }
}
