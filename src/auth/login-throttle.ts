import { SetMetadata } from '@nestjs/common';
import type { ExecutionContext } from '@nestjs/common';

const LOGIN_THROTTLE = 'imagehive:login-throttle';

/** Puts a route under the stricter `login` throttler (auth.loginThrottle), on top of the global one. */
export const LoginThrottle = () => SetMetadata(LOGIN_THROTTLE, true);

export function isLoginThrottled(context: ExecutionContext): boolean {
  return Reflect.getMetadata(LOGIN_THROTTLE, context.getHandler()) === true;
}
