import { BadRequestException, ConflictException, Injectable, NotFoundException, UnauthorizedException } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { hashPassword, needsRehash, verifyPassword } from '../../libs/secrets/index.js';
import type { AuthContext } from '../common/auth-context.js';
import { isUniqueViolation } from '../common/database-errors.js';
import { type Role, SCOPES } from '../common/roles.js';
import type { UserEntity } from './user.entity.js';
import {
  type ChangePasswordDto,
  mapUser,
  type UpdateUserDto,
  type UserListQueryDto,
  type UserPageDto,
  type UserResponseDto,
} from './users.dto.js';
import { UsersRepository } from './users.repository.js';
import type { UserCreatedPayload } from '../webhooks/events.dto.js';
import { OutboxService } from '../webhooks/outbox.service.js';

export interface NewUser {
  username: string;
  password: string;
  email?: string | null;
  role: Role;
}

export type PreparedUser = Pick<UserEntity, 'username' | 'email' | 'passwordHash' | 'role'>;

@Injectable()
export class UsersService {
  constructor(
    private readonly users: UsersRepository,
    private readonly outbox: OutboxService,
  ) {}

  async create(input: NewUser, via: UserCreatedPayload['via'] = 'admin'): Promise<UserEntity> {
    return this.insert(await this.prepare(input), undefined, via);
  }

  /** Checks the name and hashes the password: the slow part, done before any transaction opens. */
  async prepare(input: NewUser): Promise<PreparedUser> {
    const email = input.email ?? null;
    const taken = await this.users.usernameOrEmailTaken(input.username, email);
    if (taken) throw new ConflictException(`That ${taken} is already taken`);
    return { username: input.username, email, role: input.role, passwordHash: await hashPassword(input.password) };
  }

  /** Inserts the account and records user.created in the same transaction (the caller's, or its own). */
  async insert(user: PreparedUser, manager?: EntityManager, via: UserCreatedPayload['via'] = 'registration'): Promise<UserEntity> {
    const work = async (m: EntityManager) => {
      const created = await this.users.create(user, m);
      await this.outbox.record(m, 'user.created', { userId: created.id, username: created.username, role: created.role, via });
      return created;
    };
    try {
      return await (manager ? work(manager) : this.users.transaction(work));
    } catch (error) {
      // Two registrations racing for one name: the unique index decides.
      if (isUniqueViolation(error)) throw new ConflictException('That username or email is already taken');
      throw error;
    }
  }

  /** The user, if the password matches and the account is enabled; the same error otherwise (no user oracle). */
  async verifyCredentials(username: string, password: string): Promise<UserEntity> {
    const user = await this.users.findByUsernameWithSecret(username);
    // Hash even when the user is missing, so timing does not tell which usernames exist.
    const ok = await verifyPassword(password, user?.passwordHash ?? (await DUMMY_HASH));
    if (!user || !ok || user.disabled) throw new UnauthorizedException('Invalid username or password');
    if (needsRehash(user.passwordHash)) await this.users.setPassword(user.id, await hashPassword(password));
    return user;
  }

  /** Who a command run on this machine acts as: a session of the named user, or of the first admin. */
  async localActor(username?: string): Promise<AuthContext> {
    const user = await this.users.findActor(username);
    if (!user) throw new NotFoundException(username ? `No enabled user called "${username}"` : 'No enabled admin: name one with --user');
    return { user: { id: user.id, username: user.username, role: user.role }, via: 'session', scopes: SCOPES };
  }

  async getActive(id: string): Promise<UserEntity | null> {
    const user = await this.users.findById(id);
    return user && !user.disabled ? user : null;
  }

  async me(auth: AuthContext): Promise<UserResponseDto> {
    const user = await this.users.findById(auth.user.id);
    if (!user) throw new NotFoundException('User not found');
    return mapUser(user);
  }

  async changePassword(auth: AuthContext, dto: ChangePasswordDto): Promise<void> {
    const user = await this.users.findByIdWithSecret(auth.user.id);
    if (!user || !(await verifyPassword(dto.currentPassword, user.passwordHash))) {
      throw new UnauthorizedException('The current password is wrong');
    }
    await this.users.setPassword(user.id, await hashPassword(dto.newPassword));
  }

  async list(query: UserListQueryDto): Promise<UserPageDto> {
    const { items, nextCursor } = await this.users.list({ search: query.search, role: query.role }, query);
    return { items: items.map(mapUser), nextCursor };
  }

  async update(auth: AuthContext, id: string, dto: UpdateUserDto): Promise<UserResponseDto> {
    const user = await this.users.findById(id);
    if (!user) throw new NotFoundException('User not found');
    const losesAdmin = user.role === 'admin' && !user.disabled && ((dto.role && dto.role !== 'admin') || dto.disabled === true);
    if (losesAdmin && id === auth.user.id) throw new BadRequestException('You cannot demote or disable yourself');
    if (losesAdmin && (await this.users.countActiveAdmins()) <= 1) throw new BadRequestException('This is the last active admin');
    if (dto.role !== undefined || dto.disabled !== undefined) {
      await this.users.transaction(async (manager) => {
        const before = (await this.users.findForUpdate(manager, id)) ?? user;
        await this.users.update(id, { role: dto.role, disabled: dto.disabled }, manager);
        if (dto.role !== undefined && dto.role !== before.role) {
          await this.outbox.record(manager, 'user.role_changed', {
            userId: id,
            username: before.username,
            from: before.role,
            to: dto.role,
            actorId: auth.user.id,
            actorName: auth.user.username,
          });
        }
      });
    }
    return mapUser((await this.users.findById(id))!);
  }

  /** Staff set a new password (e.g. a generated one handed to the user); the user's sessions end. */
  async resetPassword(id: string, password: string): Promise<void> {
    if (!(await this.users.findById(id))) throw new NotFoundException('User not found');
    await this.users.setPassword(id, await hashPassword(password));
  }

  /** A user's own upload limits; null falls back to the server's uploads.quota. */
  async setQuota(id: string, quota: { quotaBytes: number | null; quotaFiles: number | null }): Promise<UserEntity> {
    for (const [name, value] of Object.entries(quota)) {
      if (value !== null && (!Number.isSafeInteger(value) || value < 0)) throw new BadRequestException(`${name} must be a whole number ≥ 0, or empty for the default`);
    }
    if (!(await this.users.findById(id))) throw new NotFoundException('User not found');
    await this.users.setQuota(id, quota);
    return (await this.users.findById(id))!;
  }

  adminExists(): Promise<boolean> {
    return this.users.existsWithRole('admin');
  }
}

// A valid hash of a random password nobody knows, verified when the username does not exist. Not awaited here:
// a top-level await held up every module after this one, and so the server's start, for the ~¼ s scrypt takes;
// it now runs on the thread pool while the server starts.
const DUMMY_HASH = hashPassword(`dummy-${Math.random()}`);
