import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';

const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

/** The caller's X-Request-Id when it is a sane token, else a new one. */
export function requestIdFor(req: IncomingMessage): string {
  const incoming = req.headers['x-request-id'];
  return typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
}

/** requestIdFor, echoed in the response. */
export function assignRequestId(req: IncomingMessage, res: ServerResponse): string {
  const id = requestIdFor(req);
  res.setHeader('X-Request-Id', id);
  return id;
}
