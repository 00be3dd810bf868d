import { Controller, Get, ServiceUnavailableException } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { SkipThrottle } from '../throttling/throttle.decorators.js';
import { Public } from '../common/decorators.js';
import { HealthResponseDto } from './health.dto.js';
import { HealthRepository } from './health.repository.js';

@ApiTags('health')
@Controller('health')
@SkipThrottle()
export class HealthController {
  constructor(private readonly health: HealthRepository) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Liveness: the process answers' })
  @ApiOkResponse({ type: HealthResponseDto })
  live(): HealthResponseDto {
    return { status: 'ok' };
  }

  @Get('ready')
  @Public()
  @ApiOperation({ summary: 'Readiness: the database answers' })
  @ApiOkResponse({ type: HealthResponseDto })
  @ApiServiceUnavailableResponse({ description: 'The database does not answer' })
  async ready(): Promise<HealthResponseDto> {
    const database = await this.health.databaseReachable();
    if (!database.ok) throw new ServiceUnavailableException(`Database unreachable: ${database.reason}`);
    return { status: 'ok', database: database.kind };
  }
}
