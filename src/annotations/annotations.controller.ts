import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, ParseUUIDPipe, Post, Put, Query, Req, Res } from '@nestjs/common';
import {
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNoContentResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiUnprocessableEntityResponse,
} from '@nestjs/swagger';
import type { Request, Response } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { ConfigService } from '../config/config.service.js';
import { baseUrl } from '../uploads/links.js';
import { VoterResolver } from '../validation/voter-resolver.service.js';
import { AnnotationTasksService } from './annotation-tasks.service.js';
import { AnnotationVotesService } from './annotation-votes.service.js';
import {
  AnnotationDto,
  AnnotationRevisionDto,
  AnnotationTaskDto,
  AnnotationVoteDto,
  AnnotationVoteResultDto,
  CreateAnnotationDto,
  NextAnnotationQueryDto,
  ReviseAnnotationDto,
  TaskAnswerResultDto,
} from './annotations.dto.js';
import { AnnotationsService } from './annotations.service.js';
import { ImageAnnotationsDto, ImageAnnotationsQueryDto } from './image-annotations.dto.js';

type AnnotateRequest = Request & { auth?: AuthContext };
const uuid = () => new ParseUUIDPipe();
const revisionNumber = () => new ParseIntPipe({ exceptionFactory: () => new BadRequestException('The revision number must be a whole number') });

@ApiTags('annotations')
@Controller('api')
export class AnnotationsController {
  constructor(
    private readonly annotations: AnnotationsService,
    private readonly votes: AnnotationVotesService,
    private readonly tasks: AnnotationTasksService,
    private readonly voters: VoterResolver,
    private readonly config: ConfigService,
  ) {}

  @Get('annotation/next')
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({
    summary: 'The next label to draw',
    description:
      'A confirmed object label on an approved image that still wants drawings (annotations.drawingsPerPair), that fewer than annotations.notAnnotatableThreshold people called not annotatable, and that you have neither drawn nor answered. 204 when none is left.',
  })
  @ApiOkResponse({ type: AnnotationTaskDto })
  @ApiNoContentResponse({ description: 'No task left for you' })
  async next(@Query() query: NextAnnotationQueryDto, @Req() req: AnnotateRequest, @Res({ passthrough: true }) res: Response): Promise<AnnotationTaskDto | undefined> {
    const voter = await this.voters.resolve(req, res);
    const task = await this.tasks.next(voter, query, baseUrl(req, this.config.values));
    if (!task) res.status(204);
    return task ?? undefined;
  }

  @Post('annotation/pairs/:pairId/skip')
  @HttpCode(200)
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({ summary: 'Skip this annotation task: it is not offered to you again' })
  @ApiOkResponse({ type: TaskAnswerResultDto })
  async skip(@Param('pairId', uuid()) pairId: string, @Req() req: AnnotateRequest, @Res({ passthrough: true }) res: Response): Promise<TaskAnswerResultDto> {
    const voter = await this.voters.resolve(req, res);
    await this.voters.throttle(voter, res);
    return this.tasks.answer(req.auth, voter, pairId, 'skip');
  }

  @Post('annotation/pairs/:pairId/not-annotatable')
  @HttpCode(200)
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({
    summary: 'This label cannot be outlined in this image',
    description: 'Not offered to you again; after annotations.notAnnotatableThreshold such answers it leaves everyone’s queue.',
  })
  @ApiOkResponse({ type: TaskAnswerResultDto })
  async notAnnotatable(@Param('pairId', uuid()) pairId: string, @Req() req: AnnotateRequest, @Res({ passthrough: true }) res: Response): Promise<TaskAnswerResultDto> {
    const voter = await this.voters.resolve(req, res);
    await this.voters.throttle(voter, res);
    return this.tasks.answer(req.auth, voter, pairId, 'not_annotatable');
  }

