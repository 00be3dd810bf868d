import { Body, Controller, Param, ParseUUIDPipe, Post, Req, UseGuards, UseInterceptors } from '@nestjs/common';
import { ApiBody, ApiConflictResponse, ApiConsumes, ApiCreatedResponse, ApiOperation, ApiTags, ApiTooManyRequestsResponse } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ConfigService } from '../config/config.service.js';
import { baseUrl } from '../uploads/links.js';
import { FileInterceptorFor, type ReceivedFile } from '../uploads/upload.interceptor.js';
import { DonateUploadDto, DonationResponseDto } from './dataset.dto.js';
import { DatasetService } from './dataset.service.js';
import { DonationThrottleGuard } from './donation-throttle.guard.js';
import { labelsFromForm } from './form-labels.js';

type DonationRequest = Request & { receivedFile: ReceivedFile; body: Record<string, unknown> };

@ApiTags('dataset')
@Controller('api')
export class DonationsController {
  constructor(
    private readonly dataset: DatasetService,
    private readonly config: ConfigService,
  ) {}

  @Post('donations')
  @Authenticated({ optional: true, scopes: ['upload'] })
  @UseGuards(DonationThrottleGuard)
  @UseInterceptors(FileInterceptorFor(['image']))
  @ApiOperation({
    summary: 'Donate a photo to the public dataset (CC0)',
    description:
      'Multipart: the file in `image`, `consent=true` (you dedicate it to the public domain), and any number of `labels` fields (or one comma-separated). Anonymous donations are allowed when `dataset.anonymousDonations` is on, with a stricter rate limit. The image waits for a moderator (`pending`).',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({
    schema: {
      type: 'object',
      required: ['image', 'consent'],
      properties: {
        image: { type: 'string', format: 'binary' },
        consent: { type: 'string', enum: ['true'] },
        labels: { type: 'array', items: { type: 'string' } },
      },
    },
  })
  @ApiCreatedResponse({ type: DonationResponseDto })
  @ApiConflictResponse({ description: 'These exact bytes are in the dataset already (existingImageId)', type: ErrorResponseDto })
  @ApiTooManyRequestsResponse({ description: 'Too many donations from this client', type: ErrorResponseDto })
  donate(@Auth() auth: AuthContext | undefined, @Req() req: DonationRequest): Promise<DonationResponseDto> {
    return this.dataset.donate(auth, req.receivedFile, labelsFromForm(req.body.labels), req.body.consent, baseUrl(req, this.config.values));
  }

  @Post('uploads/:id/donate')
  @Authenticated({ scopes: ['upload'] })
  @ApiOperation({ summary: 'Donate one of my uploads to the public dataset (CC0)', description: 'It stays reachable by its link; it no longer expires.' })
  @ApiCreatedResponse({ type: DonationResponseDto })
  donateUpload(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: DonateUploadDto, @Req() req: Request): Promise<DonationResponseDto> {
    return this.dataset.donateUpload(auth, id, dto.labels ?? [], baseUrl(req, this.config.values));
  }
}
