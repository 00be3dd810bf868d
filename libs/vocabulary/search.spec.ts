import { searchTerms } from './search.js';
import type { VocabularyEntry } from './types.js';

const entry = (over: Partial<VocabularyEntry>): VocabularyEntry => ({
  name: 'dog',
  kind: 'object',
  language: 'en',
  parts: [],
  synonyms: [],
  translations: {},
  sources: [],
  ...over,
});

describe('searchTerms', () => {
  it('lists name, plural, synonyms, then each translation by language', () => {
    const terms = searchTerms(
      entry({
        plural: 'dogs',
        synonyms: ['puppy'],
        translations: { fr: { name: 'chien', synonyms: [] }, de: { name: 'Hund', plural: 'Hunde', synonyms: ['Welpe'] } },
      }),
    );
    expect(terms).toEqual([
      { language: 'en', text: 'dog', kind: 'name' },
      { language: 'en', text: 'dogs', kind: 'plural' },
      { language: 'en', text: 'puppy', kind: 'synonym' },
      { language: 'de', text: 'Hund', kind: 'name' },
      { language: 'de', text: 'Hunde', kind: 'plural' },
      { language: 'de', text: 'Welpe', kind: 'synonym' },
      { language: 'fr', text: 'chien', kind: 'name' },
    ]);
  });

  it('lists a text once per language, but again in another language', () => {
    const terms = searchTerms(entry({ name: 'sheep', plural: 'Sheep', translations: { de: { name: 'Schaf', plural: 'Schafe', synonyms: [] }, nl: { name: 'sheep', synonyms: [] } } }));
    expect(terms.map((t) => `${t.language}:${t.text}`)).toEqual(['en:sheep', 'de:Schaf', 'de:Schafe', 'nl:sheep']);
  });
});
