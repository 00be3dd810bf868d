import { applyDecorators, SetMetadata } from '@nestjs/common';
import { ApiTooManyRequestsResponse } from '@nestjs/swagger';
import { ErrorResponseDto } from '../common/error-response.dto.js';

export const THROTTLE_METADATA = 'imagehive:throttle';
export type ThrottlePolicy = 'skip' | 'login';

/** Exempts a route from the global per-client limit (health checks, static bytes). */
export const SkipThrottle = () => SetMetadata(THROTTLE_METADATA, 'skip' satisfies ThrottlePolicy);

/** Adds the strict `auth.loginThrottle` limit on top of the global one: password guessing gets slow. */
export const LoginThrottle = () =>
  applyDecorators(
    SetMetadata(THROTTLE_METADATA, 'login' satisfies ThrottlePolicy),
    ApiTooManyRequestsResponse({ description: 'Too many attempts from this client', type: ErrorResponseDto }),
  );
