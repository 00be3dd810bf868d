import type { Logger } from '@nestjs/common';
import type { Express, NextFunction, Request, RequestHandler, Response } from 'express';
import { errorBody } from '../common/http-exception.filter.js';
import type { RateLimiterRepository } from '../throttling/rate-limiter.repository.js';
import type { AccessPolicy } from './access.js';
import type { AdminAuthService } from './admin-auth.service.js';
import type { StaffSession } from './admin.types.js';
import { clientAddress } from '../common/client-address.js';

declare module 'express-session' {
  interface SessionData {
    adminUser?: StaffSession;
  }
}

export const ADMIN_ROOT = '/admin';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
// /resources/<id>, /api/resources/<id>/actions/<action>, …/records/<record>/<action>, …/bulk/<action>, …/search/<q>
const RESOURCE_ROUTE = /^\/(?:api\/)?resources\/([^/]+)(?:\/(?:actions|bulk)\/([^/]+)|\/records\/[^/]+\/([^/]+))?/i;

/** Our error shape, as JSON for the panel's API and API clients, as text for pages. */
export function sendError(req: Request, res: Response, status: number, message: string): void {
  const body = errorBody(status, message, (req as { id?: string }).id);
  if (req.path.startsWith('/api/') || req.accepts(['html', 'json']) === 'json') res.status(status).json(body);
  else res.status(status).type('text/plain').send(`${status} ${body.error}: ${message}`);
}

/** Clickjacking and caching: the panel never renders in a frame, and its pages and answers are never stored. */
export function securityHeaders(req: Request, res: Response, next: NextFunction): void {
  res.setHeader('X-Frame-Options', 'DENY');
  res.setHeader('Content-Security-Policy', "frame-ancestors 'none'");
  res.setHeader('Referrer-Policy', 'same-origin');
  res.setHeader('X-Content-Type-Options', 'nosniff');
  if (!req.path.startsWith('/frontend/assets/')) res.setHeader('Cache-Control', 'no-store');
  next();
}

function hostOf(url: string | undefined): string | undefined {
  try {
    return url ? new URL(url).host : undefined;
  } catch {
    return undefined;
  }
}

/**
 * CSRF defence beside the SameSite=Strict cookie (which sibling subdomains get around): a request that
 * changes anything must say, in Origin (or Referer), that it comes from the panel's own host.
 */
export function sameOriginWrites(publicUrl: string | undefined): RequestHandler {
  const publicHost = hostOf(publicUrl);
  return (req, res, next) => {
    if (SAFE_METHODS.has(req.method)) return next();
    const origin = req.get('origin');
    const from = hostOf(origin && origin !== 'null' ? origin : req.get('referer'));
    if (from && (from === publicHost || from === req.get('host') || from === req.host)) return next();
    sendError(req, res, 403, 'Cross-origin request refused: changes to the staff panel must come from its own pages (Origin header)');
  };
}

/** Every request re-checks the signed-in account: disabling, demoting or a password change ends the session at once. */
export function revalidateStaff(auth: AdminAuthService): RequestHandler {
  return async (req, _res, next) => {
    const staff = req.session?.adminUser;
    if (!staff || req.path.startsWith('/frontend/assets/')) return next(); // assets are public anyway
    const fresh = await auth.revalidate(staff);
    if (fresh) {
      // Only a real change is written back (a rename); jsonb reorders keys, so compare field by field.
      if ((Object.keys(fresh) as Array<keyof StaffSession>).some((key) => fresh[key] !== staff[key])) req.session.adminUser = fresh;
      return next();
    }
    req.session.destroy((error) => next(error));
  };
}

/** The login limit of the API (auth.loginThrottle) on the panel's sign-in form. */
export function loginThrottle(limiter: RateLimiterRepository, renderLogin: (errorMessage: string) => Promise<string>): RequestHandler {
  return async (req, res, next) => {
    const result = await limiter.consume('login', clientAddress(req));
    if (result.allowed) return next();
    res.status(429).setHeader('Retry-After', String(result.retryAfterSeconds));
    res.type('html').send(await renderLogin('tooManyRequests'));
  };
}

