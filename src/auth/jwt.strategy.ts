import { Injectable } from '@nestjs/common';
import { PassportStrategy } from '@nestjs/passport';
import type { Request } from 'express';
import { Strategy } from 'passport-jwt';
import { accountQuota, type AuthContext } from '../common/auth-context.js';
import { SCOPES } from '../common/roles.js';
import { UsersService } from '../users/users.service.js';
import { extractCredential } from './credentials.js';
import { JwtSecret } from './jwt-secret.js';

export interface JwtPayload {
  sub: string;
  /** The user's sessionVersion when signed; a password change bumps it and retires older tokens. */
  ver: number;
}

@Injectable()
export class JwtStrategy extends PassportStrategy(Strategy, 'jwt') {
  constructor(
    secret: JwtSecret,
    private readonly users: UsersService,
  ) {
    super({
      jwtFromRequest: (req: Request) => extractCredential(req) ?? null,
      secretOrKey: secret.value,
      algorithms: ['HS256'],
      ignoreExpiration: false,
    });
  }

  async validate(payload: JwtPayload): Promise<AuthContext | false> {
    const user = await this.users.getActive(payload.sub);
    if (!user || user.sessionVersion !== payload.ver) return false;
    return { user: { id: user.id, username: user.username, role: user.role, quota: accountQuota(user) }, via: 'session', scopes: SCOPES };
  }
}
