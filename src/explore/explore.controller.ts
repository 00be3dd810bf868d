import { Controller, Get, Query, Req } from '@nestjs/common';
import { ApiBadRequestResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ConfigService } from '../config/config.service.js';
import { baseUrl } from '../uploads/links.js';
import { DatasetSearchQueryDto, DatasetSearchResultDto } from './explore.dto.js';
import { ExploreService } from './explore.service.js';

@ApiTags('dataset')
@Controller('api/dataset')
export class ExploreController {
  constructor(
    private readonly explore: ExploreService,
    private readonly config: ConfigService,
  ) {}

  @Get('search')
  @Public()
  @ApiOperation({
    summary: 'Approved dataset images matching a query, with the total count',
    description: 'Newest first. A query with a syntax error is a 400 with `position`, `length` (in characters) and a `caret` drawing.',
  })
  @ApiOkResponse({ type: DatasetSearchResultDto })
  @ApiBadRequestResponse({ description: 'The query does not parse', type: ErrorResponseDto })
  search(@Query() query: DatasetSearchQueryDto, @Req() req: Request): Promise<DatasetSearchResultDto> {
    return this.explore.search(query, baseUrl(req, this.config.values));
  }
}