/** Resource routes answer 403 to staff whose role may not use them (AdminJS alone would answer 200 with a notice). */
export function accessGuard(policy: AccessPolicy): RequestHandler {
  return (req, res, next) => {
    const staff = req.session?.adminUser;
    const match = RESOURCE_ROUTE.exec(req.path);
    if (!staff || !match) return next(); // signed out: AdminJS sends them to the login page
    let resourceId: string;
    let action: string;
    try {
      resourceId = decodeURIComponent(match[1]);
      action = decodeURIComponent(match[2] ?? match[3] ?? 'list');
    } catch {
      return sendError(req, res, 400, 'Malformed path');
    }
    if (!policy.has(resourceId)) return sendError(req, res, 404, `No resource ${resourceId} in the staff panel`);
    if (!policy.can(staff.role, resourceId, action)) return sendError(req, res, 403, `A ${staff.role} cannot ${action} ${resourceId}`);
    const inherited = inheritedName(req.query);
    if (inherited) return sendError(req, res, 400, `No property ${inherited} to sort or filter by`);
    next();
  };
}

/**
 * A sort or filter naming an Object.prototype member (`filters.constructor`): AdminJS looks properties up on
 * plain objects and would call the inherited function as a property (a 500), so these never reach it.
 */
function inheritedName(query: Request['query']): string | undefined {
  const names = Object.keys(query)
    .filter((key) => key.startsWith('filters.'))
    .map((key) => key.slice('filters.'.length).split(/~~|\./)[0]);
  if (typeof query.sortBy === 'string') names.push(query.sortBy);
  return names.find((name) => name in Object.prototype);
}

const NO_FILES = 'fileRefused';

/**
 * Options for AdminJS's form parser (express-formidable, formidable 1): the panel takes no uploads, so a file
 * part fails the request before a byte of it reaches a temp file; form fields stay small.
 */
export const FORM_OPTIONS = {
  maxFieldsSize: 64 * 1024,
  multiples: false,
  onPart(this: { handlePart(part: unknown): void; _error(error: Error): void }, part: { filename?: string }) {
    if (part.filename !== undefined) return this._error(new Error(`${NO_FILES}: the staff panel takes no files`));
    this.handlePart(part);
  },
};

/** Last in the panel's router: AdminJS's errors as status codes, anything unexpected logged and answered 500. */
export function errorHandler(logger: Logger) {
  return (error: unknown, req: Request, res: Response, next: NextFunction): void => {
    if (res.headersSent) return next(error);
    const { name, message, status } = (error ?? {}) as { name?: string; message?: string; status?: number };
    if (name === 'NotFoundError') return sendError(req, res, 404, 'Not found');
    if (name === 'ForbiddenError') return sendError(req, res, 403, 'Forbidden');
    if (typeof status === 'number' && status >= 400 && status < 500) return sendError(req, res, status, message ?? 'Bad request');
    // The form parser's (formidable 1) refusals are plain Errors.
    if (message?.startsWith(NO_FILES)) return sendError(req, res, 400, 'The staff panel takes no file uploads');
    if (message?.startsWith('maxFieldsSize exceeded')) return sendError(req, res, 413, 'Form too large');
    if (/^(bad content-type|parser error|unknown transfer-encoding)/.test(message ?? '')) return sendError(req, res, 400, 'Unreadable form');
    logger.error(`Staff panel error on ${req.method} ${req.path}: ${(error as Error)?.stack ?? String(error)}`);
    sendError(req, res, 500, 'Internal server error');
  };
}

/**
 * Moves the panel's router to the front of the Express stack: the app's JSON body parser must not read
 * bodies meant for AdminJS's own parser (formidable refuses pre-parsed requests).
 */
export function mountFirst(app: Express, path: string, handler: RequestHandler): void {
  const named = { imagehiveAdmin: (req: Request, res: Response, next: NextFunction) => handler(req, res, next) }.imagehiveAdmin;
  app.use(path, named);
  const stack = (app as unknown as { router: { stack: Array<{ name: string }> } }).router.stack;
  const index = stack.findIndex((layer) => layer.name === 'imagehiveAdmin');
  if (index > 0) stack.unshift(...stack.splice(index, 1));
}
