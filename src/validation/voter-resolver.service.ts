import { Injectable, UnauthorizedException } from '@nestjs/common';
import type { Request, Response } from 'express';
import { JwtSecret } from '../auth/jwt-secret.js';
import type { AuthContext } from '../common/auth-context.js';
import { ConfigService } from '../config/config.service.js';
import { RateLimiterRepository } from '../throttling/rate-limiter.repository.js';
import { enforceLimit } from '../throttling/throttle.guard.js';
import { ValidationRepository } from './validation.repository.js';
import { issueVoterCookie, readCookie, VOTER_COOKIE, voterKeyFromCookie } from './voter-identity.js';
import type { VoterEntity } from './voter.entity.js';

/** Who is voting: the signed-in user, or an anonymous visitor known by a signed cookie (issued on first visit). */
@Injectable()
export class VoterResolver {
  constructor(
    private readonly repo: ValidationRepository,
    private readonly secret: JwtSecret,
    private readonly config: ConfigService,
    private readonly limiter: RateLimiterRepository,
  ) {}

  async resolve(req: Request & { auth?: AuthContext }, res: Response): Promise<VoterEntity> {
    if (req.auth) return this.repo.voter({ userId: req.auth.user.id });
    if (!this.config.values.validation.anonymousVoting) throw new UnauthorizedException('Sign in to vote: anonymous voting is off on this server');
    let cookie = readCookie(req.headers.cookie, VOTER_COOKIE);
    let key = voterKeyFromCookie(cookie, this.secret.value);
    if (!key) {
      cookie = issueVoterCookie(this.secret.value);
      key = voterKeyFromCookie(cookie, this.secret.value)!;
      res.cookie(VOTER_COOKIE, cookie, {
        httpOnly: true,
        sameSite: 'lax',
        secure: req.secure,
        maxAge: 365 * 24 * 3600 * 1000,
        path: '/',
      });
    }
    return this.repo.voter({ anonKey: key });
  }

  /** Votes per voter per window (validation.voteThrottle): 429 with Retry-After when voting too fast. */
  async throttle(voter: VoterEntity, res: Response, votes = 1): Promise<void> {
    for (let i = 0; i < votes; i++) enforceLimit(res, await this.limiter.consume('vote', voter.id), 'votes');
  }
}
