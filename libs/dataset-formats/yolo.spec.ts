import { parse } from 'yaml';
import type { DatasetImage } from './model.js';
import { buildDataset, HOSTILE_LABELS } from './testing/dataset.js';
import { collect, isSafeSegment, RecordingSource } from './testing/harness.js';
import { yoloDetection, yoloSegmentation } from './yolo.js';

const dataset = buildDataset();

interface DataYaml {
  train: string;
  val: string;
  nc: number;
  names: string[];
}

function lines(text: string): string[][] {
  expect(text === '' || text.endsWith('\n')).toBe(true);
  return text.split('\n').filter((l) => l !== '').map((l) => l.split(' '));
}

describe.each([yoloDetection, yoloSegmentation])('$name', (format) => {
  it('writes an image and a label file per image under safe, matching names, then data.yaml', async () => {
    const out = await collect(format, dataset);
    expect(new Set(out.paths).size).toBe(out.paths.length);
    expect(out.images.size).toBe(dataset.length);
    expect(out.paths[out.paths.length - 1]).toBe('data.yaml');
    for (const [path, image] of out.images) {
      const [folder, file, ...rest] = path.split('/');
      expect([folder, rest]).toEqual(['images', []]);
      expect(isSafeSegment(file)).toBe(true);
      const stem = file.replace(/\.[a-z0-9]+$/, '');
      expect(out.texts.has(`labels/${stem}.txt`)).toBe(true);
      expect(dataset).toContain(image);
    }
    expect(out.texts.size).toBe(dataset.length + 1);
  });

  it('points every part of a split at all the parts, with the classes it is given', async () => {
    const names = ['zebra', ...new Set(dataset.flatMap((image) => image.labels.map((l) => l.name)))];
    const split = await collect(format, dataset, { categories: names, splitParts: ['train', 'val', 'test'] });
    expect(parse(split.texts.get('data.yaml')!)).toEqual({ train: '../train/images', val: '../val/images', test: '../test/images', nc: names.length, names });
    const odd = await collect(format, dataset, { splitParts: ['b', 'a'] });
    expect(parse(odd.texts.get('data.yaml')!)).toMatchObject({ train: '../b/images', val: '../b/images' });
    expect(parse(odd.texts.get('data.yaml')!)).not.toHaveProperty('test');
  });

  it('names every class in data.yaml in a way YAML 1.1 readers (Ultralytics) read back verbatim', async () => {
    const out = await collect(format, dataset);
    const yaml11 = parse(out.texts.get('data.yaml')!, { version: '1.1' }) as DataYaml;
    expect(yaml11.nc).toBe(yaml11.names.length);
    expect(new Set(yaml11.names)).toEqual(new Set(HOSTILE_LABELS));
    expect(yaml11.names).toContain('yes');
    expect(parse(out.texts.get('data.yaml')!)).toEqual(yaml11);
    expect([yaml11.train, yaml11.val]).toEqual(['images', 'images']);
  });

  it('writes class ids below nc and coordinates normalised to [0,1] with 6 decimals', async () => {
    const out = await collect(format, dataset, { includeUnvalidatedAnnotations: true });
    const { nc } = parse(out.texts.get('data.yaml')!) as DataYaml;
    let objects = 0;
    for (const [path, text] of out.texts) {
      if (!path.startsWith('labels/')) continue;
      for (const [cls, ...coords] of lines(text)) {
        objects++;
        expect(Number(cls)).toBeLessThan(nc);
        expect(cls).toMatch(/^\d+$/);
        expect(coords.every((c) => /^[01]\.\d{6}$/.test(c) && Number(c) <= 1)).toBe(true);
        if (format === yoloDetection) {
          expect(coords).toHaveLength(4);
          const [cx, cy, w, h] = coords.map(Number);
          expect(w).toBeGreaterThanOrEqual(0);
          expect(cx - w / 2).toBeGreaterThanOrEqual(-1e-6);
          expect(cx + w / 2).toBeLessThanOrEqual(1 + 1e-6);
          expect(cy + h / 2).toBeLessThanOrEqual(1 + 1e-6);
        } else {
          expect(coords.length % 2).toBe(0);
          expect(coords.length).toBeGreaterThanOrEqual(6);
        }
      }
    }
    expect(objects).toBeGreaterThan(300);
  });
});

describe('yolo specifics', () => {
  const image: DatasetImage = {
    id: 'k',
    fileName: 'k.png',
    width: 200,
    height: 100,
    labels: [
      { name: 'b', probability: 1, annotations: [{ id: '1', validated: true, shapes: [{ type: 'rect', x: 20, y: 10, width: 40, height: 20 }] }] },
      { name: 'a', probability: 1, annotations: [{ id: '2', validated: false, shapes: [{ type: 'rect', x: 0, y: 0, width: 10, height: 10 }] }] },
    ],
  };

  it('normalises a known box and polygon', async () => {
    const det = await collect(yoloDetection, [image]);
    expect(det.texts.get('labels/k.txt')).toBe('0 0.200000 0.200000 0.200000 0.200000\n');
    const seg = await collect(yoloSegmentation, [image]);
    expect(seg.texts.get('labels/k.txt')).toBe('0 0.100000 0.100000 0.300000 0.100000 0.300000 0.300000 0.100000 0.300000\n');
  });

  it('leaves out unvalidated annotations but keeps the class, and uses a fixed class order when given', async () => {
    const out = await collect(yoloDetection, [image], { categories: ['a', 'b'] });
    expect(lines(out.texts.get('labels/k.txt')!)[0][0]).toBe('1');
    expect((parse(out.texts.get('data.yaml')!) as DataYaml).names).toEqual(['a', 'b']);
  });

  it('writes an empty label file for an image without objects (a background image to YOLO)', async () => {
    const out = await collect(yoloDetection, [{ ...image, labels: [] }]);
    expect(out.texts.get('labels/k.txt')).toBe('');
  });

  it('streams: two entries in, it has read one image', async () => {
    const source = new RecordingSource(dataset);
    const entries = yoloDetection.write(source)[Symbol.asyncIterator]();
    await entries.next();
    await entries.next();
    expect(source.pulled).toBe(1);
    await entries.next();
    expect(source.pulled).toBe(2);
    expect(yoloDetection.passes()).toBe(1);
  });
});
