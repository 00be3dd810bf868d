export const ROLES = ['user', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/**
 * What an API token may do; a signed-in session (JWT) holds every scope its role allows. Staff routes need the
 * scope of their role as well (`moderate` for moderators' routes, which `admin` includes), so a staff member's
 * upload token (the ShareX one) cannot approve or delete dataset images.
 */
export const SCOPES = ['upload', 'read', 'vote', 'moderate', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

/** The scope a route that needs this role also needs from a token. */
export const ROLE_SCOPE: Record<Role, Scope | null> = { user: null, moderator: 'moderate', admin: 'admin' };

/** The role a token's owner needs to give it this scope. */
export const SCOPE_ROLE: Partial<Record<Scope, Role>> = { moderate: 'moderator', admin: 'admin' };

export function hasScope(held: readonly Scope[], needed: Scope): boolean {
  return held.includes(needed) || (needed === 'moderate' && held.includes('admin'));
}

const RANK: Record<Role, number> = { user: 0, moderator: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
