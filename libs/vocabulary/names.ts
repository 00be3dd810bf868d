// The same folding the query language uses, so a label found by a query is the label the vocabulary means.
import { foldCase } from '../query/fold.js';

export type NameCheck = { ok: true; name: string } | { ok: false; reason: string };

export const MAX_NAME_LENGTH = 64;

/**
 * The form a name is stored in: NFC (so 'é' typed two ways is one label), typographic apostrophe and hyphens
 * mapped to ASCII (what keyboards type when searching), runs of whitespace collapsed, trimmed. Case is kept:
 * names are stored as written ('TV', 'Eiffel Tower') and compared with `nameKey`.
 */
export function normalizeLabelName(raw: string): string {
  return raw
    .normalize('NFC')
    .replace(/[\u2019\u02BC]/g, "'")
    .replace(/[\u2010\u2011]/g, '-')
    .replace(/\s+/gu, ' ')
    .trim();
}

/** Comparison key: two names are the same label when their keys are equal. Folds like PostgreSQL `lower()`. */
export function nameKey(raw: string): string {
  return foldCase(normalizeLabelName(raw));
}

const ALLOWED = /^[\p{L}\p{M}\p{N} '&/-]$/u;
// Invisible and control characters make two names look equal while differing; ZWNJ/ZWJ are kept because
// several scripts (Persian, Indic) need them to spell words correctly.
const INVISIBLE = /[\p{Cc}\p{Cs}\p{Co}\p{Cf}]/u;
const JOINERS = new Set(['\u200C', '\u200D']);

export function validateLabelName(raw: string): NameCheck {
  const name = normalizeLabelName(raw);
  const fail = (reason: string): NameCheck => ({ ok: false, reason });
  if (name === '') return fail('is empty');
  const chars = [...name];
  if (chars.length > MAX_NAME_LENGTH) return fail(`is longer than ${MAX_NAME_LENGTH} characters`);
  for (const ch of chars) {
    if (INVISIBLE.test(ch) && !JOINERS.has(ch)) return fail(`contains the invisible character ${codePoint(ch)}`);
    // '.' is reserved for query accessors (dog.has='ear'), quotes and brackets for the query syntax itself.
    if (!ALLOWED.test(ch) && !JOINERS.has(ch)) {
      return fail(`contains '${ch}'; names may use letters, digits, spaces and - ' & /`);
    }
  }
  if (!/[\p{L}\p{N}]/u.test(name)) return fail('has no letter or digit');
  if (!/^[\p{L}\p{N}]/u.test(name)) return fail('must start with a letter or digit');
  if (!/[\p{L}\p{M}\p{N}]$/u.test(name)) return fail('must end with a letter or digit');
  if (/[-'&/]{2}/.test(name)) return fail('has two punctuation characters in a row');
  return { ok: true, name };
}

function codePoint(ch: string): string {
  return 'U+' + ch.codePointAt(0)!.toString(16).toUpperCase().padStart(4, '0');
}
