import type { DatasetImage } from './model.js';
import { buildDataset, HOSTILE_LABELS } from './testing/dataset.js';
import { collect, isSafeSegment, RecordingSource } from './testing/harness.js';
import { child, parseXml, textOf, type XmlElement } from './testing/parsers.js';
import { pascalVoc } from './voc.js';

const dataset = buildDataset();

const int = (element: XmlElement, path: string) => {
  const text = textOf(element, path);
  expect(text).toMatch(/^\d+$/);
  return Number(text);
};

describe('voc', () => {
  it('writes one well-formed annotation per image, naming its JPEGImages file and size', async () => {
    const out = await collect(pascalVoc, dataset);
    expect(new Set(out.paths).size).toBe(out.paths.length);
    expect(out.images.size).toBe(dataset.length);
    for (const [path, image] of out.images) {
      const [folder, file] = path.split('/');
      expect(folder).toBe('JPEGImages');
      expect(isSafeSegment(file)).toBe(true);
      const xml = out.texts.get(`Annotations/${file.replace(/\.[a-z0-9]+$/, '')}.xml`)!;
      const doc = parseXml(xml);
      expect(doc.name).toBe('annotation');
      expect(textOf(doc, 'filename')).toBe(file);
      expect([int(doc, 'size/width'), int(doc, 'size/height')]).toEqual([image.width, image.height]);
    }
  });

  it('writes integer boxes clamped to the image, escaped names that read back verbatim', async () => {
    const out = await collect(pascalVoc, dataset, { includeUnvalidatedAnnotations: true });
    const names = new Set<string>();
    let objects = 0;
    let truncated = 0;
    for (const [path, text] of out.texts) {
      if (!path.startsWith('Annotations/')) continue;
      const doc = parseXml(text);
      const [width, height] = [int(doc, 'size/width'), int(doc, 'size/height')];
      for (const object of doc.children.filter((c) => c.name === 'object')) {
        objects++;
        names.add(textOf(object, 'name'));
        const [xmin, ymin, xmax, ymax] = ['xmin', 'ymin', 'xmax', 'ymax'].map((k) => int(child(object, 'bndbox'), k));
        expect(1 <= xmin && xmin <= xmax && xmax <= width).toBe(true);
        expect(1 <= ymin && ymin <= ymax && ymax <= height).toBe(true);
        expect(['0', '1']).toContain(textOf(object, 'truncated'));
        expect(textOf(object, 'difficult')).toBe('0');
        if (textOf(object, 'truncated') === '1') truncated++;
      }
    }
    expect(objects).toBeGreaterThan(300);
    expect(truncated).toBeGreaterThan(0);
    // Including the tab, quotes and CRLF of one hostile name, which a reader would otherwise turn into LF.
    expect(names).toEqual(new Set(HOSTILE_LABELS));
  });

  it('uses VOC 1-based inclusive pixel boxes and marks shapes cut by the border', async () => {
    const image: DatasetImage = {
      id: 'k',
      fileName: 'k.jpg',
      width: 50,
      height: 40,
      labels: [
        {
          name: 'x',
          probability: 1,
          annotations: [{ id: 'a', validated: true, shapes: [{ type: 'rect', x: 0, y: 0, width: 10, height: 10 }, { type: 'rect', x: 45.5, y: 30.2, width: 20, height: 20 }] }],
        },
      ],
    };
    const doc = parseXml((await collect(pascalVoc, [image])).texts.get('Annotations/k.xml')!);
    const boxes = doc.children
      .filter((c) => c.name === 'object')
      .map((o) => [...['xmin', 'ymin', 'xmax', 'ymax'].map((k) => int(child(o, 'bndbox'), k)), Number(textOf(o, 'truncated'))]);
    expect(boxes).toEqual([
      [1, 1, 10, 10, 0],
      [46, 31, 50, 40, 1],
    ]);
  });

  it('escapes markup in names and drops characters XML 1.0 forbids', async () => {
    const image: DatasetImage = {
      id: 'k',
      fileName: 'k.jpg',
      width: 10,
      height: 10,
      labels: [{ name: '</name><x>&amp;\u0001', probability: 1, annotations: [{ id: 'a', validated: true, shapes: [{ type: 'rect', x: 1, y: 1, width: 5, height: 5 }] }] }],
    };
    const xml = (await collect(pascalVoc, [image])).texts.get('Annotations/k.xml')!;
    expect(textOf(child(parseXml(xml), 'object'), 'name')).toBe('</name><x>&amp;\uFFFD');
  });

  it('writes no ImageSets by default and reads the source once', async () => {
    const source = new RecordingSource(dataset);
    const out = await collect(pascalVoc, source);
    expect(out.paths.some((p) => p.startsWith('ImageSets'))).toBe(false);
    expect(source.passes).toBe(1);
  });

  it('writes ImageSets/Main/trainval.txt in a second pass', async () => {
    const source = new RecordingSource(dataset);
    const out = await collect(pascalVoc, source, { vocImageSets: 'main' });
    expect(source.passes).toBe(2);
    const stems = out.texts.get('ImageSets/Main/trainval.txt')!.trimEnd().split('\n');
    expect(stems.map((s) => `Annotations/${s}.xml`)).toEqual(out.paths.filter((p) => p.startsWith('Annotations/')));
  });

  it('writes per-class lists, one pass each, for a fixed category list', async () => {
    const categories = ['dog', 'a/b', '../x', 'absent'];
    expect(pascalVoc.passes({ vocImageSets: 'per-class', categories })).toBe(6);
    const source = new RecordingSource(dataset);
    const out = await collect(pascalVoc, source, { vocImageSets: 'per-class', categories });
    expect(source.passes).toBe(6);
    const lists = out.paths.filter((p) => p.endsWith('_trainval.txt'));
    expect(lists).toEqual(['dog', 'a_b', '_x', 'absent'].map((n) => `ImageSets/Main/${n}_trainval.txt`));
    const stems = out.texts.get('ImageSets/Main/trainval.txt')!.trimEnd().split('\n');
    const dog = out.texts.get('ImageSets/Main/dog_trainval.txt')!.trimEnd().split('\n');
    expect(dog.map((l) => l.slice(0, -3))).toEqual(stems);
    dataset.forEach((image, i) => expect(dog[i].endsWith(image.labels.some((l) => l.name === 'dog') ? '  1' : ' -1')).toBe(true));
    expect(out.texts.get('ImageSets/Main/absent_trainval.txt')!.split('\n').filter((l) => l.endsWith(' 1'))).toHaveLength(0);
  });

  it('rejects per-class lists without a fixed category list', async () => {
    await expect(collect(pascalVoc, dataset, { vocImageSets: 'per-class' })).rejects.toThrow(/categories/);
  });
});
