import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Req } from '@nestjs/common';
import { ApiConflictResponse, ApiCreatedResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ConfigService } from '../config/config.service.js';
import { AttachLabelsDto, ImageLabelDto } from '../labels/labels.dto.js';
import { LabelsService } from '../labels/labels.service.js';
import { baseUrl } from '../uploads/links.js';
import { DatasetImageDto, ReportDto, ReportResponseDto } from './dataset.dto.js';
import { DatasetService } from './dataset.service.js';
import { clientAddress } from '../common/client-address.js';

@ApiTags('dataset')
@Controller('api/images')
export class ImagesController {
  constructor(
    private readonly dataset: DatasetService,
    private readonly labels: LabelsService,
    private readonly config: ConfigService,
  ) {}

  @Get(':id')
  @Authenticated({ optional: true })
  @ApiOperation({ summary: 'A dataset image with its labels', description: 'Public once approved; pending ones only for their donor and moderators.' })
  @ApiOkResponse({ type: DatasetImageDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Auth() auth: AuthContext | undefined, @Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request): Promise<DatasetImageDto> {
    return this.dataset.get(auth, id, baseUrl(req, this.config.values));
  }

  @Post(':id/labels')
  @Authenticated({ scopes: ['vote'] })
  @ApiOperation({
    summary: 'Add labels to a dataset image',
    description: 'Its donor while pending, anyone signed-in once approved. Unknown names become suggestions (not errors); `{label: "ear", of: "dog"}` adds a part.',
  })
  @ApiCreatedResponse({ type: ImageLabelDto, isArray: true })
  label(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: AttachLabelsDto): Promise<ImageLabelDto[]> {
    return this.labels.labelImage(auth, id, dto.labels);
  }

  @Post(':id/reports')
  @Authenticated({ optional: true })
  @ApiOperation({ summary: 'Report a dataset image', description: 'One report per person; after `dataset.reportsToHide` reports the image is hidden until a moderator decides.' })
  @ApiCreatedResponse({ type: ReportResponseDto })
  @ApiConflictResponse({ description: 'You reported it already', type: ErrorResponseDto })
  report(@Auth() auth: AuthContext | undefined, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ReportDto, @Req() req: Request): Promise<ReportResponseDto> {
    return this.dataset.report(auth, id, dto.reason, clientAddress(req));
  }
}
