import { parseRetryAfter } from '../../../libs/webhooks/index.js';
import type { DeliveryResult } from '../../plugins/plugin-types.js';

export interface HttpReply {
  status: number;
  headers: Headers;
  /** The start of the body (at most 64 KiB), for error messages and rate-limit bodies. */
  text: string;
}

const MAX_BODY = 64 * 1024;

async function readLimited(response: Response): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    while (size < MAX_BODY) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      size += value.byteLength;
    }
  } finally {
    await reader.cancel().catch(() => undefined);
  }
  return Buffer.concat(chunks).subarray(0, MAX_BODY).toString('utf8');
}

/** POSTs JSON without following redirects (a receiver that moved must be re-subscribed, not chased). */
export async function postJson(url: string, body: string, headers: Record<string, string>, signal: AbortSignal): Promise<HttpReply> {
  const response = await fetch(url, {
    method: 'POST',
    body,
    headers: { 'content-type': 'application/json', ...headers },
    redirect: 'manual',
    signal,
  });
  return { status: response.status, headers: response.headers, text: await readLimited(response) };
}

/** A short, single-line excerpt of a receiver's reply for the delivery log (never the request). */
export function excerpt(text: string, max = 200): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * The usual reading of an HTTP reply: 2xx delivered; 408, 425, 429 and 5xx retried (honouring Retry-After);
 * redirects and other 4xx are permanent (the receiver refused it; retrying cannot help, admins can).
 */
export function classify(reply: HttpReply, retryAfterMs?: number): DeliveryResult {
  const { status } = reply;
  if (status >= 200 && status < 300) return { ok: true, statusCode: status };
  const detail = excerpt(reply.text);
  const error = `HTTP ${status}${detail ? `: ${detail}` : ''}`;
  if (status === 429 || status === 503 || status === 408 || status === 425 || status >= 500) {
    const after = retryAfterMs ?? parseRetryAfter(reply.headers.get('retry-after'));
    return { ok: false, statusCode: status, error, retryAfterMs: after, pauseMs: status === 429 ? after : undefined };
  }
  if (status >= 300 && status < 400) return { ok: false, statusCode: status, error: `HTTP ${status}: redirect not followed; update the URL`, permanent: true };
  return { ok: false, statusCode: status, error, permanent: true };
}

export function httpUrlProblem(url: string): string | null {
  try {
    const parsed = new URL(url);
    if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return 'the URL must be http or https';
    return null;
  } catch {
    return 'not a valid URL';
  }
}
