import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../common/roles.js';
import { ValidatePassword } from '../common/validation.js';
import type { UserEntity } from './user.entity.js';

export class UserResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  username: string;

  @ApiProperty({ type: String, nullable: true, format: 'email' })
  email: string | null;

  @ApiProperty({ enum: ROLES })
  role: Role;

  @ApiProperty()
  disabled: boolean;

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;
}

export class ChangePasswordDto {
  @ValidatePassword({ description: 'The current password' })
  currentPassword: string;

  @ValidatePassword({ description: 'At least 8 characters' })
  newPassword: string;
}

export function mapUser(user: UserEntity): UserResponseDto {
  return {
    id: user.id,
    username: user.username,
    email: user.email,
    role: user.role,
    disabled: user.disabled,
    createdAt: user.createdAt.toISOString(),
  };
}
