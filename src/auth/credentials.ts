import type { Request } from 'express';

/**
 * The credential in the Authorization header: `Bearer <x>` or, as ShareX and Imago clients send it, a bare
 * `<x>`. Nothing else (no query string, no cookie) so credentials never end up in logs or caches.
 */
export function extractCredential(req: Pick<Request, 'headers'>): string | undefined {
  const header = req.headers.authorization?.trim();
  if (!header) return undefined;
  const bearer = /^Bearer\s+(\S+)$/i.exec(header);
  return bearer ? bearer[1] : header;
}

const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;

export function looksLikeJwt(value: string): boolean {
  return JWT_SHAPE.test(value);
}
