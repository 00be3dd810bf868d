import type { Role, Scope } from './roles.js';

/** Who is calling, as the global guard established it. */
export interface AuthContext {
  user: {
    id: string;
    username: string;
    role: Role;
    /** The account's own upload quota (null: the server's default), read with the credentials. */
    quota?: { bytes: number | null; files: number | null };
  };
  /** `session`: a JWT from login (every scope); `token`: an API token (its own scopes). */
  via: 'session' | 'token';
  scopes: readonly Scope[];
  tokenId?: string;
}

export interface AuthRequirements {
  /** The route answers without credentials (and ignores any sent). */
  public?: boolean;
  /** Credentials are optional, but if sent they must be valid. */
  optional?: boolean;
  role?: Role;
  scopes?: Scope[];
}

export const AUTH_METADATA = 'imagehive:auth';
