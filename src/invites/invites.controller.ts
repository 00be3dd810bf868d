import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { CreatedInviteResponseDto, CreateInviteDto, InviteResponseDto } from './invites.dto.js';
import { InvitesService } from './invites.service.js';

@ApiTags('invites')
@Controller('api/invites')
export class InvitesController {
  constructor(private readonly service: InvitesService) {}

  @Post()
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Create an invite code (registration mode `invite`)' })
  @ApiCreatedResponse({ type: CreatedInviteResponseDto })
  create(@Auth() auth: AuthContext, @Body() dto: CreateInviteDto): Promise<CreatedInviteResponseDto> {
    return this.service.create(auth, dto);
  }

  @Get()
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Live invites' })
  @ApiOkResponse({ type: InviteResponseDto, isArray: true })
  list(): Promise<InviteResponseDto[]> {
    return this.service.list();
  }

  @Delete(':id')
  @HttpCode(204)
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Revoke an invite' })
  @ApiNoContentResponse()
  revoke(@Param('id', new ParseUUIDPipe()) id: string): Promise<void> {
    return this.service.revoke(id);
  }
}
