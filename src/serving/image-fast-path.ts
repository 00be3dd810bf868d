import { Injectable, Logger } from '@nestjs/common';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { exceptionResponse } from '../common/http-exception.filter.js';
import { ConfigService } from '../config/config.service.js';
import { assignRequestId } from '../logging/request-id.js';
import type { ImageWithBlob } from '../uploads/uploads.repository.js';
import { ServingService } from './serving.service.js';
import { parseVariantParams, type VariantParams } from './variant-params.js';

/** /i/<file>, as the controller's route matches it (a trailing slash too). */
const IMAGE_PATH = /^\/i\/([^/]+)\/?$/;

/**
 * GET and HEAD /i/:file answered in front of Nest: its pipeline (guards, pipes, the exception zone) and
 * pino-http's per-request serialisation cost several times the work of sending a cached image. The answer is
 * the controller's, byte for byte: the same ServingService methods, the same X-Request-Id, the same error
 * bodies (exceptionResponse). What is rare or writes stays with ServingController: links with a view limit
 * (their views are counted there) and ?highlight=.
 *
 * Logging: a hit (any answer below 400) is one short line at debug level, not pino-http's full request and
 * response at info; failures are logged at warn (4xx) or error (5xx), as pino-http logs them.
 */
@Injectable()
export class ImageFastPath {
  private readonly logger = new Logger('Serving');
  private readonly logHits: boolean;

  constructor(
    private readonly serving: ServingService,
    private readonly config: ConfigService,
  ) {
    this.logHits = ['debug', 'trace'].includes(config.values.logging.level);
  }

  readonly handle: RequestHandler = (req, res, next) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return next();
    const match = IMAGE_PATH.exec(req.path);
    if (!match || req.query.highlight !== undefined) return next();
    let file: string;
    try {
      file = decodeURIComponent(match[1]);
    } catch {
      return next(); // malformed escapes: answered as Nest answers them
    }
    this.serve(req, res, next, file).catch((error: unknown) => this.fail(req, res, error));
  };

  private async serve(req: Request, res: Response, next: NextFunction, file: string): Promise<void> {
    const started = performance.now();
    let found: ImageWithBlob;
    let variant: VariantParams | null;
    try {
      found = await this.serving.resolve(file);
      variant = parseVariantParams(req.query as Record<string, unknown>, found.blob, this.config.values.variants);
    } catch (error) {
      return this.fail(req, res, error);
    }
    if (found.image.maxViews !== null) return next();
    const id = this.requestId(req, res);
    if (variant) await this.serving.sendVariant(req, res, found, variant);
    else await this.serving.sendOriginal(req, res, found);
    if (this.logHits) this.logger.debug({ reqId: id, method: req.method, url: req.originalUrl, statusCode: res.statusCode, responseTime: Math.round(performance.now() - started) }, 'image served');
  }

  private requestId(req: Request, res: Response): string {
    const holder = req as Request & { id?: string };
    holder.id ??= assignRequestId(req, res);
    return holder.id;
  }

  private fail(req: Request, res: Response, error: unknown): void {
    const id = this.requestId(req, res);
    const { status, body } = exceptionResponse(error, id, this.logger);
    if (res.headersSent) {
      res.destroy();
      return;
    }
    res.status(status).json(body);
    const line = { reqId: id, method: req.method, url: req.originalUrl, statusCode: status, message: body.message };
    if (status >= 500) this.logger.error(line, 'request errored');
    else this.logger.warn(line, 'request failed');
  }
}
