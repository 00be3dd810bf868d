import {
  applyDecorators,
  type CanActivate,
  createParamDecorator,
  type ExecutionContext,
  Injectable,
  UseGuards,
} from '@nestjs/common';
import { ApiHeader } from '@nestjs/swagger';
import type { Request } from 'express';
import type { AuthContext } from '../common/auth-context.js';
import { ConfigService } from '../config/config.service.js';

type BypassRequest = Request & { auth?: AuthContext; compressionBypass?: boolean };

const TRUE_VALUES = new Set(['1', 'true', 'yes', 'on']);

/** Imago's rule without its bugs: only admins, only a true header value, and config decides both. */
export function shouldBypass(
  role: string | undefined,
  header: string | undefined,
  rules: { allowed: boolean; requireHeader: boolean },
): boolean {
  if (!rules.allowed || role !== 'admin') return false;
  if (!rules.requireHeader) return true;
  return TRUE_VALUES.has((header ?? '').trim().toLowerCase());
}

@Injectable()
export class CompressionBypassGuard implements CanActivate {
  constructor(private readonly config: ConfigService) {}

  canActivate(context: ExecutionContext): boolean {
    const req = context.switchToHttp().getRequest<BypassRequest>();
    req.compressionBypass = shouldBypass(req.auth?.user.role, req.header('compression-bypass'), this.config.values.compression.adminBypass);
    return true; // decides, never refuses: a non-admin's header is simply ignored
  }
}

/** Lets admins skip compression on this route with `Compression-Bypass: true` (see compression.adminBypass). */
export const AllowCompressionBypass = () =>
  applyDecorators(
    UseGuards(CompressionBypassGuard),
    ApiHeader({
      name: 'Compression-Bypass',
      required: false,
      description: 'Admins only: `1`, `true` or `yes` stores the image without compression (metadata is still stripped).',
    }),
  );

/** Whether compression is bypassed for this request (false unless @AllowCompressionBypass() decided so). */
export const CompressionBypassed = createParamDecorator(
  (_: unknown, context: ExecutionContext): boolean => context.switchToHttp().getRequest<BypassRequest>().compressionBypass === true,
);
