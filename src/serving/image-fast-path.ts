import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import { parse as parseQuery } from 'node:querystring';
import { Injectable, Logger } from '@nestjs/common';
import fresh from 'fresh';
import { exceptionResponse } from '../common/http-exception.filter.js';
import { ConfigService } from '../config/config.service.js';
import { assignRequestId, requestIdFor } from '../logging/request-id.js';
import { LinkCache } from './link-cache.js';
import { LocalFileCache } from './local-file-cache.js';
import { PreparedHits } from './prepared-hits.js';
import { type LocalHit, ServingService } from './serving.service.js';
import { parseVariantParams } from './variant-params.js';

/** /i/<file>, as the controller's route matches it (a trailing slash too). */
const IMAGE_PATH = /^\/i\/([^/]+)\/?$/;

type Listener = (req: IncomingMessage, res: ServerResponse) => void;

/**
 * GET and HEAD /i/:file for small files on local disk, answered on the HTTP server itself, before Express: its
 * router and request set-up, Nest's pipeline (guards, pipes, the exception zone) and pino-http's per-request
 * serialisation cost several times the work of sending a cached image (a 25 KB variant: 5,700 req/s through
 * Express, tens of thousands from here). The answer is the controller's, byte for byte: the same ServingService
 * methods and headers, the same X-Request-Id, the same error bodies (exceptionResponse).
 *
 * Everything else is passed on to Express and ServingController untouched: other methods and paths, links with
 * a view limit (their views are counted there), ?highlight=, Range and If-Match/If-Unmodified-Since requests,
 * other storage drivers, and files too large to keep in memory.
 *
 * A hit's headers are kept per URL (PreparedHits) while its LinkCache entry and its LocalFileCache entry stay
 * current, so that a repeat is answered synchronously: no lookup, no promise, one writeHead.
 *
 * Logging: a hit is one short line at debug level, not pino-http's full request and response at info;
 * failures are logged at warn (4xx) or error (5xx), as pino-http logs them.
 */
@Injectable()
export class ImageFastPath {
  private readonly logger = new Logger('Serving');
  private readonly logHits: boolean;
  private readonly prepared = new PreparedHits();

  constructor(
    private readonly serving: ServingService,
    private readonly config: ConfigService,
    private readonly links: LinkCache,
    private readonly files: LocalFileCache,
  ) {
    this.logHits = ['debug', 'trace'].includes(config.values.logging.level);
  }

  /** Puts the fast path in front of the server's request listener (Express). */
  install(server: Server): void {
    const listeners = server.listeners('request') as Listener[];
    server.removeAllListeners('request');
    const passOn: Listener = (req, res) => {
      for (const listener of listeners) listener.call(server, req, res);
    };
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.handle(req, res, passOn));
  }

  handle(req: IncomingMessage, res: ServerResponse, passOn: Listener): void {
    const url = req.url ?? '';
    if ((req.method !== 'GET' && req.method !== 'HEAD') || !url.startsWith('/i/')) return passOn(req, res);
    const h = req.headers;
    if (h.range !== undefined || h['if-match'] !== undefined || h['if-unmodified-since'] !== undefined) return passOn(req, res);
    if (h['if-none-match'] === undefined && h['if-modified-since'] === undefined && this.repeat(req, res, url)) return;
    const mark = url.indexOf('?');
    const match = IMAGE_PATH.exec(mark < 0 ? url : url.slice(0, mark));
    // Express's default ("simple") query parser is node:querystring: the same values reach parseVariantParams.
    const query = mark < 0 ? {} : { ...parseQuery(url.slice(mark + 1)) };
    if (!match || query.highlight !== undefined) return passOn(req, res);
    let file: string;
    try {
      file = decodeURIComponent(match[1]);
    } catch {
      return passOn(req, res); // malformed escapes: answered as Nest answers them
    }
    this.serve(req, res, file, query, passOn).catch((error: unknown) => this.fail(req, res, error));
  }

  private async serve(req: IncomingMessage, res: ServerResponse, file: string, query: Record<string, unknown>, passOn: Listener): Promise<void> {
    const started = performance.now();
    const found = await this.serving.resolve(file);
    const variant = parseVariantParams(query, found.blob, this.config.values.variants);
    const hit = found.image.maxViews === null ? await this.serving.localHit(found, variant) : null;
    if (!hit) return passOn(req, res);
    const id = assignRequestId(req, res);
    this.write(req, res, hit);
    const { 'Last-Modified': _perFile, ...headers } = hit.headers;
    this.prepared.set(req.url!, { slug: found.image.slug, found, path: hit.path, headers: Object.entries(headers).flat() });
    if (this.logHits) this.logger.debug({ reqId: id, method: req.method, url: req.url, statusCode: res.statusCode, responseTime: Math.round(performance.now() - started) }, 'image served');
  }

  /** A prepared hit still current: answered here and now. */
  private repeat(req: IncomingMessage, res: ServerResponse, url: string): boolean {
    const ready = this.prepared.get(url);
    if (!ready) return false;
    const file = this.links.get(ready.slug) === ready.found ? this.files.current(ready.path) : undefined;
    if (!file?.bytes) {
      this.prepared.delete(url);
      return false;
    }
    const id = requestIdFor(req);
    res.writeHead(200, [...ready.headers, 'Last-Modified', file.lastModified, 'Content-Length', String(file.size), 'X-Request-Id', id]);
    if (req.method === 'HEAD') res.end();
    else res.end(file.bytes);
    if (this.logHits) this.logger.debug({ reqId: id, method: req.method, url, statusCode: 200 }, 'image served');
    return true;
  }

  private write(req: IncomingMessage, res: ServerResponse, { bytes, headers }: LocalHit): void {
    if (fresh(req.headers, { etag: headers.ETag, 'last-modified': headers['Last-Modified'] })) {
      // As `send` answers a 304: without the Content-* headers.
      const kept = Object.fromEntries(Object.entries(headers).filter(([name]) => !name.toLowerCase().startsWith('content-')));
      res.writeHead(304, kept).end();
      return;
    }
    res.writeHead(200, { ...headers, 'Content-Length': String(bytes.length) });
    if (req.method === 'HEAD') res.end();
    else res.end(bytes);
  }

  private fail(req: IncomingMessage, res: ServerResponse, error: unknown): void {
    const id = res.getHeader('X-Request-Id')?.toString() ?? assignRequestId(req, res);
    const { status, body } = exceptionResponse(error, id, this.logger);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    const json = JSON.stringify(body);
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Content-Length': String(Buffer.byteLength(json)) }).end(json);
    const line = { reqId: id, method: req.method, url: req.url, statusCode: status, message: body.message };
    if (status >= 500) this.logger.error(line, 'request errored');
    else this.logger.warn(line, 'request failed');
  }
}
