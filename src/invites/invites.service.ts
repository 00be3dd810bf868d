import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { generateToken, hashToken, looksLikeToken } from '../../libs/secrets/index.js';
import type { AuthContext } from '../common/auth-context.js';
import type { Role } from '../common/roles.js';
import { type CreatedInviteResponseDto, type CreateInviteDto, type InviteResponseDto, mapInvite } from './invites.dto.js';
import { InvitesRepository } from './invites.repository.js';

const INVITE_KIND = 'inv';

@Injectable()
export class InvitesService {
  constructor(private readonly invites: InvitesRepository) {}

  async create(auth: AuthContext, dto: CreateInviteDto): Promise<CreatedInviteResponseDto> {
    const code = generateToken(INVITE_KIND);
    const invite = await this.invites.create({
      codeHash: hashToken(code),
      createdById: auth.user.id,
      role: dto.role ?? 'user',
      maxUses: dto.maxUses ?? 1,
      expiresAt: new Date(Date.now() + (dto.expiresInHours ?? 168) * 3_600_000),
    });
    return { ...mapInvite(invite), code };
  }

  async list(): Promise<InviteResponseDto[]> {
    return (await this.invites.listLive()).map(mapInvite);
  }

  async revoke(id: string): Promise<void> {
    if (!(await this.invites.revoke(id))) throw new NotFoundException('No such invite');
  }

  /**
   * Uses one slot of the invite and runs `work` (creating the account) in the same transaction: either both
   * happen or neither.
   */
  async redeem<T>(code: string, work: (role: Role, manager: EntityManager) => Promise<T>): Promise<T> {
    const refused = new ForbiddenException('This invite code is invalid, expired or used up');
    if (!looksLikeToken(code, INVITE_KIND)) throw refused;
    return this.invites.withLockedInvite(hashToken(code), async (invite, manager) => {
      const live = invite && !invite.revokedAt && invite.uses < invite.maxUses && (!invite.expiresAt || invite.expiresAt > new Date());
      if (!live) throw refused;
      await this.invites.incrementUses(manager, invite.id);
      return work(invite.role, manager);
    });
  }
}
