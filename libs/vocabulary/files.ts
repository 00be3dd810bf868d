import { isLanguageCode } from './languages.js';

export type FileFormat = 'plain' | 'rich';

export type FileKind = { ok: true; language: string; format: FileFormat } | { ok: false; reason: string };

/**
 * Where a file belongs, from its path: `<lang>/<name>.txt` (plain list) or `<lang>/<name>.yml|yaml` (rich).
 * Only the last two segments count, so callers may pass paths relative to the wordlists folder or to the
 * repository (`wordlists/en/animals.yml`); problems then name the file the way the caller knows it.
 */
export function classifyVocabularyPath(path: string): FileKind {
  const segments = path.split(/[\\/]/).filter((s) => s !== '');
  if (segments.length < 2) return { ok: false, reason: 'is not inside a language folder such as en/ or de/' };
  const language = segments[segments.length - 2]!;
  const file = segments[segments.length - 1]!;
  if (!isLanguageCode(language)) {
    return { ok: false, reason: `folder '${language}' is not an ISO 639-1 language code (en, de, fr, ...)` };
  }
  if (/\.txt$/i.test(file)) return { ok: true, language, format: 'plain' };
  if (/\.ya?ml$/i.test(file)) return { ok: true, language, format: 'rich' };
  return { ok: false, reason: 'is neither a plain list (.txt) nor a rich file (.yml)' };
}

/** For the app when it walks the wordlists folder: which files the vocabulary reads (others, such as README.md, are not its). */
export function isVocabularyFile(path: string): boolean {
  return classifyVocabularyPath(path).ok;
}
