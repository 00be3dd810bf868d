import { type CallHandler, type ExecutionContext, Injectable, type NestInterceptor, UnsupportedMediaTypeException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DECORATORS } from '@nestjs/swagger';
import type { Request } from 'express';
import type { Observable } from 'rxjs';

/**
 * A multipart body is read only by the routes that declare it (`@ApiConsumes('multipart/form-data')`, the
 * upload and donation routes). Anywhere else nothing would parse it: the route would run on an empty body with
 * its defaults (a PATCH that changes nothing, an invite with the default role), so it is refused instead.
 */
@Injectable()
export class MultipartRoutesInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const req = context.switchToHttp().getRequest<Request>();
    if (context.getType() === 'http' && req.is?.('multipart/form-data')) {
      const consumes = this.reflector.getAllAndOverride<string[] | undefined>(DECORATORS.API_CONSUMES, [context.getHandler(), context.getClass()]) ?? [];
      if (!consumes.includes('multipart/form-data')) {
        throw new UnsupportedMediaTypeException('This route reads a JSON body (Content-Type: application/json), not multipart/form-data');
      }
    }
    return next.handle();
  }
}
