import { Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post, Query, Req, UseInterceptors } from '@nestjs/common';
import {
  ApiBody,
  ApiConsumes,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiPayloadTooLargeResponse,
  ApiTags,
  ApiUnprocessableEntityResponse,
  ApiUnsupportedMediaTypeResponse,
} from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AllowCompressionBypass, CompressionBypassed } from '../compression/compression-bypass.js';
import { ConfigService } from '../config/config.service.js';
import { baseUrl } from './links.js';
import { parseUploadOptions, UploadOptionHeaders } from './upload-options.js';
import { type ReceivedFile, UploadInterceptor } from './upload.interceptor.js';
import { AdminUploadListQueryDto, UploadListQueryDto, UploadPageDto, UploadResponseDto } from './uploads.dto.js';
import { UploadsService } from './uploads.service.js';


type UploadRequest = Request & { receivedFile: ReceivedFile };

@ApiTags('uploads')
@Controller()
export class UploadsController {
  constructor(
    private readonly service: UploadsService,
    private readonly config: ConfigService,
  ) {}

  @Post('api/upload')
  @Authenticated({ scopes: ['upload'] })
  @UseInterceptors(UploadInterceptor)
  @AllowCompressionBypass()
  @ApiOperation({
    summary: 'Upload an image (ShareX)',
    description:
      'Multipart with the file in `upload` (or `file`). The type is read from the bytes: JPEG, PNG, GIF, WebP, AVIF, TIFF by default; SVG and anything that can carry script are refused. Metadata (GPS included) is stripped after applying the EXIF orientation.',
  })
  @ApiConsumes('multipart/form-data')
  @ApiBody({ schema: { type: 'object', properties: { upload: { type: 'string', format: 'binary' }, file: { type: 'string', format: 'binary' } } } })
  @ApiCreatedResponse({ type: UploadResponseDto })
  @ApiPayloadTooLargeResponse({ description: 'Over the size limit or the quota', type: ErrorResponseDto })
  @ApiUnsupportedMediaTypeResponse({ description: 'Not an allowed image type', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'Undecodable, truncated, or over the pixel limit', type: ErrorResponseDto })
  @UploadOptionHeaders()
  upload(@Auth() auth: AuthContext, @Req() req: UploadRequest, @CompressionBypassed() bypass: boolean): Promise<UploadResponseDto> {
    const file = req.receivedFile;
    const options = parseUploadOptions(req.headers);
    return this.service.upload(auth, { source: file.source, originalName: file.originalName, size: file.size, bypassCompression: bypass, options, signal: file.signal }, baseUrl(req, this.config.values));
  }

  @Get('api/uploads')
  @Authenticated({ scopes: ['read'] })
  @ApiOperation({ summary: 'My uploads, newest first (cursor pagination; filter by type and date; search by name)' })
  @ApiOkResponse({ type: UploadPageDto })
  list(@Auth() auth: AuthContext, @Query() query: UploadListQueryDto, @Req() req: Request): Promise<UploadPageDto> {
    return this.service.list(auth, query, baseUrl(req, this.config.values));
  }

  @Get('api/admin/uploads')
  @Authenticated({ role: 'admin' })
  @ApiTags('admin')
  @ApiOperation({ summary: 'Everyone’s uploads, newest first; filter by owner, type, date; search by name' })
  @ApiOkResponse({ type: UploadPageDto })
  listAll(@Auth() auth: AuthContext, @Query() query: AdminUploadListQueryDto, @Req() req: Request): Promise<UploadPageDto> {
    return this.service.list(auth, query, baseUrl(req, this.config.values), true);
  }

  @Delete('api/uploads/:id')
  @HttpCode(204)
  @Authenticated({ scopes: ['upload'] })
  @ApiOperation({ summary: 'Delete an upload (its owner, or an admin)', description: 'The bytes and every variant go too, unless another link uses the same bytes.' })
  @ApiNoContentResponse()
  async delete(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    await this.service.delete(auth, id);
  }
}
