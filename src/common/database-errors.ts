import { QueryFailedError } from 'typeorm';

/** True for PostgreSQL's unique_violation (23505), which both drivers report the same way. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}

/**
 * PostgreSQL's data exceptions (class 22: a value that is not a UUID, a date, a number in range, or text with
 * a NUL byte) reach a statement only when a request's value slipped past validation: the client's fault.
 */
export function isDataException(error: unknown): error is QueryFailedError {
  const code = error instanceof QueryFailedError ? (error.driverError as { code?: unknown } | undefined)?.code : undefined;
  return typeof code === 'string' && code.startsWith('22');
}
