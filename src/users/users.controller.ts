import { Body, Controller, Get, HttpCode, Put } from '@nestjs/common';
import { ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthContext } from '../common/auth-context.js';
import { Auth, Authenticated } from '../common/decorators.js';
import { ChangePasswordDto, UserResponseDto } from './users.dto.js';
import { UsersService } from './users.service.js';

@ApiTags('users')
@Controller('api/users')
export class UsersController {
  constructor(private readonly service: UsersService) {}

  @Get('me')
  @Authenticated()
  @ApiOperation({ summary: 'The signed-in user' })
  @ApiOkResponse({ type: UserResponseDto })
  me(@Auth() auth: AuthContext): Promise<UserResponseDto> {
    return this.service.me(auth);
  }

  @Put('me/password')
  @HttpCode(204)
  @Authenticated()
  @ApiOperation({ summary: 'Change my password', description: 'Signs out every other session (their JWTs stop working).' })
  @ApiNoContentResponse()
  changePassword(@Auth() auth: AuthContext, @Body() dto: ChangePasswordDto): Promise<void> {
    return this.service.changePassword(auth, dto);
  }
}
