import { Controller, Get, Param } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../common/decorators.js';
import { StatisticsService } from './statistics.service.js';

@ApiTags('statistics')
@Controller('api')
export class StatisticsController {
  constructor(private readonly statistics: StatisticsService) {}

  @Get('statistics')
  @Public()
  @ApiOperation({ summary: 'Dataset totals, per-label counts and contributions per day (last 30 days)' })
  overview() {
    return this.statistics.overview();
  }

  @Get('labels/:name/statistics')
  @Public()
  @ApiOperation({ summary: 'One label: images, confirmed pairs, votes' })
  label(@Param('name') name: string) {
    return this.statistics.label(name);
  }
}
