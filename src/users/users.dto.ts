import { ApiProperty } from '@nestjs/swagger';
import { ROLES, type Role } from '../common/roles.js';
import { PageInfoDto, PageQueryDto } from '../common/pagination.js';
import { ValidateBoolean, ValidateEnum, ValidatePassword, ValidateString } from '../common/validation.js';
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

export class UserListQueryDto extends PageQueryDto {
  @ValidateString({ max: 64, optional: true, description: 'Part of the username or email' })
  search?: string;

  @ValidateEnum(ROLES, { optional: true })
  role?: Role;
}

export class UserPageDto extends PageInfoDto {
  @ApiProperty({ type: UserResponseDto, isArray: true })
  items: UserResponseDto[];
}

export class UpdateUserDto {
  @ValidateEnum(ROLES, { optional: true })
  role?: Role;

  @ValidateBoolean({ optional: true, description: 'A disabled user cannot sign in; their sessions and tokens stop working' })
  disabled?: boolean;
}
