import { Body, Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated, Public } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import {
  AcceptSuggestionsDto,
  LabelDetailDto,
  LabelSearchQueryDto,
  LabelSummaryDto,
  RejectSuggestionsDto,
  SuggestionPageDto,
  SuggestionQueryDto,
  SuggestionResultDto,
} from './labels.dto.js';
import { LabelsService } from './labels.service.js';

@ApiTags('labels')
@Controller('api/labels')
export class LabelsController {
  constructor(private readonly labels: LabelsService) {}

  @Get()
  @Public()
  @ApiOperation({ summary: 'Search the vocabulary (autocomplete)', description: 'By prefix of a name, plural, synonym or translation in any language; exact matches first.' })
  @ApiOkResponse({ type: LabelSummaryDto, isArray: true })
  search(@Query() query: LabelSearchQueryDto): Promise<LabelSummaryDto[]> {
    return this.labels.search(query);
  }

  @Get('suggestions')
  @Public()
  @ApiOperation({ summary: 'Labels people used that the vocabulary lacks, most used first' })
  @ApiOkResponse({ type: SuggestionPageDto })
  suggestions(@Query() query: SuggestionQueryDto): Promise<SuggestionPageDto> {
    return this.labels.suggestions(query);
  }

  @Post('suggestions/accept')
  @HttpCode(200)
  @Authenticated({ role: 'moderator' })
  @ApiOperation({
    summary: 'Accept suggestions in bulk',
    description: 'Each becomes a label (optionally renamed with `as`) or is merged into an existing label (`mergeInto`); its image pairs carry over. Results per item.',
  })
  @ApiOkResponse({ type: SuggestionResultDto, isArray: true })
  accept(@Auth() auth: AuthContext, @Body() dto: AcceptSuggestionsDto): Promise<SuggestionResultDto[]> {
    return this.labels.accept(auth, dto.items);
  }

  @Post('suggestions/reject')
  @HttpCode(200)
  @Authenticated({ role: 'moderator' })
  @ApiOperation({ summary: 'Reject suggestions in bulk (their pairs are removed)' })
  @ApiOkResponse({ type: SuggestionResultDto, isArray: true })
  reject(@Auth() auth: AuthContext, @Body() dto: RejectSuggestionsDto): Promise<SuggestionResultDto[]> {
    return this.labels.reject(auth, dto.suggestions);
  }

  @Get(':name')
  @Public()
  @ApiOperation({ summary: 'One label: terms per language, parent, children, parts, usage' })
  @ApiOkResponse({ type: LabelDetailDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  detail(@Param('name') name: string): Promise<LabelDetailDto> {
    return this.labels.detail(name);
  }
}
