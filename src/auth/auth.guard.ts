import {
  type CanActivate,
  type ExecutionContext,
  ForbiddenException,
  HttpException,
  HttpStatus,
  Injectable,
  UnauthorizedException,
} from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AuthGuard as PassportAuthGuard } from '@nestjs/passport';
import type { Request } from 'express';
import { AUTH_METADATA, type AuthContext, type AuthRequirements } from '../common/auth-context.js';
import { hasScope, ROLE_SCOPE, roleAtLeast } from '../common/roles.js';
import { TokensService } from '../tokens/tokens.service.js';
import { AuthFailureLimiter } from './auth-failure.limiter.js';
import { extractCredential, looksLikeJwt } from './credentials.js';
import { clientAddress } from '../common/client-address.js';

type AuthedRequest = Request & { auth?: AuthContext; user?: AuthContext };

class JwtPassportGuard extends PassportAuthGuard('jwt') {
  handleRequest<T>(error: unknown, user: T): T {
    if (error || !user) throw new UnauthorizedException('Invalid, expired or revoked session token');
    return user;
  }
}

/**
 * The one global guard: every route needs a valid credential unless it is @Public(); @Authenticated()
 * adds role and scope rules. API tokens (`ih_api_…`) are looked up by hash, JWTs go through passport-jwt,
 * and anything else (a user id, a password, garbage) is refused without touching the database.
 */
@Injectable()
export class AuthGuard implements CanActivate {
  private readonly jwt = new JwtPassportGuard();

  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokensService,
    private readonly failures: AuthFailureLimiter,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    const needs =
      this.reflector.getAllAndOverride<AuthRequirements | undefined>(AUTH_METADATA, [context.getHandler(), context.getClass()]) ?? {};
    if (needs.public) return true;
    const req = context.switchToHttp().getRequest<AuthedRequest>();
    const credential = extractCredential(req);
    if (!credential) {
      if (needs.optional) return true;
      throw new UnauthorizedException('Authentication required: send Authorization: Bearer <token>');
    }
    const auth = await this.authenticate(context, req, credential);
    req.auth = auth;
    this.authorize(auth, needs);
    return true;
  }

  private async authenticate(context: ExecutionContext, req: AuthedRequest, credential: string): Promise<AuthContext> {
    const client = clientAddress(req);
    if (await this.failures.isBlocked(client)) {
      throw new HttpException('Too many failed authentication attempts; wait a minute', HttpStatus.TOO_MANY_REQUESTS);
    }
    let auth: AuthContext | null = null;
    if (looksLikeJwt(credential)) {
      try {
        await this.jwt.canActivate(context);
        auth = req.user ?? null;
      } catch (error) {
        if (!(error instanceof UnauthorizedException)) throw error;
      }
    } else {
      auth = await this.tokens.authenticate(credential);
    }
    if (auth) return auth;
    await this.failures.recordFailure(client);
    throw new UnauthorizedException('Invalid, expired or revoked credentials');
  }

  private authorize(auth: AuthContext, needs: AuthRequirements): void {
    if (needs.role && !roleAtLeast(auth.user.role, needs.role)) {
      throw new ForbiddenException(`This needs the ${needs.role} role`);
    }
    const byRole = needs.role ? ROLE_SCOPE[needs.role] : null;
    const scopes = [...(needs.scopes ?? []), ...(byRole ? [byRole] : [])];
    const missing = scopes.filter((s) => !hasScope(auth.scopes, s));
    if (missing.length) throw new ForbiddenException(`This token lacks the scope ${missing.join(', ')}`);
  }
}
