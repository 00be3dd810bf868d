import { BadRequestException, ForbiddenException, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { ConfigService } from '../config/config.service.js';
import { InvitesService } from '../invites/invites.service.js';
import type { UserEntity } from '../users/user.entity.js';
import { mapUser } from '../users/users.dto.js';
import { UsersService } from '../users/users.service.js';
import type { AuthSettingsDto, LoginDto, LoginResponseDto, RegisterDto, RegisterResponseDto } from './auth.dto.js';
import type { JwtPayload } from './jwt.strategy.js';

@Injectable()
export class AuthService {
  constructor(
    private readonly users: UsersService,
    private readonly invites: InvitesService,
    private readonly jwt: JwtService,
    private readonly config: ConfigService,
  ) {}

  async login(dto: LoginDto): Promise<LoginResponseDto> {
    return this.issue(await this.users.verifyCredentials(dto.username, dto.password));
  }

  async register(dto: RegisterDto): Promise<RegisterResponseDto> {
    const mode = this.config.values.auth.registration;
    if (mode === 'closed') throw new ForbiddenException('Registration is closed on this server');
    if (mode === 'invite' && !dto.inviteCode) throw new BadRequestException('inviteCode is required: registration is by invite');
    const prepared = await this.users.prepare({ username: dto.username, password: dto.password, email: dto.email, role: 'user' });
    const user = dto.inviteCode
      ? await this.invites.redeem(dto.inviteCode, (role, manager) => this.users.insert({ ...prepared, role }, manager, 'invite'))
      : await this.users.insert(prepared, undefined, 'registration');
    return { ...(await this.issue(user)), user: mapUser(user) };
  }

  settings(): AuthSettingsDto {
    return { registration: this.config.values.auth.registration };
  }

  private async issue(user: UserEntity): Promise<LoginResponseDto> {
    const payload: JwtPayload = { sub: user.id, ver: user.sessionVersion };
    const expiresIn = this.config.values.auth.jwtExpiresInSeconds;
    return { accessToken: await this.jwt.signAsync(payload, { expiresIn }), tokenType: 'Bearer', expiresIn };
  }
}
