import type { AuthContext } from '../common/auth-context.js';
import { type Role, SCOPES } from '../common/roles.js';

/** The signed-in staff member, as kept in the panel's session (AdminJS's CurrentAdmin). */
export interface StaffSession {
  id: string;
  /** AdminJS shows `email` in the top bar; ours holds the username. */
  email: string;
  title: string;
  role: Role;
  /** The user's sessionVersion at sign-in: a password change, role change or disable retires the session. */
  sessionVersion: number;
}

/** The panel acts as the staff member when it calls the services, like a signed-in API session. */
export function staffAuthContext(staff: StaffSession): AuthContext {
  return { user: { id: staff.id, username: staff.email, role: staff.role }, via: 'session', scopes: SCOPES };
}
