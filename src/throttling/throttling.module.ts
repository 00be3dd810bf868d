import { Global, Module } from '@nestjs/common';
import { RateLimiterRepository } from './rate-limiter.repository.js';
import { ThrottleGuard } from './throttle.guard.js';

@Global()
@Module({ providers: [RateLimiterRepository, ThrottleGuard], exports: [RateLimiterRepository, ThrottleGuard] })
export class ThrottlingModule {}
