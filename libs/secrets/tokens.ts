import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Every secret Imagehive hands out starts with this, so leaked ones are easy to spot (and to scan for). */
export const TOKEN_PREFIX = 'ih_';
const TOKEN_BODY = /^[A-Za-z0-9_-]{43}$/;

/** A 256-bit secret from the CSPRNG: `ih_<kind>_<43 base64url chars>`. */
export function generateToken(kind: string): string {
  if (!/^[a-z]{1,8}$/.test(kind)) throw new Error(`token kind must be 1-8 lower-case letters, got ${kind}`);
  return `${TOKEN_PREFIX}${kind}_${randomBytes(32).toString('base64url')}`;
}

/** True when the value has the exact shape generateToken makes; anything else is never looked up. */
export function looksLikeToken(value: string, kind: string): boolean {
  const head = `${TOKEN_PREFIX}${kind}_`;
  return value.startsWith(head) && TOKEN_BODY.test(value.slice(head.length));
}

/**
 * SHA-256, not a slow KDF: the secret already has 256 bits of entropy, so a fast hash is enough to make a
 * stolen table useless, and the lookup by hash stays an index hit on every request.
 */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A random string over the alphabet, each character drawn uniformly from the CSPRNG (no modulo bias). */
export function randomString(length: number, alphabet: string): string {
  if (alphabet.length < 2) throw new Error('alphabet needs at least two characters');
  let out = '';
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}
