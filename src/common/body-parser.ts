import express, { type NextFunction, type Request, type Response } from 'express';
import { errorBody } from './http-exception.filter.js';

const MESSAGES: Record<string, string> = {
  'entity.parse.failed': 'Malformed JSON in the request body',
  'entity.too.large': 'Request body too large',
  'encoding.unsupported': 'Unsupported content encoding',
  'charset.unsupported': 'Unsupported charset',
};

/** express.json, but its failures answer in our JSON error shape instead of Express's HTML page. */
export function jsonBodyParser(limit: string) {
  const parse = express.json({ limit, strict: true });
  return (req: Request, res: Response, next: NextFunction) =>
    parse(req, res, (error?: unknown) => {
      if (!error) return next();
      const { status = 400, type = '' } = error as { status?: number; type?: string };
      const code = status >= 400 && status < 500 ? status : 400;
      res.status(code).json(errorBody(code, MESSAGES[type] ?? 'Unreadable request body', (req as { id?: string }).id));
    });
}
