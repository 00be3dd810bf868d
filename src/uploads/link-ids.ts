import { randomInt, randomUUID } from 'node:crypto';
import { randomString } from '../../libs/secrets/index.js';
import type { NameFormat } from './upload-options.js';

const BASE62 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A safe, readable stem from a client file name: ASCII letters, digits, - and _, at most 48 characters. */
export function slugFromName(name: string | undefined): string {
  const base = (name ?? '').split(/[\/\\]/).pop() ?? '';
  const stem = base.replace(/\.[^.]*$/, '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const cleaned = stem.replace(/[^A-Za-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 48);
  return cleaned || 'image';
}

export interface LinkWords {
  adjectives: string[];
  nouns: string[];
}

/**
 * A new link id in the requested format, every random part from the CSPRNG. `attempt` > 0 means the previous
 * id clashed: formats that can clash grow a random suffix.
 */
export function newLinkId(format: NameFormat, options: { length: number; originalName?: string; words: LinkWords; attempt: number }): string {
  const suffix = options.attempt > 0 ? `-${randomString(4 + options.attempt, BASE62)}` : '';
  switch (format) {
    case 'uuid':
      return randomUUID();
    case 'words': {
      const { adjectives, nouns } = options.words;
      const pick = (list: string[]) => list[randomInt(list.length)];
      return `${pick(adjectives)}-${pick(adjectives)}-${pick(nouns)}${suffix}`;
    }
    case 'original':
      // Always suffixed: an original name alone would let anyone guess other people's links.
      return `${slugFromName(options.originalName)}-${randomString(6, BASE62)}${suffix}`;
    default:
      return randomString(options.length + options.attempt, BASE62);
  }
}
