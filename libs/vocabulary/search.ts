import { nameKey } from './names.js';
import type { VocabularyEntry } from './types.js';

export interface SearchTerm {
  language: string;
  text: string;
  kind: 'name' | 'plural' | 'synonym';
}

/**
 * Every (language, text) a label can be found by, for autocomplete: its name, plural and synonyms, then each
 * translation's. Duplicates within a language (plural 'sheep' of 'sheep') are listed once, first role wins.
 */
export function searchTerms(entry: VocabularyEntry): SearchTerm[] {
  const terms: SearchTerm[] = [];
  const seen = new Set<string>();
  const add = (language: string, text: string | undefined, kind: SearchTerm['kind']) => {
    if (text === undefined) return;
    const id = `${language}:${nameKey(text)}`;
    if (seen.has(id)) return;
    seen.add(id);
    terms.push({ language, text, kind });
  };
  add(entry.language, entry.name, 'name');
  add(entry.language, entry.plural, 'plural');
  for (const s of entry.synonyms) add(entry.language, s, 'synonym');
  for (const language of Object.keys(entry.translations).sort()) {
    const t = entry.translations[language]!;
    add(language, t.name, 'name');
    add(language, t.plural, 'plural');
    for (const s of t.synonyms) add(language, s, 'synonym');
  }
  return terms;
}
