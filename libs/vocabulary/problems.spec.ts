import { parseVocabulary } from './parse.js';
import { formatProblem } from './problems.js';
import type { VocabularyFile } from './types.js';

const problemsOf = (files: VocabularyFile[]) => parseVocabulary(files).problems;
const rich = (body: string, path = 'en/test.yml') => problemsOf([{ path, content: `version: 1\n${body}` }]);

describe('parseVocabulary problems', () => {
  it('reports YAML that does not parse, with its line, and skips the file', () => {
    const result = parseVocabulary([{ path: 'en/bad.yml', content: 'version: 1\nlabels:\n  dog: [\n  cat:\n' }]);
    expect(result.entries).toEqual([]);
    expect(result.problems.length).toBeGreaterThan(0);
    expect(result.problems[0]).toMatchObject({ code: 'yaml', path: 'en/bad.yml' });
    expect(result.problems[0]!.line).toBeGreaterThanOrEqual(3);
  });

  it('reports duplicate keys as YAML problems', () => {
    expect(rich('labels:\n  dog:\n  dog:\n')).toEqual([
      { code: 'yaml', path: 'en/test.yml', line: 4, key: 'labels.dog', message: "repeats the key 'dog' of line 3" },
    ]);
    expect(rich('labels:\n  dog:\n    plural: dogs\n    plural: dogz\n').map((p) => [p.line, p.key])).toEqual([
      [5, 'labels.dog.plural'],
    ]);
  });

  it('requires version 1', () => {
    expect(problemsOf([{ path: 'en/a.yml', content: 'labels:\n  dog:\n' }])).toEqual([
      { code: 'format', path: 'en/a.yml', line: 1, key: 'version', message: "is missing; a rich file starts with 'version: 1'" },
    ]);
    expect(problemsOf([{ path: 'en/a.yml', content: 'version: 2\nlabels:\n  dog:\n' }])).toEqual([
      expect.objectContaining({ code: 'format', line: 1, key: 'version', message: expect.stringContaining('2 is not supported') }),
    ]);
    expect(problemsOf([{ path: 'en/a.yml', content: '# nothing yet\n' }])).toEqual([
      expect.objectContaining({ code: 'format', message: expect.stringContaining('is empty') }),
    ]);
  });

  it('reports unknown keys at every level, with key path and line', () => {
    const problems = rich(
      'tags: []\nlabels:\n  dog:\n    colour: brown\n    translations:\n      de: { name: Hund, gender: m }\nmetalabels:\n  kitchen:\n    parts: [sink]\n',
    );
    expect(problems.map((p) => [p.code, p.line, p.key])).toEqual([
      ['unknown-key', 2, 'tags'],
      ['unknown-key', 5, 'labels.dog.colour'],
      ['unknown-key', 7, 'labels.dog.translations.de.gender'],
      ['unknown-key', 10, 'metalabels.kitchen.parts'],
    ]);
    expect(problems[3]!.message).toContain('metalabels cannot be annotated');
  });

  it('reports values of the wrong shape', () => {
    const problems = rich('labels:\n  dog:\n    parts: ear\n    plural: [dogs]\n    description:\n    translations: { de: { plural: Hunde } }\n  cat: meow\n');
    expect(problems.map((p) => [p.line, p.key, p.message])).toEqual([
      [4, 'labels.dog.parts', 'must be a list, e.g. [ear, tail]'],
      [5, 'labels.dog.plural', 'must be text'],
      [6, 'labels.dog.description', 'is empty'],
      [7, 'labels.dog.translations.de', "has no 'name'"],
      [8, 'labels.cat', 'must be a mapping (fields such as description, plural, parent)'],
    ]);
  });

  it('rejects YAML aliases', () => {
    const problems = rich('labels:\n  dog:\n    parts: &p [ear]\n  cat:\n    parts: *p\n  ear:\n');
    expect(problems).toEqual([expect.objectContaining({ key: 'labels.cat.parts', message: expect.stringContaining('aliases') })]);
  });

  it('reports invalid names in plain lists, keys, fields and lists', () => {
    expect(problemsOf([{ path: 'en/misc.txt', content: 'dog\ncat!\n' }])).toEqual([
      { code: 'invalid-name', path: 'en/misc.txt', line: 2, message: "'cat!' contains '!'; names may use letters, digits, spaces and - ' & /" },
    ]);
    const problems = rich("labels:\n  dog.has:\n  cat:\n    synonyms: [kitty, '-']\n    translations: { de: { name: 'Katze?' } }\n");
    expect(problems.map((p) => [p.code, p.line, p.key])).toEqual([
      ['invalid-name', 3, 'labels.dog.has'],
      ['invalid-name', 5, 'labels.cat.synonyms[1]'],
      ['invalid-name', 6, 'labels.cat.translations.de.name'],
    ]);
  });

  it('reports repeated list items and a synonym that is the name itself', () => {
    const problems = rich('labels:\n  dog:\n    parts: [ear, Ear]\n    synonyms: [DOG]\n  ear:\n');
    expect(problems.map((p) => [p.key, p.message])).toEqual([
      ['labels.dog.parts[1]', "'Ear' is listed twice"],
      ['labels.dog.synonyms[0]', "'DOG' is the label's own name"],
    ]);
  });

  it('reports translations into the file language and unknown language codes', () => {
    const problems = rich('labels:\n  dog:\n    translations: { en: hound, ge: Hund }\n');
    expect(problems.map((p) => p.key)).toEqual(['labels.dog.translations.en', 'labels.dog.translations.ge']);
  });

  it('reports a parent or part that is not a label, at its line', () => {
    const problems = rich('labels:\n  dog:\n    parent: animal\n    parts:\n      - ear\n      - tail\n  ear:\n');
    expect(problems).toEqual([
      { code: 'missing-reference', path: 'en/test.yml', line: 4, key: 'labels.dog.parent', message: "parent 'animal' is not a label" },
      { code: 'missing-reference', path: 'en/test.yml', line: 7, key: 'labels.dog.parts[1]', message: "part 'tail' is not a label" },
    ]);
  });

  it('reports parents and parts of the wrong kind', () => {
    const problems = rich('labels:\n  dog:\n    parent: kitchen\n    parts: [kitchen]\nmetalabels:\n  kitchen:\n    parent: dog\n');
    expect(problems.map((p) => [p.code, p.key])).toEqual([
      ['wrong-kind', 'labels.dog.parent'],
      ['wrong-kind', 'labels.dog.parts[0]'],
      ['wrong-kind', 'metalabels.kitchen.parent'],
    ]);
  });

  it('reports an is-a cycle once, across files', () => {
    const problems = problemsOf([
      { path: 'en/a.yml', content: 'version: 1\nlabels:\n  b:\n    parent: c\n  c:\n    parent: a\n' },
      { path: 'en/z.yml', content: 'version: 1\nlabels:\n  a:\n    parent: b\n  d:\n    parent: a\n' },
    ]);
    expect(problems).toEqual([
      { code: 'cycle', path: 'en/z.yml', line: 4, key: 'labels.a.parent', message: 'is-a cycle: a → b → c → a' },
    ]);
  });

  it('reports a label that is its own parent, and has-a cycles', () => {
    expect(rich('labels:\n  dog:\n    parent: dog\n').map((p) => p.message)).toEqual(['is-a cycle: dog → dog']);
    expect(rich('labels:\n  car:\n    parts: [wheel]\n  wheel:\n    parts: [car]\n').map((p) => p.message)).toEqual([
      'part-of cycle: car → wheel → car',
    ]);
  });

  it('reports one name defined twice with different data', () => {
    const problems = problemsOf([
      { path: 'en/a.yml', content: 'version: 1\nlabels:\n  dog:\n    plural: dogs\n' },
      { path: 'en/b.yml', content: 'version: 1\nlabels:\n  Dog:\n    plural: doggies\n' },
      { path: 'en/c.yml', content: 'version: 1\nmetalabels:\n  dog:\n    plural: dogs\n' },
    ]);
    expect(problems).toEqual([
      { code: 'conflict', path: 'en/b.yml', line: 3, key: 'labels.Dog', message: "'Dog' is also defined in en/a.yml:3 with different data" },
      { code: 'conflict', path: 'en/c.yml', line: 3, key: 'metalabels.dog', message: "'dog' is also defined in en/a.yml:3 with different data" },
    ]);
  });

  it('reports one canonical name in two languages', () => {
    const problems = problemsOf([
      { path: 'en/misc.txt', content: 'gift\n' },
      { path: 'de/misc.txt', content: 'Gift\n' },
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'conflict', path: 'en/misc.txt', line: 1, message: "'gift' (en) is already the de label 'Gift' in de/misc.txt:1" }),
    ]);
  });

  it('reports a translation name used by two labels in the same language', () => {
    const problems = rich('labels:\n  mouse:\n    translations: { de: Maus }\n  computer mouse:\n    translations:\n      de: { name: maus }\n');
    expect(problems).toEqual([
      {
        code: 'collision',
        path: 'en/test.yml',
        line: 4, // the shorthand `de: Maus` has no line of its own for `name`
        key: 'labels.mouse.translations.de.name',
        message: "de name 'Maus' of 'mouse' is also the de name of 'computer mouse'",
      },
    ]);
  });

  it('reports synonyms that name another label, but not shared plurals', () => {
    const problems = rich('labels:\n  sofa:\n  couch:\n    synonyms: [sofa]\n  glass:\n    plural: glasses\n  glasses:\n');
    expect(problems).toEqual([
      {
        code: 'collision',
        path: 'en/test.yml',
        line: 5,
        key: 'labels.couch.synonyms[0]',
        message: "en synonym 'sofa' of 'couch' is also the en name of 'sofa'",
      },
    ]);
    expect(rich('labels:\n  couch:\n    synonyms: [settee]\n  sofa:\n    synonyms: [Settee]\n').map((p) => p.key)).toEqual([
      'labels.sofa.synonyms[0]',
    ]);
  });

  it('reports a legacy word that is only a synonym of a rich label, at the synonym', () => {
    const problems = problemsOf([
      { path: 'en/electronics.yml', content: 'version: 1\nlabels:\n  cell phone:\n    synonyms: [smartphone]\n' },
      { path: 'en/misc.txt', content: 'smartphone\n' },
    ]);
    expect(problems).toEqual([
      expect.objectContaining({ code: 'collision', path: 'en/electronics.yml', line: 4, key: 'labels.cell phone.synonyms[0]' }),
    ]);
  });

  it('keeps an entry whose fields are malformed, so labels naming it do not fail as well', () => {
    const result = parseVocabulary([{ path: 'en/a.yml', content: 'version: 1\nlabels:\n  animal: [oops]\n  dog:\n    parent: animal\n' }]);
    expect(result.problems.map((p) => p.key)).toEqual(['labels.animal']);
    expect(result.entries.map((e) => e.name)).toEqual(['animal', 'dog']);
  });

  it('reports files it cannot place', () => {
    expect(problemsOf([
      { path: 'wordlists/link-nouns.txt', content: 'apple\n' },
      { path: 'en/labels.json', content: '{}' },
      { path: 'en/a.txt', content: 'x\n' },
      { path: 'en/a.txt', content: 'y\n' },
    ]).map((p) => [p.code, p.path])).toEqual([
      ['path', 'en/a.txt'],
      ['path', 'en/labels.json'],
      ['path', 'wordlists/link-nouns.txt'],
    ]);
  });

  it('formats problems as file:line: key: message', () => {
    const [problem] = rich('labels:\n  dog:\n    parent: animal\n');
    expect(formatProblem(problem!)).toBe("en/test.yml:4: labels.dog.parent: parent 'animal' is not a label");
    expect(formatProblem({ code: 'path', path: 'x.txt', message: 'is not inside a language folder' })).toBe('x.txt: is not inside a language folder');
  });
});
