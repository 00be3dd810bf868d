import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ConfigService } from '../config/config.service.js';
import { DatasetService } from '../dataset/dataset.service.js';
import { ServingService } from '../serving/serving.service.js';
import { baseUrl } from '../uploads/links.js';
import { BatchModerationDto, ModerationActionDto, ModerationResultDto, QueuePageDto, QueueQueryDto } from './moderation.dto.js';
import { ModerationService } from './moderation.service.js';

@ApiTags('moderation')
@Controller('api/moderation')
export class ModerationController {
  constructor(
    private readonly moderation: ModerationService,
    private readonly dataset: DatasetService,
    private readonly serving: ServingService,
    private readonly config: ConfigService,
  ) {}

  @Get('queue')
  @Authenticated({ role: 'moderator' })
  @ApiOperation({ summary: 'Dataset images waiting for a decision, oldest first', description: 'With their labels, open reports and near-duplicate flags.' })
  @ApiOkResponse({ type: QueuePageDto })
  queue(@Query() query: QueueQueryDto, @Req() req: Request): Promise<QueuePageDto> {
    return this.moderation.queue(query, baseUrl(req, this.config.values));
  }

  @Post('images/:id')
  @HttpCode(200)
  @Authenticated({ role: 'moderator' })
  @ApiOperation({ summary: 'Approve, reject, quarantine or delete a dataset image', description: 'Recorded in the audit trail; emits image.approved / rejected / quarantined.' })
  @ApiOkResponse({ type: ModerationResultDto })
  @ApiConflictResponse({ description: 'Wrong state for the action (already approved, deleted…)', type: ErrorResponseDto })
  act(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: ModerationActionDto): Promise<ModerationResultDto> {
    return this.moderation.act(auth, id, dto.action, dto.reason);
  }

  @Post('images')
  @HttpCode(200)
  @Authenticated({ role: 'moderator' })
  @ApiOperation({ summary: 'One action on many images; each gets its own result' })
  @ApiOkResponse({ type: ModerationResultDto, isArray: true })
  batch(@Auth() auth: AuthContext, @Body() dto: BatchModerationDto): Promise<ModerationResultDto[]> {
    return this.moderation.batch(auth, dto.ids, dto.action, dto.reason);
  }

  @Get('images/:id/file')
  @Authenticated({ role: 'moderator' })
  @ApiOperation({ summary: 'The bytes of any dataset image, quarantined and hidden ones included' })
  @ApiProduces('image/*')
  async file(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string, @Req() req: Request, @Res() res: Response): Promise<void> {
    const found = await this.dataset.visible(auth, id);
    await this.serving.sendOriginal(req, res, found, 'private, no-store');
  }
}
