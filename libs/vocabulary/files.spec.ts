import { classifyVocabularyPath, isVocabularyFile } from './files.js';

describe('classifyVocabularyPath', () => {
  it('takes the language from the folder and the format from the extension', () => {
    expect(classifyVocabularyPath('en/misc.txt')).toEqual({ ok: true, language: 'en', format: 'plain' });
    expect(classifyVocabularyPath('wordlists/de/tiere.yml')).toEqual({ ok: true, language: 'de', format: 'rich' });
    expect(classifyVocabularyPath('wordlists\\fr\\animaux.yaml')).toEqual({ ok: true, language: 'fr', format: 'rich' });
  });

  it('rejects files outside a language folder, unknown languages and other extensions', () => {
    expect(classifyVocabularyPath('link-nouns.txt').ok).toBe(false);
    expect(classifyVocabularyPath('wordlists/link-nouns.txt').ok).toBe(false);
    expect(classifyVocabularyPath('ge/tiere.yml').ok).toBe(false);
    expect(classifyVocabularyPath('en/labels.json').ok).toBe(false);
    expect(isVocabularyFile('wordlists/README.md')).toBe(false);
    expect(isVocabularyFile('wordlists/en/animals.yml')).toBe(true);
  });
});
