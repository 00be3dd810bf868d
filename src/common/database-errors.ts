import { QueryFailedError } from 'typeorm';

/** True for PostgreSQL's unique_violation (23505), which both drivers report the same way. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof QueryFailedError && (error.driverError as { code?: string } | undefined)?.code === '23505';
}