  @Post('images/:id/annotations')
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({ summary: 'Draw a label: one or more shapes outlining its objects (revision 1)', description: 'One drawing per person per label; change it with PUT.' })
  @ApiCreatedResponse({ type: AnnotationDto })
  @ApiUnprocessableEntityResponse({ description: 'A shape breaks a rule: `violations` lists each with shapeIndex and rule', type: ErrorResponseDto })
  @ApiConflictResponse({ description: 'You already drew this label here, or the image or label cannot be annotated', type: ErrorResponseDto })
  async create(@Param('id', uuid()) id: string, @Body() dto: CreateAnnotationDto, @Req() req: AnnotateRequest, @Res({ passthrough: true }) res: Response): Promise<AnnotationDto> {
    const voter = await this.voters.resolve(req, res);
    await this.voters.throttle(voter, res);
    return this.annotations.create(req.auth, voter, id, dto);
  }

  @Get('images/:id/annotations')
  @Authenticated({ optional: true })
  @ApiOperation({ summary: 'Every drawing on an image by label, with coverage; ?consensus=true merges agreeing drawings' })
  @ApiOkResponse({ type: ImageAnnotationsDto })
  ofImage(@Auth() auth: AuthContext | undefined, @Param('id', uuid()) id: string, @Query() query: ImageAnnotationsQueryDto): Promise<ImageAnnotationsDto> {
    return this.annotations.ofImage(auth, id, query.consensus ?? false);
  }

  @Get('annotations/:id')
  @Authenticated({ optional: true })
  @ApiOperation({ summary: 'An annotation with its current revision' })
  @ApiOkResponse({ type: AnnotationDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  get(@Auth() auth: AuthContext | undefined, @Param('id', uuid()) id: string): Promise<AnnotationDto> {
    return this.annotations.get(auth, id);
  }

  @Put('annotations/:id')
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({
    summary: 'Save a new revision',
    description: 'Send the revision you edited. If another was saved since, nothing is written: 409 with `currentRevision` and `current`. Votes on older revisions do not carry over.',
  })
  @ApiOkResponse({ type: AnnotationDto })
  @ApiConflictResponse({ description: 'Stale revision', type: ErrorResponseDto })
  @ApiUnprocessableEntityResponse({ description: 'A shape breaks a rule', type: ErrorResponseDto })
  async revise(@Param('id', uuid()) id: string, @Body() dto: ReviseAnnotationDto, @Req() req: AnnotateRequest, @Res({ passthrough: true }) res: Response): Promise<AnnotationDto> {
    const voter = await this.voters.resolve(req, res);
    await this.voters.throttle(voter, res);
    return this.annotations.revise(req.auth, voter, id, dto);
  }

  @Get('annotations/:id/revisions')
  @Authenticated({ optional: true })
  @ApiOperation({ summary: 'Every revision of an annotation, oldest first, each with its own votes' })
  @ApiOkResponse({ type: AnnotationRevisionDto, isArray: true })
  revisions(@Auth() auth: AuthContext | undefined, @Param('id', uuid()) id: string): Promise<AnnotationRevisionDto[]> {
    return this.annotations.revisions(auth, id);
  }

  @Get('annotations/:id/revisions/:n')
  @Authenticated({ optional: true })
  @ApiOperation({ summary: 'One revision of an annotation' })
  @ApiOkResponse({ type: AnnotationRevisionDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  revision(@Auth() auth: AuthContext | undefined, @Param('id', uuid()) id: string, @Param('n', revisionNumber()) n: number): Promise<AnnotationRevisionDto> {
    return this.annotations.revision(auth, id, n);
  }

  @Post('annotations/:id/revisions/:n/votes')
  @HttpCode(200)
  @Authenticated({ optional: true, scopes: ['vote'] })
  @ApiOperation({
    summary: 'Is this drawing right? yes or no',
    description: 'One vote per voter per revision (voting again replaces it), weighted by the voter’s reliability as label votes are. Only the current revision takes votes (409 otherwise).',
  })
  @ApiOkResponse({ type: AnnotationVoteResultDto })
  @ApiConflictResponse({ description: 'Not the current revision', type: ErrorResponseDto })
  async vote(
    @Param('id', uuid()) id: string,
    @Param('n', revisionNumber()) n: number,
    @Body() dto: AnnotationVoteDto,
    @Req() req: AnnotateRequest,
    @Res({ passthrough: true }) res: Response,
  ): Promise<AnnotationVoteResultDto> {
    const voter = await this.voters.resolve(req, res);
    await this.voters.throttle(voter, res);
    return this.votes.vote(req.auth, voter, id, n, dto.answer);
  }
}
