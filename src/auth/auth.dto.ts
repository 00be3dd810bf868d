import { ApiProperty } from '@nestjs/swagger';
import { IsString, MaxLength, MinLength } from 'class-validator';
import { ValidateEmail, ValidatePassword, ValidateString, ValidateUsername } from '../common/validation.js';
import { UserResponseDto } from '../users/users.dto.js';

export class LoginDto {
  // Not the full username rules: a login with a malformed name is simply a failed login.
  @IsString()
  @MinLength(1)
  @MaxLength(64)
  @ApiProperty({ example: 'admin' })
  username: string;

  @IsString()
  @MinLength(1)
  @MaxLength(256)
  @ApiProperty({ format: 'password' })
  password: string;
}

export class RegisterDto {
  @ValidateUsername()
  username: string;

  @ValidatePassword({ description: 'At least 8 characters' })
  password: string;

  @ValidateEmail({ optional: true })
  email?: string;

  @ValidateString({ max: 128, optional: true, description: 'Needed when registration is by invite' })
  inviteCode?: string;
}

export class LoginResponseDto {
  @ApiProperty({ description: 'A JWT; send it as `Authorization: Bearer <accessToken>`' })
  accessToken: string;

  @ApiProperty({ enum: ['Bearer'] })
  tokenType: 'Bearer';

  @ApiProperty({ description: 'Seconds until the access token expires' })
  expiresIn: number;
}

export class RegisterResponseDto extends LoginResponseDto {
  @ApiProperty({ type: UserResponseDto })
  user: UserResponseDto;
}

export class AuthSettingsDto {
  @ApiProperty({ enum: ['open', 'invite', 'closed'] })
  registration: 'open' | 'invite' | 'closed';
}
