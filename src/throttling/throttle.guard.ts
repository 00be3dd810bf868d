import { type CanActivate, type ExecutionContext, HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { type LimitResult, RateLimiterRepository } from './rate-limiter.repository.js';
import { THROTTLE_METADATA, type ThrottlePolicy } from './throttle.decorators.js';
import { clientAddress } from '../common/client-address.js';

/** Global per-client request limit, plus the login limit where a route asks for it. */
@Injectable()
export class ThrottleGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly limiter: RateLimiterRepository,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const policy = this.reflector.getAllAndOverride<ThrottlePolicy | undefined>(THROTTLE_METADATA, [context.getHandler(), context.getClass()]);
    if (policy === 'skip') return true;
    const req = context.switchToHttp().getRequest<Request>();
    const res = context.switchToHttp().getResponse<Response>();
    const client = clientAddress(req);
    enforceLimit(res, await this.limiter.consume('default', client));
    if (policy === 'login') enforceLimit(res, await this.limiter.consume('login', client));
    return true;
  }
}

/** Sets the RateLimit headers; over the limit, answers 429 with Retry-After. */
export function enforceLimit(res: Response, result: LimitResult, what = 'requests'): void {
  res.setHeader('RateLimit-Limit', result.limit);
  res.setHeader('RateLimit-Remaining', Math.max(0, result.remaining));
  if (result.allowed) return;
  res.setHeader('Retry-After', result.retryAfterSeconds);
  throw new HttpException(`Too many ${what}; try again in ${result.retryAfterSeconds} s`, HttpStatus.TOO_MANY_REQUESTS);
}
