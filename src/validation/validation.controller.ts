import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import { ApiConflictResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { roleAtLeast } from '../common/roles.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ConfigService } from '../config/config.service.js';
import { DatasetService } from '../dataset/dataset.service.js';
import { baseUrl } from '../uploads/links.js';
import { TasksService } from './tasks.service.js';
import { BatchVoteDto, GoldDto, NextTasksQueryDto, PairVotesDto, ValidationAlertDto, ValidationTaskDto, VoteDto, VoteResultDto } from './validation.dto.js';
import { ValidationRepository } from './validation.repository.js';
import { VoterResolver } from './voter-resolver.service.js';
import { VotingService } from './voting.service.js';

type VoteRequest = Request & { auth?: AuthContext };

@ApiTags('validation')
@Controller('api')
export class ValidationController {
  constructor(
    private readonly voters: VoterResolver,
    private readonly voting: VotingService,
    private readonly tasks: TasksService,
    private readonly repo: ValidationRepository,
    private readonly dataset: DatasetService,
    private readonly config: ConfigService,
  ) {}

  @Get('validation/next')
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({
    summary: 'The next image–label pairs to validate',
    description: 'Pairs you have not voted on and did not donate, most uncertain and least voted first. Anonymous voters are tracked by a signed cookie.',
  })
  @ApiOkResponse({ type: ValidationTaskDto, isArray: true })
  async next(@Query() query: NextTasksQueryDto, @Req() req: VoteRequest, @Res({ passthrough: true }) res: Response): Promise<ValidationTaskDto[]> {
    const voter = await this.voters.resolve(req, res);
    return this.tasks.next(voter, { query: query.query, label: query.label, count: query.count ?? 10 }, baseUrl(req, this.config.values));
  }

  @Post('validation/votes')
  @HttpCode(200)
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({ summary: 'Vote on many pairs at once; each vote gets its own result' })
  @ApiOkResponse({ type: VoteResultDto, isArray: true })
  async batch(@Body() dto: BatchVoteDto, @Req() req: VoteRequest, @Res({ passthrough: true }) res: Response): Promise<VoteResultDto[]> {
    const voter = await this.voters.resolve(req, res);
    await this.voters.throttle(voter, res, dto.votes.length);
    const results: VoteResultDto[] = [];
    for (const { pairId, answer } of dto.votes) {
      try {
        const outcome = await this.voting.vote(voter, pairId, answer);
        results.push({ pairId, result: 'ok', replaced: outcome.replaced, counted: outcome.counted });
      } catch (error) {
        const status = (error as { getStatus?: () => number }).getStatus?.();
        if (status !== 404 && status !== 403) throw error;
        results.push({ pairId, result: status === 404 ? 'not_found' : 'forbidden' });
      }
    }
    return results;
  }

  @Post('validation/:pairId/votes')
  @HttpCode(200)
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({ summary: 'Is the label right? yes, no or unsure', description: 'One vote per voter per pair: voting again replaces your earlier vote.' })
  @ApiOkResponse({ type: VoteResultDto })
  async vote(@Param('pairId', new ParseUUIDPipe()) pairId: string, @Body() dto: VoteDto, @Req() req: VoteRequest, @Res({ passthrough: true }) res: Response): Promise<VoteResultDto> {
    const voter = await this.voters.resolve(req, res);
    await this.voters.throttle(voter, res);
    const outcome = await this.voting.vote(voter, pairId, dto.answer);
    return { pairId, result: 'ok', replaced: outcome.replaced, counted: outcome.counted };
  }

  @Get('images/:id/labels')
  @Authenticated({ optional: true })
  @ApiTags('dataset')
  @ApiOperation({ summary: 'An image’s labels with their votes, probability and verdict' })
  @ApiOkResponse({ type: PairVotesDto, isArray: true })
  async pairs(@Auth() auth: AuthContext | undefined, @Param('id', new ParseUUIDPipe()) id: string): Promise<PairVotesDto[]> {
    await this.dataset.visible(auth, id);
    return this.repo.pairsOfImage(id, !!auth && roleAtLeast(auth.user.role, 'moderator'));
  }

  @Put('validation/pairs/:pairId/gold')
  @HttpCode(204)
  @Authenticated({ role: 'moderator' })
  @ApiOperation({ summary: 'Mark a pair as gold (a known answer mixed into voters’ queues to measure them), or unmark it' })
  @ApiNoContentResponse()
  @ApiConflictResponse({ description: 'The pair is a suggested label, which is never voted on', type: ErrorResponseDto })
  async gold(@Param('pairId', new ParseUUIDPipe()) pairId: string, @Body() dto: GoldDto): Promise<void> {
    await this.voting.setGold(pairId, dto.answer === null ? null : dto.answer === 'right');
  }

  @Get('validation/alerts')
  @Authenticated({ role: 'moderator' })
  @ApiOperation({ summary: 'Open validation alerts: fast probability swings, voters whose reliability collapsed' })
  @ApiOkResponse({ type: ValidationAlertDto, isArray: true })
  alerts(): Promise<ValidationAlertDto[]> {
    return this.repo.openAlerts(100);
  }
}
