import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../common/roles.js';
import { ValidateEnum, ValidateInt } from '../common/validation.js';
import type { InviteEntity } from './invite.entity.js';

export class CreateInviteDto {
  @ValidateInt({ min: 1, max: 10_000, optional: true, description: 'How many accounts it can create (default 1)' })
  maxUses?: number;

  @ValidateInt({ min: 1, max: 24 * 365, optional: true, description: 'Hours until it expires (default 168, a week)' })
  expiresInHours?: number;

  @ValidateEnum(ROLES, { optional: true, description: 'Role of the accounts it creates (default user)' })
  role?: Role;
}

export class InviteResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty()
  maxUses: number;

  @ApiProperty()
  uses: number;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class CreatedInviteResponseDto extends InviteResponseDto {
  @ApiProperty({ description: 'The invite code; shown only now (stored as a hash)' })
  code: string;
}

export function mapInvite(invite: InviteEntity): InviteResponseDto {
  return {
    id: invite.id,
    role: invite.role,
    maxUses: invite.maxUses,
    uses: invite.uses,
    expiresAt: invite.expiresAt ? invite.expiresAt.toISOString() : null,
    createdAt: invite.createdAt.toISOString(),
  };
}
