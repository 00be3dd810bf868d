import { type ArgumentsHost, Catch, type ExceptionFilter, HttpException, HttpStatus, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { isDataException } from './database-errors.js';
import type { ErrorResponseDto } from './error-response.dto.js';

function describe(status: number): string {
  const name = HttpStatus[status];
  return name ? name.toLowerCase().split('_').map((w) => w[0].toUpperCase() + w.slice(1)).join(' ') : 'Error';
}

export function errorBody(status: number, message: string | string[], requestId?: string, extra: Record<string, unknown> = {}): ErrorResponseDto {
  const list = Array.isArray(message) ? message : [message];
  return {
    ...extra,
    statusCode: status,
    message: list.join('; '),
    error: describe(status),
    ...(list.length > 1 ? { details: list } : {}),
    ...(requestId ? { requestId } : {}),
  };
}

/**
 * The status and body for any failure, as every route answers it; unknown errors are logged. Shared by the
 * Nest filter below and the routes that answer outside Nest (the image fast path).
 */
export function exceptionResponse(exception: unknown, requestId: string | undefined, logger: Pick<Logger, 'warn' | 'error'>): { status: number; body: ErrorResponseDto } {
  let status = HttpStatus.INTERNAL_SERVER_ERROR;
  let message: string | string[] = 'Internal server error';
  let extra: Record<string, unknown> = {};

  if (exception instanceof HttpException) {
    status = exception.getStatus();
    const body = exception.getResponse();
    if (typeof body === 'string') message = body;
    else {
      const { message: text, statusCode: _status, error: _error, ...rest } = body as Record<string, unknown>;
      message = (text as string | string[] | undefined) ?? exception.message;
      // Extra fields a service put in the error (e.g. existingImageId on a duplicate) reach the client too.
      extra = rest;
    }
    if (exception.cause) logger.warn({ err: exception.cause, requestId }, 'Client error with cause');
  } else if (isDataException(exception)) {
    // A 400, not a 500; logged, as the validator that let the value through should have answered it.
    status = HttpStatus.BAD_REQUEST;
    message = `A value in the request is not valid here (${(exception.driverError as Error).message})`;
    logger.warn({ err: exception, requestId }, 'Database refused a value from a request');
  } else {
    const clientStatus = (exception as { status?: unknown })?.status;
    // Errors from Express middleware (body parsing) carry their own 4xx status.
    if (typeof clientStatus === 'number' && clientStatus >= 400 && clientStatus < 500) {
      status = clientStatus;
      message = (exception as Error).message;
    } else {
      logger.error({ err: exception, requestId }, 'Unhandled error');
    }
  }
  return { status, body: errorBody(status, message, requestId, extra) };
}

/** One JSON error shape for every failure; unknown errors are logged and answered without details. */
@Catch()
export class HttpExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('HttpExceptionFilter');

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const request = host.switchToHttp().getRequest<Request & { id?: string }>();
    const requestId = request.id === undefined ? undefined : String(request.id);
    const { status, body } = exceptionResponse(exception, requestId, this.logger);
    if (response.headersSent) {
      response.destroy();
      return;
    }
    response.status(status).json(body);
  }
}
