import { randomUUID } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import {
  BadRequestException,
  mixin,
  type Type,
  type CallHandler,
  type ExecutionContext,
  Injectable,
  type NestInterceptor,
  PayloadTooLargeException,
} from '@nestjs/common';
import type { Request, Response } from 'express';
import multer from 'multer';
import { finalize, from, type Observable, switchMap, throwError } from 'rxjs';
import { ClientClosedRequestException } from '../common/client-closed.exception.js';
import { formatBytes } from '../common/sizes.js';
import { IntakeBudget } from './intake-budget.js';
import { ConfigService } from '../config/config.service.js';

export const UPLOAD_FIELDS = ['upload', 'file'];
/** One per application (its configuration), shared by all its upload routes. */
const budgets = new WeakMap<ConfigService, IntakeBudget>();

/** The application's intake budget (what its upload routes hold in memory now). */
export function intakeBudgetOf(config: ConfigService): IntakeBudget {
  if (!budgets.has(config)) budgets.set(config, new IntakeBudget(config.values.uploads.inMemoryBytes));
  return budgets.get(config)!;
}
/** Room for the multipart envelope and the small text fields around the file. */
const ENVELOPE_BYTES = 64 * 1024;

export interface ReceivedFile {
  /** A temp file's path, or the bytes themselves when the body was received in memory (IntakeBudget). */
  source: string | Buffer;
  originalName: string;
  size: number;
  field: string;
  /** Aborted (with a ClientClosedRequestException) when the client hangs up before it is answered; none for the CLI's files. */
  signal?: AbortSignal;
}

type UploadRequest = Request & { files?: Record<string, Express.Multer.File[]>; receivedFile?: ReceivedFile };

/** The interceptor for one set of accepted file field names (uploads: upload/file; donations: image). */
export function FileInterceptorFor(fields: string[]): Type<NestInterceptor> {
  @Injectable()
  class Interceptor extends MultipartFileInterceptor {
    constructor(config: ConfigService) {
      super(config, fields);
    }
  }
  return mixin(Interceptor);
}

/**
 * Receives the multipart file in memory when it is small and the process's IntakeBudget allows, otherwise
 * streams it to a temp file under <dataDir>/tmp; enforces the size limit while it streams and refuses a
 * declared oversize body before reading it. The temp file (and the memory reserved) is let go once the handler
 * is done with it, or when the client hangs up while the body is still arriving, whatever happened. A client
 * that hangs up while its file is being handled aborts `signal`: the handler drops the upload.
 */
class MultipartFileInterceptor implements NestInterceptor {
  private readonly tmpDir: string;
  private readonly maxBytes: number;
  private readonly budget: IntakeBudget;
  private readonly toDisk: ReturnType<ReturnType<typeof multer>['fields']>;
  private readonly toMemory: ReturnType<ReturnType<typeof multer>['fields']>;

  constructor(
    config: ConfigService,
    private readonly fields: string[],
  ) {
    this.tmpDir = join(config.dataDir, 'tmp', 'uploads');
    this.maxBytes = config.values.uploads.maxFileSize;
    this.budget = intakeBudgetOf(config);
    const limits = { fileSize: this.maxBytes, files: 1, fields: 20, fieldSize: 64 * 1024, parts: 30 };
    const accepted = fields.map((name) => ({ name, maxCount: 1 }));
    // Browsers and curl send file names as raw UTF-8: read as latin1 (busboy's default), Überweisung.png was garbled.
    const defParamCharset = 'utf8';
    this.toMemory = multer({ storage: multer.memoryStorage(), limits, defParamCharset }).fields(accepted);
    this.toDisk = multer({
      defParamCharset,
      storage: multer.diskStorage({
        destination: (_req, _file, cb) => {
          mkdirSync(this.tmpDir, { recursive: true });
          cb(null, this.tmpDir);
        },
        filename: (_req, _file, cb) => cb(null, `${randomUUID()}.part`),
      }),
      limits,
    }).fields(accepted);
  }

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<UploadRequest>();
    const res = context.switchToHttp().getResponse<Response>();
    const hangUp = new AbortController();
    let handling = false;
    const held = this.budget.reserve(Number(req.headers['content-length']));
    let released = false;
    const letGo = () => {
      removeFiles(req);
      if (!released) this.budget.release(held);
      released = true;
    };
    res.on('close', () => {
      if (!res.writableFinished) hangUp.abort(new ClientClosedRequestException());
      // Removing the file under a running handler would fail it with ENOENT (a 500) or, once it has read the
      // bytes, let it store an upload no one will see: it stops at its next check of the signal instead.
      if (!handling) letGo();
    });
    return from(this.receive(req, res, held > 0 ? this.toMemory : this.toDisk, hangUp.signal)).pipe(
      switchMap(() => {
        // Gone between the end of the body and here: its file is let go already.
        if (hangUp.signal.aborted) return throwError(() => hangUp.signal.reason);
        handling = true;
        return next.handle();
      }),
      finalize(() => {
        handling = false;
        letGo();
        // The bytes go with the reservation: nothing of this request keeps them alive past the handler. (Not
        // on a hang-up mid-body: multer, still running, fills req.files in.)
        req.files = undefined;
        req.receivedFile = undefined;
      }),
    );
  }

  private receive(req: UploadRequest, res: Response, parse: typeof this.toDisk, signal: AbortSignal): Promise<void> {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > this.maxBytes + ENVELOPE_BYTES) return Promise.reject(this.tooLarge());
    if (!req.is('multipart/form-data')) {
      return Promise.reject(new BadRequestException(`Send the image as multipart/form-data in the field ${this.fieldNames()}`));
    }
    return new Promise((resolve, reject) => {
      parse(req, res, (error?: unknown) => {
        if (error) return reject(this.translate(error));
        const file = this.fields.map((name) => req.files?.[name]?.[0]).find(Boolean);
        if (!file) return reject(new BadRequestException(`No file: send the image in the multipart field ${this.fieldNames()}`));
        req.receivedFile = { source: file.path ?? file.buffer, originalName: file.originalname, size: file.size, field: file.fieldname, signal };
        resolve();
      });
    });
  }

  private fieldNames(): string {
    return this.fields.map((f) => `"${f}"`).join(' or ');
  }

  private tooLarge() {
    return new PayloadTooLargeException(`The file is larger than the ${formatBytes(this.maxBytes)} limit`);
  }

  private translate(error: unknown) {
    if (error instanceof multer.MulterError) {
      if (error.code === 'LIMIT_FILE_SIZE') return this.tooLarge();
      if (error.code === 'LIMIT_UNEXPECTED_FILE') {
        return new BadRequestException(`Unexpected file field "${error.field}": send one file in ${this.fieldNames()}`);
      }
      return new BadRequestException(`Malformed upload: ${error.message}`);
    }
    return new BadRequestException(`Malformed multipart body: ${(error as Error).message}`);
  }
}

/** A client that hangs up mid-body leaves multer's file without a path yet; multer removes that one itself. */
function removeFiles(req: UploadRequest): void {
  for (const list of Object.values(req.files ?? {})) for (const file of list) if (file.path) rmSync(file.path, { force: true });
}

/** ShareX and other clients: the file in "upload" (Imago's name) or "file" (Zipline's). */
export const UploadInterceptor = FileInterceptorFor(UPLOAD_FIELDS);
