import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { CreatedTokenResponseDto, CreateTokenDto, TokenResponseDto } from './tokens.dto.js';
import { TokensService } from './tokens.service.js';

@ApiTags('tokens')
@Controller('api/tokens')
export class TokensController {
  constructor(private readonly service: TokensService) {}

  @Post()
  @Authenticated()
  @ApiOperation({
    summary: 'Create an API token',
    description: 'Returns the secret once. Send it as `Authorization: Bearer <secret>` or bare `Authorization: <secret>` (ShareX).',
  })
  @ApiCreatedResponse({ type: CreatedTokenResponseDto })
  create(@Auth() auth: AuthContext, @Body() dto: CreateTokenDto): Promise<CreatedTokenResponseDto> {
    return this.service.create(auth, dto);
  }

  @Get()
  @Authenticated()
  @ApiOperation({ summary: 'My live API tokens (never their secrets)' })
  @ApiOkResponse({ type: TokenResponseDto, isArray: true })
  list(@Auth() auth: AuthContext): Promise<TokenResponseDto[]> {
    return this.service.list(auth);
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Revoke one of my API tokens' })
  @ApiNoContentResponse()
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  revoke(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.revoke(auth, id);
  }
}
