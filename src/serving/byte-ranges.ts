import { HttpException, HttpStatus } from '@nestjs/common';
import type { Request, Response } from 'express';

export interface ByteRange {
  start: number;
  end: number;
}

/**
 * The bytes a GET or HEAD asks for: all, one range, or 'unsatisfiable' (416). Several ranges get the whole
 * object, as RFC 9110 allows; so does an If-Range that no longer matches (the client's copy is stale).
 */
export function requestedRange(req: Request, size: number, etag: string, lastModified: Date): ByteRange | 'all' | 'unsatisfiable' {
  if (!req.headers.range) return 'all';
  const ifRange = req.get('if-range');
  if (ifRange) {
    const matches = ifRange.startsWith('"') || ifRange.startsWith('W/')
      ? ifRange === etag
      : Math.floor(lastModified.getTime() / 1000) * 1000 <= Date.parse(ifRange);
    if (!matches) return 'all';
  }
  const parsed = req.range(size, { combine: true });
  if (parsed === -1) return 'unsatisfiable';
  if (parsed === undefined || parsed === -2 || parsed.type !== 'bytes' || parsed.length !== 1) return 'all';
  return { start: parsed[0].start, end: parsed[0].end };
}

/** 416 in our error shape, with the Content-Range that tells the client the real size. */
export function rangeNotSatisfiable(res: Response, size: number): HttpException {
  res.removeHeader('Content-Type');
  res.removeHeader('Content-Disposition');
  res.set('Content-Range', `bytes */${size}`);
  return new HttpException(`Range not satisfiable: the image is ${size} bytes`, HttpStatus.REQUESTED_RANGE_NOT_SATISFIABLE);
}
