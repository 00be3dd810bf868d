import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { Public } from '../common/decorators.js';
import { ErrorResponseDto } from '../common/error-response.dto.js';
import { AuthSettingsDto, LoginDto, LoginResponseDto, RegisterDto, RegisterResponseDto } from './auth.dto.js';
import { AuthService } from './auth.service.js';
import { LoginThrottle } from '../throttling/throttle.decorators.js';

@ApiTags('auth')
@Controller('api/auth')
export class AuthController {
  constructor(private readonly service: AuthService) {}

  @Post('login')
  @HttpCode(200)
  @Public()
  @LoginThrottle()
  @ApiOperation({ summary: 'Sign in with username and password', description: 'Returns a JWT for `Authorization: Bearer`.' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiUnauthorizedResponse({ type: ErrorResponseDto })
  login(@Body() dto: LoginDto): Promise<LoginResponseDto> {
    return this.service.login(dto);
  }

  @Post('register')
  @Public()
  @LoginThrottle()
  @ApiOperation({ summary: 'Create an account', description: 'Allowed when registration is `open`, or with an invite code when it is `invite`.' })
  @ApiCreatedResponse({ type: RegisterResponseDto })
  register(@Body() dto: RegisterDto): Promise<RegisterResponseDto> {
    return this.service.register(dto);
  }

  @Get('settings')
  @Public()
  @ApiOperation({ summary: 'How accounts are created on this server' })
  @ApiOkResponse({ type: AuthSettingsDto })
  settings(): AuthSettingsDto {
    return this.service.settings();
  }
}
