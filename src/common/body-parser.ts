import express, { type NextFunction, type Request, type Response } from 'express';
import { errorBody } from './http-exception.filter.js';
import { jsonDepth } from './json-depth.js';

/** Deeper than any body the API reads (annotation shapes nest 4); more would overflow validation's recursion. */
export const MAX_JSON_DEPTH = 32;

const MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON in the request body',
  'entity.too.large': 'Request body too large',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
  'entity.verify.failed': `JSON nested deeper than ${MAX_JSON_DEPTH} levels`,
};

const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The API reads JSON (and multipart on the upload routes): any other body there would be read as an empty
 * object and the request carried out with its defaults, so it is refused before it reaches a route.
 */
export function requireApiBodyType() {
  return (req: Request, res: Response, next: NextFunction) => {
    const hasBody = Number(req.headers['content-length'] ?? 0) > 0 || req.headers['transfer-encoding'] !== undefined;
    if (!hasBody || !BODY_METHODS.has(req.method) || !req.path.startsWith('/api/')) return next();
    if (req.is(['application/json', '+json', 'multipart/form-data'])) return next();
    const sent = req.headers['content-type'] ?? 'none';
    res.status(415).json(errorBody(415, `Send the body as JSON (Content-Type: application/json), or multipart/form-data where a file is uploaded; got ${sent}`, (req as { id?: string }).id));
  };
}

/** express.json, but its failures answer in our JSON error shape instead of Express's HTML page. */
export function jsonBodyParser(limit: string) {
  const parse = express.json({
    // JSON under its structured-syntax names too (application/merge-patch+json…), which requireApiBodyType lets in.
    type: ['application/json', 'application/*+json'],
    limit,
    strict: true,
    verify: (_req, _res, body) => {
      if (jsonDepth(body) > MAX_JSON_DEPTH) throw Object.assign(new Error('JSON nested too deeply'), { status: 400 });
    },
  });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status = 400, type = '' } = error as { status?: number; type?: string };
      const code = status >= 400 && status < 500 ? status : 400;
      res.status(code).json(errorBody(code, MESSAGES[type] ?? 'Unreadable request body', (req as { id?: string }).id));
    });
}
