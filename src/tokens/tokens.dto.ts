import { ApiProperty } from '@nestjs/swagger';
import { SCOPES, type Scope } from '../common/roles.js';
import { ValidateEnumArray, ValidateInt, ValidateString } from '../common/validation.js';
import type { ApiTokenEntity } from './api-token.entity.js';

export class CreateTokenDto {
  @ValidateString({ max: 64, description: 'A name to recognise the token by', example: 'ShareX on my laptop' })
  name: string;

  @ValidateEnumArray(SCOPES, { description: 'What the token may do (default: upload, read)', optional: true, minItems: 1 })
  scopes?: Scope[];

  @ValidateInt({ min: 1, max: 3650, optional: true, description: 'Days until it expires (default: never)' })
  expiresInDays?: number;
}

export class TokenResponseDto {
  @ApiProperty({ format: 'uuid' })
  id: string;

  @ApiProperty()
  name: string;

  @ApiProperty({ description: 'The start of the secret, to tell tokens apart', example: 'ih_api_Xy3k' })
  hint: string;

  @ApiProperty({ enum: SCOPES, isArray: true })
  scopes: Scope[];

  @ApiProperty({ type: String, format: 'date-time' })
  createdAt: string;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  lastUsedAt: string | null;

  @ApiProperty({ type: String, format: 'date-time', nullable: true })
  expiresAt: string | null;
}

export class CreatedTokenResponseDto extends TokenResponseDto {
  @ApiProperty({ description: 'The secret. Shown only in this response; Imagehive keeps only its hash.' })
  secret: string;
}

const iso = (date: Date | null) => (date ? date.toISOString() : null);

export function mapToken(token: ApiTokenEntity): TokenResponseDto {
  return {
    id: token.id,
    name: token.name,
    hint: token.hint,
    scopes: token.scopes,
    createdAt: token.createdAt.toISOString(),
    lastUsedAt: iso(token.lastUsedAt),
    expiresAt: iso(token.expiresAt),
  };
}
