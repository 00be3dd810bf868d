import type { LoggerService } from '@nestjs/common';
import { pino } from 'pino';
import type { AppConfig } from '../config/config.schema.js';
import { isFrameworkChatter } from './framework-chatter.js';

/** Errors the operator fixes from their message alone; their stack traces only bury the message. */
const OPERATOR_ERRORS = new Set(['ConfigError', 'DataDirLockedError', 'PluginLoadError']);

/**
 * JSON logs for the start-up phase, before Nest's DI can hand out the nestjs-pino logger, so even a
 * failed start logs in the same structured format.
 */
export function createStartupLogger(config: AppConfig): LoggerService {
  const log = pino({ level: config.logging.level });
  const text = (message: unknown) => (message instanceof Error ? message.message : String(message));
  const fields = (context?: unknown) => (typeof context === 'string' ? { context } : {});
  return {
    log: (message, context) => (isFrameworkChatter([context]) ? log.debug(fields(context), text(message)) : log.info(fields(context), text(message))),
    warn: (message, context) => log.warn(fields(context), text(message)),
    debug: (message, context) => log.debug(fields(context), text(message)),
    verbose: (message, context) => log.trace(fields(context), text(message)),
    fatal: (message, context) => log.fatal(fields(context), text(message)),
    error: (message, stack, context) => {
      if (message instanceof Error && OPERATOR_ERRORS.has(message.name)) return log.error(fields(stack), message.message);
      log.error({ ...fields(context), stack: message instanceof Error ? message.stack : stack }, text(message));
    },
  };
}
