import { parseVocabulary } from './parse.js';
import type { VocabularyFile } from './types.js';

const DOGS = `version: 1
labels:
  animal:
    translations: { de: { name: Tier, plural: Tiere } }
  dog:
    description: A domesticated canine mammal.
    plural: dogs
    parent: animal
    parts: [ear, tail]
    synonyms: [puppy, doggy]
    translations:
      de: { name: Hund, plural: Hunde, synonyms: [Welpe] }
      fr: chien
  ear:
  tail:
metalabels:
  kitchen:
    description: >
      A room for
      preparing food.
    translations: { de: { name: Küche } }
`;

const byName = (files: VocabularyFile[]) => new Map(parseVocabulary(files).entries.map((e) => [e.name, e]));

describe('parseVocabulary', () => {
  it('reads a rich file into entries sorted by name', () => {
    const { entries, problems } = parseVocabulary([{ path: 'en/animals.yml', content: DOGS }]);
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual(['animal', 'dog', 'ear', 'kitchen', 'tail']);
    expect(entries[1]).toEqual({
      name: 'dog',
      kind: 'object',
      language: 'en',
      description: 'A domesticated canine mammal.',
      plural: 'dogs',
      parent: 'animal',
      parts: ['ear', 'tail'],
      synonyms: ['puppy', 'doggy'],
      translations: { de: { name: 'Hund', plural: 'Hunde', synonyms: ['Welpe'] }, fr: { name: 'chien', synonyms: [] } },
      sources: ['en/animals.yml'],
    });
    expect(entries[2]).toEqual({ name: 'ear', kind: 'object', language: 'en', parts: [], synonyms: [], translations: {}, sources: ['en/animals.yml'] });
  });

  it('reads metalabels, collapsing whitespace in descriptions', () => {
    const kitchen = byName([{ path: 'en/scenes.yml', content: DOGS }]).get('kitchen')!;
    expect(kitchen.kind).toBe('meta');
    expect(kitchen.description).toBe('A room for preparing food.');
    expect(kitchen.translations).toEqual({ de: { name: 'Küche', synonyms: [] } });
  });

  it('reads legacy plain lists: one object label per line, comments and blank lines skipped', () => {
    const content = '\uFEFF# legacy list\r\nbanana\r\n\r\n  orange   # the fruit\r\nteddy   bear\n#cat\n';
    const { entries, problems } = parseVocabulary([{ path: 'wordlists/en/misc.txt', content }]);
    expect(problems).toEqual([]);
    expect(entries.map((e) => [e.name, e.kind, e.language])).toEqual([
      ['banana', 'object', 'en'],
      ['orange', 'object', 'en'],
      ['teddy bear', 'object', 'en'],
    ]);
  });

  it('lets the same plain word appear in several lists, keeping the first spelling', () => {
    const entries = parseVocabulary([
      { path: 'en/b.txt', content: 'tv\n' },
      { path: 'en/a.txt', content: 'TV\ncat\n' },
    ]).entries;
    expect(entries).toEqual([
      expect.objectContaining({ name: 'cat', sources: ['en/a.txt'] }),
      expect.objectContaining({ name: 'TV', sources: ['en/a.txt', 'en/b.txt'] }),
    ]);
  });

  it('merges a plain word into the rich entry of the same name; the rich data wins', () => {
    const dog = byName([
      { path: 'en/misc.txt', content: 'Dog\n' },
      { path: 'en/animals.yml', content: DOGS },
    ]).get('dog')!;
    expect(dog.description).toBe('A domesticated canine mammal.');
    expect(dog.sources).toEqual(['en/animals.yml', 'en/misc.txt']);
  });

  it('merges a plain word of another language into the label it translates', () => {
    const result = parseVocabulary([
      { path: 'en/animals.yml', content: DOGS },
      { path: 'de/misc.txt', content: 'hund\n' },
    ]);
    expect(result.problems).toEqual([]);
    expect(result.entries.find((e) => e.name === 'dog')!.sources).toEqual(['de/misc.txt', 'en/animals.yml']);
    expect(result.entries.some((e) => e.name === 'hund')).toBe(false);
  });

  it('accepts the same rich entry twice when the data is identical', () => {
    const again = 'version: 1\nlabels:\n  ear:\n';
    const { entries, problems } = parseVocabulary([
      { path: 'en/animals.yml', content: DOGS },
      { path: 'en/body.yml', content: again },
    ]);
    expect(problems).toEqual([]);
    expect(entries.find((e) => e.name === 'ear')!.sources).toEqual(['en/animals.yml', 'en/body.yml']);
  });

  it('resolves references across files, case-insensitively and by a name in the file language', () => {
    const german = 'version: 1\nlabels:\n  Dackel:\n    parent: HUND\n    parts: [Ohr]\n    translations: { en: dachshund }\n';
    const result = parseVocabulary([
      { path: 'en/animals.yml', content: DOGS.replace('  ear:\n', '  ear:\n    translations: { de: Ohr }\n') },
      { path: 'de/hunde.yml', content: german },
    ]);
    expect(result.problems).toEqual([]);
    const dackel = result.entries.find((e) => e.name === 'Dackel')!;
    expect(dackel).toMatchObject({ language: 'de', parent: 'dog', parts: ['ear'] });
  });

  it('accepts names with digits and hyphens, and plain numbers as keys', () => {
    const content = 'version: 1\nlabels:\n  t-shirt:\n  3d printer:\n  1984:\n    plural: 1984s\n';
    const { entries, problems } = parseVocabulary([{ path: 'en/misc.yml', content }]);
    expect(problems).toEqual([]);
    expect(entries.map((e) => e.name)).toEqual(['1984', '3d printer', 't-shirt']);
  });

  it('gives the same result whatever order the files come in', () => {
    const files = [
      { path: 'en/animals.yml', content: DOGS },
      { path: 'en/misc.txt', content: 'apple\ndog\n' },
      { path: 'de/misc.txt', content: 'Küche\n' },
    ];
    const forward = parseVocabulary(files);
    expect(parseVocabulary([...files].reverse())).toEqual(forward);
    expect(JSON.stringify(parseVocabulary(files))).toBe(JSON.stringify(forward));
  });

  it('accepts an empty labels section and an empty input', () => {
    expect(parseVocabulary([{ path: 'en/new.yml', content: 'version: 1\nlabels:\n' }])).toEqual({ entries: [], problems: [] });
    expect(parseVocabulary([])).toEqual({ entries: [], problems: [] });
  });
});
