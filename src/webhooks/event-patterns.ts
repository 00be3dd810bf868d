import { EVENT_TYPES } from './events.dto.js';

/** Whether a subscription's patterns (`*`, `prefix.*`, exact types) take an event type. Pings are never matched. */
export function matchesEvent(patterns: string[], type: string): boolean {
  if (type === 'webhook.ping') return false;
  return patterns.some((p) => p === '*' || p === type || (p.endsWith('.*') && type.startsWith(p.slice(0, -1))));
}

/** Patterns that match no event type at all (typos), for a 400 / a start-up error. */
export function unknownPatterns(patterns: string[]): string[] {
  return patterns.filter((p) => !EVENT_TYPES.some((type) => matchesEvent([p], type)));
}
