import { Controller, Get, Logger, Query, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../common/decorators.js';
import { ConfigService } from '../config/config.service.js';
import { baseUrl } from '../uploads/links.js';
import { BrowsePageDto, BrowseQueryDto, CountDto, ExportQueryDto, SelectionQueryDto } from './export.dto.js';
import { ExportService } from './export.service.js';

@ApiTags('export')
@Controller('api')
export class ExportController {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly exports: ExportService,
    private readonly config: ConfigService,
  ) {}

  @Get('export')
  @Public()
  @ApiOperation({
    summary: 'Export the dataset (streamed)',
    description:
      'Approved images whose labels count (probability ≥ minProbability with ≥ minVotes votes), filtered by `query`. Single-file formats (coco, csv, jsonl) come as that file; with `images=true`, a `split`, or a folder format, a zip. A bad query or format fails before the first byte.',
  })
  @ApiProduces('application/zip', 'application/json', 'text/csv', 'application/x-ndjson')
  async export(@Query() dto: ExportQueryDto, @Req() req: Request, @Res() res: Response): Promise<void> {
    const plan = this.exports.plan(dto);
    try {
      await this.exports.stream(plan, res, (values) => res.set(values), baseUrl(req, this.config.values));
    } catch (error) {
      // Bytes are out already: the status cannot change. End the stream broken, so the client knows.
      this.logger.error({ err: error }, 'Export failed mid-stream');
      res.destroy(error as Error);
    }
  }

  @Get('export/count')
  @Public()
  @ApiOperation({ summary: 'How many images an export with these settings would hold (for a live preview)' })
  @ApiOkResponse({ type: CountDto })
  async count(@Query() dto: SelectionQueryDto): Promise<CountDto> {
    return { count: await this.exports.count(dto) };
  }

  @Get('images')
  @Public()
  @ApiTags('dataset')
  @ApiOperation({ summary: 'Browse the dataset: the images an export would hold, as JSON pages' })
  @ApiOkResponse({ type: BrowsePageDto })
  browse(@Query() dto: BrowseQueryDto, @Req() req: Request): Promise<BrowsePageDto> {
    return this.exports.browse(dto, baseUrl(req, this.config.values));
  }
}
