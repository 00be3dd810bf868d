import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { isVocabularyFile, nameKey, parseVocabulary, type VocabularyEntry, type VocabularyFile } from './index.js';
import { formatProblem } from './problems.js';

/** The shipped vocabulary, read the way the app will: every vocabulary file under wordlists/. */
const ROOT = join(import.meta.dirname, '..', '..', 'wordlists');

function readWordlists(): VocabularyFile[] {
  const files: VocabularyFile[] = [];
  for (const entry of readdirSync(ROOT, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = relative(ROOT, join(entry.parentPath, entry.name));
    if (isVocabularyFile(path)) files.push({ path, content: readFileSync(join(ROOT, path), 'utf8') });
  }
  return files;
}

const COCO = [
  'person', 'bicycle', 'car', 'motorcycle', 'airplane', 'bus', 'train', 'truck', 'boat', 'traffic light',
  'fire hydrant', 'stop sign', 'parking meter', 'bench', 'bird', 'cat', 'dog', 'horse', 'sheep', 'cow',
  'elephant', 'bear', 'zebra', 'giraffe', 'backpack', 'umbrella', 'handbag', 'tie', 'suitcase', 'frisbee',
  'skis', 'snowboard', 'sports ball', 'kite', 'baseball bat', 'baseball glove', 'skateboard', 'surfboard',
  'tennis racket', 'bottle', 'wine glass', 'cup', 'fork', 'knife', 'spoon', 'bowl', 'banana', 'apple',
  'sandwich', 'orange', 'broccoli', 'carrot', 'hot dog', 'pizza', 'donut', 'cake', 'chair', 'couch',
  'potted plant', 'bed', 'dining table', 'toilet', 'tv', 'laptop', 'mouse', 'remote', 'keyboard', 'cell phone',
  'microwave', 'oven', 'toaster', 'sink', 'refrigerator', 'book', 'clock', 'vase', 'scissors', 'teddy bear',
  'hair drier', 'toothbrush',
];

describe('the shipped wordlists', () => {
  const files = readWordlists();
  const { entries, problems } = parseVocabulary(files);
  const byName = new Map(entries.map((e) => [e.name, e]));
  const objects = entries.filter((e) => e.kind === 'object');
  const metas = entries.filter((e) => e.kind === 'meta');

  it('have no problems', () => {
    expect(problems.map(formatProblem)).toEqual([]);
  });

  it('read both formats from the en folder', () => {
    const paths = files.map((f) => f.path.replaceAll('\\', '/'));
    expect(paths).toContain('en/misc.txt');
    expect(paths.filter((p) => p.endsWith('.yml')).length).toBeGreaterThanOrEqual(6);
    // Every legacy word merged into a rich entry instead of standing alone.
    expect(entries.filter((e) => e.sources.length === 1 && e.sources[0]!.endsWith('.txt'))).toEqual([]);
    expect(byName.get('tv')!.sources.map((s) => s.replaceAll('\\', '/'))).toEqual(['en/electronics.yml', 'en/misc.txt']);
  });

  it('have at least 300 object labels and 40 metalabels', () => {
    expect(objects.length).toBeGreaterThanOrEqual(300);
    expect(metas.length).toBeGreaterThanOrEqual(40);
  });

  it('contain all 80 COCO categories under their COCO names, as object labels', () => {
    expect(COCO).toHaveLength(80);
    expect(COCO.filter((name) => byName.get(name)?.kind !== 'object')).toEqual([]);
  });

  it('contain names with digits and hyphens', () => {
    for (const name of ['t-shirt', '3d printer', 'e-scooter', 'usb stick']) expect(byName.has(name)).toBe(true);
  });

  it('translate every label into German', () => {
    expect(entries.filter((e) => !e.translations['de']).map((e) => e.name)).toEqual([]);
    // German nouns are capitalised; the few lower-case names are phrases such as 'kurze Hose'.
    const lower = entries.filter((e) => !/^\p{Lu}|^\d/u.test(e.translations['de']!.name)).map((e) => e.translations['de']!.name);
    expect(lower.every((name) => name.includes(' '))).toBe(true);
  });

  it('describe most labels and give most a plural', () => {
    expect(entries.filter((e) => e.description).length / entries.length).toBeGreaterThan(0.9);
    expect(objects.filter((e) => e.plural && e.translations['de']!.plural).length / objects.length).toBeGreaterThan(0.85);
  });

  it('form an acyclic is-a hierarchy of labels of one kind, with common roots', () => {
    const broken: string[] = [];
    for (const entry of entries) {
      const seen = new Set<string>();
      for (let e: VocabularyEntry | undefined = entry; e?.parent !== undefined; e = byName.get(e.parent)) {
        if (seen.has(e.name)) {
          broken.push(`cycle through ${e.name}`);
          break;
        }
        seen.add(e.name);
        if (byName.get(e.parent)?.kind !== e.kind) broken.push(`${e.name} → ${e.parent}`);
      }
    }
    expect(broken).toEqual([]);
    const root = (name: string) => {
      let e = byName.get(name)!;
      while (e.parent !== undefined) e = byName.get(e.parent)!;
      return e.name;
    };
    expect(['dog', 'cat', 'bird', 'shark', 'butterfly'].map(root)).toEqual(Array(5).fill('animal'));
    expect(['car', 'fire truck', 'e-scooter', 'sailboat'].map(root)).toEqual(Array(4).fill('vehicle'));
    expect(['chair', 'couch', 'dining table', 'bench'].map(root)).toEqual(Array(4).fill('furniture'));
    expect(['apple', 'broccoli', 'pizza', 'donut'].map(root)).toEqual(Array(4).fill('food'));
    expect(['kitchen', 'bathroom'].map(root)).toEqual(['indoor', 'indoor']);
  });

  it('give parts to a few dozen labels, each part an object label', () => {
    const withParts = entries.filter((e) => e.parts.length > 0);
    expect(withParts.length).toBeGreaterThanOrEqual(30);
    const badParts = withParts.flatMap((e) => e.parts.filter((p) => byName.get(p)?.kind !== 'object'));
    expect(badParts).toEqual([]);
    expect(byName.get('dog')!.parts).toEqual(expect.arrayContaining(['ear', 'eye', 'tail', 'paw', 'nose']));
    expect(byName.get('car')!.parts).toEqual(expect.arrayContaining(['wheel', 'door', 'window', 'headlight']));
    expect(byName.get('person')!.parts).toEqual(expect.arrayContaining(['head', 'hand', 'face']));
  });

  it('keep canonical names unique, case-insensitively', () => {
    expect(new Set(entries.map((e) => nameKey(e.name))).size).toBe(entries.length);
  });

  it('parse to the same result every time and in any file order', () => {
    const again = parseVocabulary([...readWordlists()].reverse());
    expect(JSON.stringify(again)).toBe(JSON.stringify({ entries, problems }));
    expect(entries.map((e) => e.name)).toEqual([...entries.map((e) => e.name)].sort((a, b) => (nameKey(a) < nameKey(b) ? -1 : 1)));
  });
});
