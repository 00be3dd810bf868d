import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

export const VOTER_COOKIE = 'ih_voter';

/** `<random id>.<hmac>`: anonymous voters keep one identity without an account, and cannot forge another's. */
export function issueVoterCookie(secret: string): string {
  const id = randomBytes(24).toString('base64url');
  return `${id}.${sign(id, secret)}`;
}

/** The anonymous voter's key (a hash of the id, never the id itself), or null when the cookie is missing or forged. */
export function voterKeyFromCookie(value: string | undefined, secret: string): string | null {
  if (!value) return null;
  const [id, mac] = value.split('.');
  if (!id || !mac || !/^[A-Za-z0-9_-]{32}$/.test(id)) return null;
  const expected = Buffer.from(sign(id, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  return createHash('sha256').update(id).digest('hex');
}

function sign(id: string, secret: string): string {
  return createHmac('sha256', `${secret}:voter`).update(id).digest('base64url');
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key !== name) continue;
    try {
      return decodeURIComponent(rest.join('='));
    } catch {
      return undefined; // not a cookie this server set (`%` alone): the caller starts a fresh one
    }
  }
  return undefined;
}
