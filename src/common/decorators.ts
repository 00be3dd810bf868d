import { applyDecorators, createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiForbiddenResponse,
  ApiSecurity,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { AUTH_METADATA, type AuthContext, type AuthRequirements } from './auth-context.js';
import { ErrorResponseDto } from './error-response.dto.js';

/** No credentials needed, none looked at. */
export const Public = () => SetMetadata(AUTH_METADATA, { public: true } satisfies AuthRequirements);

/**
 * Auth, role and scope rules plus their OpenAPI security entries in one place. Every route without
 * @Public() needs a valid credential anyway (the guard is global); this adds what else it needs.
 */
export function Authenticated(requirements: Omit<AuthRequirements, 'public'> = {}) {
  const needs = [requirements.role && `role ${requirements.role}`, requirements.scopes?.length && `scope ${requirements.scopes.join(', ')}`]
    .filter(Boolean)
    .join(' and ');
  const decorators = [
    SetMetadata(AUTH_METADATA, requirements),
    ApiBearerAuth('bearer'),
    ApiSecurity('token'),
    ApiUnauthorizedResponse({ description: 'Missing, invalid, expired or revoked credentials', type: ErrorResponseDto }),
    ApiTooManyRequestsResponse({ description: 'Too many requests or failed credentials from this client', type: ErrorResponseDto }),
  ];
  if (needs) decorators.push(ApiForbiddenResponse({ description: `Needs ${needs}`, type: ErrorResponseDto }));
  return applyDecorators(...decorators);
}

/** The caller; undefined only on @Public() or optional routes called anonymously. */
export const Auth = createParamDecorator((_: unknown, context: ExecutionContext): AuthContext | undefined => {
  return context.switchToHttp().getRequest<{ auth?: AuthContext }>().auth;
});
