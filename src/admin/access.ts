import { type Role, roleAtLeast } from '../common/roles.js';

/**
 * Who may open what in the panel: the least role for each resource, with exceptions per action. One table,
 * read by AdminJS (to hide buttons) and by the HTTP guard in front of it (to refuse with 403).
 *
 * Admins get everything. Moderators get the dashboard and what the moderation API lets them do anyway: the
 * queue, reports, near-duplicates, uploads (view, take down), label suggestions, image labels and gold pairs,
 * flagged voters and validation alerts. Accounts (users, invites, tokens) and webhooks are admins' only.
 * Users cannot sign in.
 */
export interface ResourceAccess {
  /** Least role to see the resource at all. */
  role: Role;
  /** Actions that need more than `role` (e.g. only admins create). */
  actions?: Record<string, Role>;
}

export const STAFF_ROLE: Role = 'moderator';

export class AccessPolicy {
  constructor(private readonly table: Record<string, ResourceAccess>) {}

  has(resourceId: string): boolean {
    return Object.hasOwn(this.table, resourceId);
  }

  can(role: Role | undefined, resourceId: string, action?: string): boolean {
    const rule = this.table[resourceId];
    if (!role || !rule || !roleAtLeast(role, STAFF_ROLE) || !roleAtLeast(role, rule.role)) return false;
    const needed = action ? rule.actions?.[action] : undefined;
    return !needed || roleAtLeast(role, needed);
  }
}
