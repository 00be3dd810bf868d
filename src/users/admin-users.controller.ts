import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Query } from '@nestjs/common';
import { ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { UpdateUserDto, UserListQueryDto, UserPageDto, UserResponseDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('admin')
@Controller('api/admin/users')
export class AdminUsersController {
  constructor(private readonly service: UsersService) {}

  @Get()
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'List users, newest first; search by name or email, filter by role' })
  @ApiOkResponse({ type: UserPageDto })
  list(@Query() query: UserListQueryDto): Promise<UserPageDto> {
    return this.service.list(query);
  }

  @Patch(':id')
  @Authenticated({ role: 'admin' })
  @ApiOperation({ summary: 'Change a user’s role or disable them', description: 'Their sessions end at once; a disabled user’s API tokens stop working.' })
  @ApiOkResponse({ type: UserResponseDto })
  @ApiNotFoundResponse({ type: ErrorResponseDto })
  update(@Auth() auth: AuthContext, @Param('id', new ParseUUIDPipe()) id: string, @Body() dto: UpdateUserDto): Promise<UserResponseDto> {
    return this.service.update(auth, id, dto);
  }
}
