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

/** express.json, but its failures answer in our JSON error shape instead of Express's HTML page. */
export function jsonBodyParser(limit: string) {
  const parse = express.json({
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
