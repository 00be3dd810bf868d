import { Injectable, UnauthorizedException } from '@nestjs/common';
import { roleAtLeast } from '../common/roles.js';
import type { UserEntity } from '../users/user.entity.js';
import { UsersService } from '../users/users.service.js';
import { STAFF_ROLE } from './access.js';
import type { StaffSession } from './admin.types.js';

/** Thrown to the AdminJS login page, which shows it through the `messages` translations. */
export class NoStaffAccessError extends Error {
  constructor() {
    super('noStaffAccess');
  }
}

/** Panel sign-in on the same accounts and password check as the API, for moderators and admins. */
@Injectable()
export class AdminAuthService {
  constructor(private readonly users: UsersService) {}

  async authenticate(username: unknown, password: unknown): Promise<StaffSession | null> {
    if (typeof username !== 'string' || typeof password !== 'string' || !username || !password) return null;
    if (username.length > 254 || password.length > 256) return null;
    let user: UserEntity;
    try {
      user = await this.users.verifyCredentials(username, password);
    } catch (error) {
      if (error instanceof UnauthorizedException) return null;
      throw error;
    }
    // Read again: verifyCredentials may have upgraded the hash, which bumps sessionVersion.
    const fresh = await this.users.getActive(user.id);
    if (!fresh) return null;
    if (!roleAtLeast(fresh.role, STAFF_ROLE)) throw new NoStaffAccessError();
    return toStaffSession(fresh);
  }

  /** The session's staff member as of now; null once disabled, demoted, or their sessions were retired. */
  async revalidate(staff: StaffSession): Promise<StaffSession | null> {
    const user = await this.users.getActive(staff.id);
    if (!user || user.sessionVersion !== staff.sessionVersion || !roleAtLeast(user.role, STAFF_ROLE)) return null;
    return toStaffSession(user);
  }
}

function toStaffSession(user: UserEntity): StaffSession {
  return { id: user.id, email: user.username, title: user.role, role: user.role, sessionVersion: user.sessionVersion };
}
