import type { Role, Scope } from './roles.js';

/** An account's own upload quota (null: the server's default). */
export interface AccountQuota {
  bytes: number | null;
  files: number | null;
}

export const accountQuota = (user: { quotaBytes: number | null; quotaFiles: number | null }): AccountQuota => ({
  bytes: user.quotaBytes,
  files: user.quotaFiles,
});

/** Who is calling, as the global guard established it. */
export interface AuthContext {
  user: {
    id: string;
    username: string;
    role: Role;
    /** Read with the credentials. */
    quota?: AccountQuota;
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
