export const ROLES = ['user', 'moderator', 'admin'] as const;
export type Role = (typeof ROLES)[number];

/** What an API token may do; a signed-in session (JWT) holds every scope its role allows. */
export const SCOPES = ['upload', 'read', 'vote', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

const RANK: Record<Role, number> = { user: 0, moderator: 1, admin: 2 };

export function roleAtLeast(role: Role, needed: Role): boolean {
  return RANK[role] >= RANK[needed];
}
