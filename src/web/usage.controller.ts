import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ConfigService } from '../config/config.service.js';
import { UploadsRepository } from '../uploads/uploads.repository.js';

export class UsageResponseDto {
  @ApiProperty({ description: 'Bytes my uploads take (stored size)' })
  bytes: number;

  @ApiProperty({ description: 'How many uploads I have' })
  files: number;

  @ApiProperty({ type: Number, nullable: true, description: 'My byte quota; null when unlimited' })
  quotaBytes: number | null;

  @ApiProperty({ type: Number, nullable: true, description: 'My file quota; null when unlimited' })
  quotaFiles: number | null;
}

@ApiTags('uploads')
@Controller('api/users/me')
export class UsageController {
  constructor(
    private readonly uploads: UploadsRepository,
    private readonly config: ConfigService,
  ) {}

  @Get('usage')
  @Authenticated({ scopes: ['read'] })
  @ApiOperation({ summary: 'My storage used, against my quota' })
  @ApiOkResponse({ type: UsageResponseDto })
  async usage(@Auth() auth: AuthContext): Promise<UsageResponseDto> {
    const [used, owner] = await Promise.all([this.uploads.usage(auth.user.id), this.uploads.quotaOf(auth.user.id)]);
    const quota = this.config.values.uploads.quota;
    return { ...used, quotaBytes: owner?.quotaBytes ?? quota.bytes ?? null, quotaFiles: owner?.quotaFiles ?? quota.files ?? null };
  }
}
