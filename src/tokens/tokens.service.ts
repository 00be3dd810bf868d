import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { generateToken, hashToken, looksLikeToken } from '../../libs/secrets/index.js';
import { accountQuota, type AuthContext } from '../common/auth-context.js';
import { hasScope, roleAtLeast, type Scope, SCOPE_ROLE } from '../common/roles.js';
import { type CreatedTokenResponseDto, type CreateTokenDto, mapToken, type TokenResponseDto } from './tokens.dto.js';
import { TokensRepository } from './tokens.repository.js';
import { OutboxService } from '../webhooks/outbox.service.js';

export const API_TOKEN_KIND = 'api';
const DEFAULT_SCOPES: Scope[] = ['upload', 'read'];
/** lastUsedAt is written at most this often per token, so a busy ShareX client does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;

@Injectable()
export class TokensService {
  constructor(
    private readonly tokens: TokensRepository,
    private readonly outbox: OutboxService,
  ) {}

  async create(auth: AuthContext, dto: CreateTokenDto): Promise<CreatedTokenResponseDto> {
    const scopes = dto.scopes ?? DEFAULT_SCOPES;
    // A token that could mint tokens would outlive its own revocation (a leaked ShareX config is the usual case).
    if (auth.via === 'token' && !hasScope(auth.scopes, 'admin')) {
      throw new ForbiddenException('API tokens cannot create tokens: sign in (or use a token with the admin scope)');
    }
    if (auth.via === 'token') {
      const missing = scopes.filter((s) => !hasScope(auth.scopes, s));
      if (missing.length) throw new ForbiddenException(`A token cannot create a token with more scopes than its own (${missing.join(', ')})`);
    }
    for (const scope of scopes) {
      const role = SCOPE_ROLE[scope];
      if (role && !roleAtLeast(auth.user.role, role)) throw new ForbiddenException(`Only ${role}s can create tokens with the ${scope} scope`);
    }
    const secret = generateToken(API_TOKEN_KIND);
    const expiresAt = dto.expiresInDays ? new Date(Date.now() + dto.expiresInDays * 86_400_000) : null;
    const token = await this.tokens.transaction(async (manager) => {
      const created = await this.tokens.create(
        { userId: auth.user.id, name: dto.name, hint: secret.slice(0, 11), secretHash: hashToken(secret), scopes, expiresAt },
        manager,
      );
      // Never the secret, nor its hint or hash: who, which token, what it may do.
      await this.outbox.record(manager, 'token.created', {
        tokenId: created.id,
        userId: auth.user.id,
        username: auth.user.username,
        name: created.name,
        scopes,
        expiresAt: expiresAt ? expiresAt.toISOString() : null,
      });
      return created;
    });
    return { ...mapToken(token), secret };
  }

  async list(auth: AuthContext): Promise<TokenResponseDto[]> {
    return (await this.tokens.listActive(auth.user.id)).map(mapToken);
  }

  async revoke(auth: AuthContext, id: string): Promise<void> {
    // A token may revoke itself; the owner's other tokens are theirs to manage from a session (or an admin token).
    if (auth.via === 'token' && auth.tokenId !== id && !hasScope(auth.scopes, 'admin')) {
      throw new ForbiddenException('An API token can revoke only itself: sign in to manage your other tokens');
    }
    const revoked = await this.tokens.transaction(async (manager) => {
      const token = await this.tokens.revoke(auth.user.id, id, manager);
      if (token) {
        await this.outbox.record(manager, 'token.revoked', { tokenId: id, userId: auth.user.id, username: auth.user.username, name: token.name });
      }
      return token;
    });
    if (!revoked) throw new NotFoundException('No such token');
  }

  /** Staff revoke anyone's token; false when there is no live token of that id. */
  revokeAny(id: string): Promise<boolean> {
    return this.tokens.revokeById(id);
  }

  /** The caller behind an API token secret, or null when it is not a live token of an enabled user. */
  async authenticate(secret: string): Promise<AuthContext | null> {
    if (!looksLikeToken(secret, API_TOKEN_KIND)) return null;
    const token = await this.tokens.findBySecretHash(hashToken(secret));
    if (!token?.user || token.user.disabled) return null;
    const now = new Date();
    if (token.expiresAt && token.expiresAt <= now) return null;
    if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await this.tokens.touch(token.id, now);
    }
    const { id, username, role } = token.user;
    return { user: { id, username, role, quota: accountQuota(token.user) }, via: 'token', scopes: token.scopes, tokenId: token.id };
  }
}
