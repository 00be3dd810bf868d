import { Controller, Get, Param } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { LabelStatisticsDto, StatisticsDto } from './statistics.dto.js';
import { StatisticsService } from './statistics.service.js';

@ApiTags('statistics')
@Controller('api')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('statistics')
  @Public()
  @ApiOperation({ summary: 'Dataset totals, per-label counts and contributions per day (last 30 days)' })
  @ApiOkResponse({ type: StatisticsDto })
  overview(): Promise<StatisticsDto> {
    return this.statistics.overview();
  }

  @Get('labels/:name/statistics')
  @Public()
  @ApiOperation({ summary: 'One label: images, confirmed pairs, votes' })
  @ApiOkResponse({ type: LabelStatisticsDto })
  @ApiNotFoundResponse({ description: 'No label by that name', type: ErrorResponseDto })
  label(@Param('name') name: string): Promise<LabelStatisticsDto> {
    return this.statistics.label(name);
  }
}
