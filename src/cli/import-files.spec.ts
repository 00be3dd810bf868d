import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { importFiles } from './import.command.js';

describe('importFiles', () => {
  let root: string;
  beforeEach(() => {
    root = mkdtempSync(join(tmpdir(), 'import-'));
    for (const folder of ['a_b', 'hot_dog', 'cup']) {
      mkdirSync(join(root, folder));
      writeFileSync(join(root, folder, '1.jpg'), 'x');
    }
    writeFileSync(join(root, 'cup', 'notes.txt'), 'not an image');
  });
  afterEach(() => rmSync(root, { recursive: true, force: true }));

  const labels = () => importFiles(root).map((f) => f.label);

  it('reads underscores in folder names as spaces', () => {
    expect(labels()).toEqual(['a b', 'cup', 'hot dog']);
  });

  it('takes the labels an export’s labels.json gives its folders (a/b went out as a_b)', () => {
    writeFileSync(join(root, 'labels.json'), JSON.stringify([{ folder: 'a_b', label: 'a/b', images: 1 }]));
    expect(labels()).toEqual(['a/b', 'cup', 'hot dog']);
    writeFileSync(join(root, 'labels.json'), '{ not json');
    expect(labels()).toEqual(['a b', 'cup', 'hot dog']);
  });
});
