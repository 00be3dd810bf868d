import { datasetFormats, findDatasetFormat } from './formats.js';
import type { DatasetFormat } from './model.js';
import { resolveExportOptions } from './options.js';
import { coalesce, readText } from './stream.js';
import { buildDataset } from './testing/dataset.js';
import { collect, RecordingSource } from './testing/harness.js';

const dataset = buildDataset({ images: 60, seed: 9 });

describe('the format list', () => {
  it('has unique names that the registry finds', () => {
    const names = datasetFormats.map((f) => f.name);
    expect(new Set(names).size).toBe(names.length);
    expect(names).toEqual(expect.arrayContaining(['coco', 'yolo', 'yolo-seg', 'voc', 'csv', 'jsonl', 'imagefolder']));
    for (const format of datasetFormats) expect(findDatasetFormat(format.name)).toBe(format);
    expect(findDatasetFormat('nope')).toBeUndefined();
  });

  it.each(datasetFormats.map((f) => [f.name, f] as [string, DatasetFormat]))('%s honours its layout and pass count', async (_, format) => {
    const source = new RecordingSource(dataset);
    const out = await collect(format, source);
    if (format.layout === 'single') expect(out.paths).toHaveLength(1);
    else expect(out.paths.length).toBeGreaterThan(dataset.length);
    expect(source.passes).toBe(format.passes());
    expect(source.pulledPerPass.every((n) => n === dataset.length)).toBe(true);
    expect(format.mediaType).toMatch(/^[a-z]+\/[a-z0-9.+-]+/);
  });

  it.each(datasetFormats.map((f) => [f.name, f] as [string, DatasetFormat]))('%s reads lazily: stopping early stops the reading', async (_, format) => {
    const source = new RecordingSource(dataset);
    let seen = 0;
    outer: for await (const entry of format.write(source)) {
      if ('content' in entry && typeof entry.content !== 'string') {
        for await (const _chunk of entry.content) if (++seen === 4) break outer;
      } else if (++seen === 4) break;
    }
    expect(source.pulled).toBeGreaterThan(0);
    expect(source.pulled).toBeLessThanOrEqual(4);
  });

  it.each(datasetFormats.map((f) => [f.name, f] as [string, DatasetFormat]))('%s writes only relative, clean paths', async (_, format) => {
    for (const path of (await collect(format, dataset)).paths) {
      expect(path.split('/').every((segment) => segment !== '' && segment !== '.' && segment !== '..')).toBe(true);
    }
  });
});

describe('options', () => {
  it('fills defaults', () => {
    expect(resolveExportOptions()).toMatchObject({ includeUnvalidatedAnnotations: false, minProbability: 0, imagePathPrefix: '', imageNames: 'id', vocImageSets: 'none' });
  });

  it('rejects unknown keys, bad ranges, duplicate categories and escaping prefixes', () => {
    for (const bad of [
      { nope: true },
      { minProbability: 1.5 },
      { categories: ['a', 'a'] },
      { imagePathPrefix: '../up' },
      { imagePathPrefix: '/abs' },
      { imagePathPrefix: 'a//b' },
      { createdAt: 'yesterday' },
    ]) {
      expect(() => resolveExportOptions(bad as never)).toThrow();
    }
  });

  it('treats imagePathPrefix as a folder', () => {
    expect(resolveExportOptions({ imagePathPrefix: 'data/images' }).imagePathPrefix).toBe('data/images/');
    expect(resolveExportOptions({ imagePathPrefix: 'images/' }).imagePathPrefix).toBe('images/');
  });

  it('makes writers fail on bad options before reading anything', async () => {
    const source = new RecordingSource(dataset);
    await expect(collect(findDatasetFormat('csv')!, source, { minProbability: -1 })).rejects.toThrow();
    expect(source.pulled).toBe(0);
  });

  it('switches to readable, de-duplicated file names with imageNames: fileName', async () => {
    const names = ['photo.jpg', 'photo.png', 'PHOTO.JPG', '../x.jpg'];
    const images = names.map((fileName, i) => ({ id: `id${i}`, fileName, width: 5, height: 5, labels: [] }));
    const out = await collect(findDatasetFormat('yolo')!, images, { imageNames: 'fileName' });
    expect([...out.images.keys()]).toEqual(['images/photo.jpg', 'images/photo-2.png', 'images/PHOTO-3.jpg', 'images/_x.jpg']);
    expect([...out.texts.keys()].slice(0, 3)).toEqual(['labels/photo.txt', 'labels/photo-2.txt', 'labels/PHOTO-3.txt']);
  });
});

describe('stream helpers', () => {
  it('coalesces small chunks into bigger ones without losing or reordering text', async () => {
    async function* pieces() {
      for (let i = 0; i < 100; i++) yield `${i},`;
    }
    const chunks: string[] = [];
    for await (const chunk of coalesce(pieces(), 50)) chunks.push(chunk);
    expect(chunks.join('')).toBe(Array.from({ length: 100 }, (_, i) => `${i},`).join(''));
    expect(chunks.slice(0, -1).every((c) => c.length >= 50)).toBe(true);
    expect(chunks.length).toBeLessThan(20);
    expect(await readText('whole')).toBe('whole');
  });
});
