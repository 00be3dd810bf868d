import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { listFiles } from '../../test/utils/files.js';
import { LANGUAGES } from './language.js';
import { WEB_ROOT } from './web-files.js';

type Strings = Record<string, string | Record<string, string>>;

const locale = (lang: string): Strings => JSON.parse(readFileSync(join(WEB_ROOT, 'locales', `${lang}.json`), 'utf8'));
const placeholders = (value: string | Record<string, string>) =>
  [...new Set((typeof value === 'string' ? [value] : Object.values(value)).flatMap((text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1])))].sort();

const sources = listFiles(join(WEB_ROOT, 'app'))
  .filter((file) => file.endsWith('.js'))
  .map((file) => readFileSync(join(WEB_ROOT, 'app', file), 'utf8'));

// Keys built at run time: t(`nav.${key}`) and the like, with every value they take.
const DYNAMIC: Record<string, string[]> = {
  'nav.': ['donate', 'validate', 'annotate', 'explore', 'statistics', 'dashboard'],
  'home.': ['donate', 'validate', 'annotate', 'explore', 'statistics', 'dashboard'].flatMap((card) => [`${card}.title`, `${card}.text`]),
  'validate.': ['yes', 'no', 'unsure'],
  'label.verdict.': ['unknown', 'likely_right', 'likely_wrong', 'uncertain'],
  'label.state.': ['pending', 'approved', 'rejected', 'quarantined'],
  'tokens.scope.': ['upload', 'read', 'vote', 'admin'],
  'annotate.tool.': ['select', 'rect', 'polygon'],
  'annotate.rule.': ['invalid_shape', 'not_finite', 'negative_size', 'outside_image', 'too_few_points', 'too_many_points', 'self_intersecting', 'zero_area', 'too_many_shapes'],
  'statistics.total.': ['approvedImages', 'pendingImages', 'datasetImages', 'labels', 'pairs', 'confirmedPairs', 'votes', 'voters', 'openSuggestions'],
  'explore.formats.': ['coco', 'yolo', 'voc', 'csv', 'jsonl', 'imagefolder'],
};

describe('web app locale files', () => {
  const en = locale('en');

  // A translation may leave a placeholder out (German needs no article), never add one the code does not fill,
  // and never drop the one that carries the server's explanation ({detail}).
  it.each(LANGUAGES.filter((l) => l !== 'en'))('%s has the same keys and plural forms as English, and only its placeholders', (lang) => {
    const other = locale(lang);
    expect(Object.keys(other).sort()).toEqual(Object.keys(en).sort());
    for (const [key, value] of Object.entries(en)) {
      expect([key, typeof other[key]]).toEqual([key, typeof value]);
      const unknown = placeholders(other[key]).filter((name) => !placeholders(value).includes(name));
      expect([key, unknown]).toEqual([key, []]);
      if (placeholders(value).includes('detail')) expect([key, placeholders(other[key]).includes('detail')]).toEqual([key, true]);
      if (typeof value === 'object') expect([key, Object.keys(other[key]).includes('other')]).toEqual([key, true]);
    }
  });

  it('has every key the pages use, the server’s shell strings included', () => {
    const used = new Set(['app.name', 'app.loading', 'app.noscript']);
    for (const source of sources) for (const match of source.matchAll(/\bt\('([^']+)'/g)) used.add(match[1]);
    for (const [prefix, values] of Object.entries(DYNAMIC)) {
      expect(sources.some((source) => source.includes(`t(\`${prefix}\${`))).toBe(true);
      for (const value of values) used.add(prefix + value);
    }
    const missing = [...used].filter((key) => !(key in en));
    expect(missing).toEqual([]);
    expect(used.size).toBeGreaterThan(100);
  });
});
