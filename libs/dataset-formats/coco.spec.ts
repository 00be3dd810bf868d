import { coco } from './coco.js';
import type { DatasetImage } from './model.js';
import { buildDataset, HOSTILE_LABELS } from './testing/dataset.js';
import { chunksOf, RecordingSource, shiftingSource, singleText } from './testing/harness.js';

interface Coco {
  info: Record<string, unknown>;
  licenses: Array<{ id: number; name: string }>;
  images: Array<{ id: number; file_name: string; width: number; height: number; license?: number; imagehive_id: string; not_exhaustive_category_ids: number[] }>;
  annotations: Array<{ id: number; image_id: number; category_id: number; bbox: number[]; area: number; segmentation: number[][]; iscrowd: number; imagehive_validated: boolean }>;
  categories: Array<{ id: number; name: string }>;
}

const dataset = buildDataset();

async function exportCoco(images: DatasetImage[], options = {}): Promise<Coco> {
  return JSON.parse(await singleText(coco, images, options)) as Coco;
}

describe('coco', () => {
  let out: Coco;
  beforeAll(async () => {
    out = await exportCoco(dataset, { createdAt: '2026-01-02T03:04:05Z' });
  });

  it('lists every image once, with unique integer ids and its size', () => {
    expect(out.images).toHaveLength(dataset.length);
    expect(new Set(out.images.map((i) => i.id)).size).toBe(dataset.length);
    expect(new Set(out.images.map((i) => i.file_name)).size).toBe(dataset.length);
    out.images.forEach((image, k) => {
      expect(image.imagehive_id).toBe(dataset[k].id);
      expect([image.width, image.height]).toEqual([dataset[k].width, dataset[k].height]);
    });
    expect(out.info).toMatchObject({ year: 2026, date_created: '2026-01-02T03:04:05Z' });
  });

  it('writes annotations that point at real images and categories and fit inside their image', () => {
    const images = new Map(out.images.map((i) => [i.id, i]));
    const categories = new Set(out.categories.map((c) => c.id));
    expect(out.annotations.length).toBeGreaterThan(200);
    expect(new Set(out.annotations.map((a) => a.id)).size).toBe(out.annotations.length);
    for (const a of out.annotations) {
      const image = images.get(a.image_id)!;
      expect(image).toBeDefined();
      expect(categories.has(a.category_id)).toBe(true);
      expect(a.iscrowd).toBe(0);
      const [x, y, w, h] = a.bbox;
      expect(x).toBeGreaterThanOrEqual(0);
      expect(y).toBeGreaterThanOrEqual(0);
      expect(w).toBeGreaterThan(0);
      expect(h).toBeGreaterThan(0);
      expect(x + w).toBeLessThanOrEqual(image.width + 1e-9);
      expect(y + h).toBeLessThanOrEqual(image.height + 1e-9);
      expect(a.area).toBeGreaterThan(0);
      expect(a.area).toBeLessThanOrEqual(w * h + 1e-6);
      expect(a.segmentation).toHaveLength(1);
      const polygon = a.segmentation[0];
      expect(polygon.length % 2).toBe(0);
      expect(polygon.length).toBeGreaterThanOrEqual(6);
      const outside = polygon.filter((v, i) => (i % 2 === 0 ? v < x - 1e-9 || v > x + w + 1e-9 : v < y - 1e-9 || v > y + h + 1e-9));
      expect(outside).toEqual([]);
    }
  });

  it('writes a known rectangle, rotated rectangle and ellipse with exact numbers', async () => {
    const image: DatasetImage = {
      id: 'k',
      fileName: 'k.jpg',
      width: 100,
      height: 100,
      labels: [
        {
          name: 'box',
          probability: 1,
          annotations: [
            {
              id: 'a',
              validated: true,
              shapes: [
                { type: 'rect', x: 10, y: 20, width: 30, height: 40 },
                { type: 'rect', x: 40, y: 45, width: 20, height: 10, rotation: 90 },
                { type: 'ellipse', cx: 50, cy: 50, rx: 20, ry: 10 },
                { type: 'rect', x: 90, y: -10, width: 20, height: 20 },
              ],
            },
          ],
        },
      ],
    };
    const [rect, turned, ellipse, corner] = (await exportCoco([image])).annotations;
    expect(rect).toMatchObject({ bbox: [10, 20, 30, 40], area: 1200, segmentation: [[10, 20, 40, 20, 40, 60, 10, 60]] });
    expect(turned).toMatchObject({ bbox: [45, 40, 10, 20], area: 200 });
    expect(ellipse.bbox).toEqual([30, 40, 40, 20]);
    expect(ellipse.area).toBeCloseTo(200 * Math.PI, 9);
    expect(ellipse.segmentation[0].length).toBeGreaterThanOrEqual(16);
    expect(corner).toMatchObject({ bbox: [90, 0, 10, 10], area: 100 });
  });

  it('leaves out unvalidated annotations unless asked, and then only adds them', async () => {
    expect(out.annotations.every((a) => a.imagehive_validated)).toBe(true);
    const all = await exportCoco(dataset, { includeUnvalidatedAnnotations: true });
    expect(all.annotations.some((a) => !a.imagehive_validated)).toBe(true);
    expect(all.annotations.filter((a) => a.imagehive_validated)).toHaveLength(out.annotations.length);
  });

  it('keeps hostile category names verbatim (JSON needs no sanitising) with ids 1…n in first-seen order', () => {
    const names = out.categories.map((c) => c.name);
    expect(new Set(names)).toEqual(new Set(HOSTILE_LABELS));
    expect(out.categories.map((c) => c.id)).toEqual(names.map((_, i) => i + 1));
    const firstSeen = [...new Set(dataset.flatMap((i) => i.labels.map((l) => l.name)))];
    expect(names).toEqual(firstSeen);
  });

  it('takes ids from a fixed category list and drops labels outside it', async () => {
    const fixed = await exportCoco(dataset, { categories: ['unused', 'dog', 'a/b'] });
    expect(fixed.categories).toEqual([
      { id: 1, name: 'unused', supercategory: '' },
      { id: 2, name: 'dog', supercategory: '' },
      { id: 3, name: 'a/b', supercategory: '' },
    ]);
    expect(new Set(fixed.annotations.map((a) => a.category_id))).toEqual(new Set([2, 3]));
    expect(fixed.images).toHaveLength(dataset.length);
  });

  it('keeps label-only images without annotations and flags their categories as not exhaustive', async () => {
    const labelOnly: DatasetImage = { id: 'only', fileName: 'x.jpg', width: 10, height: 10, labels: [{ name: 'cat', probability: 1, annotations: [] }] };
    const result = await exportCoco([labelOnly]);
    expect(result.images).toHaveLength(1);
    expect(result.annotations).toHaveLength(0);
    expect(result.images[0].not_exhaustive_category_ids).toEqual([1]);
  });

  it('builds a license table and points images at it', () => {
    expect(out.licenses.map((l) => l.id)).toEqual(out.licenses.map((_, i) => i + 1));
    out.images.forEach((image, k) => {
      const license = dataset[k].license;
      if (license) expect(out.licenses.find((l) => l.id === image.license)?.name).toBe(license.name);
      else expect(image.license).toBeUndefined();
    });
  });

  it('prefixes file names with imagePathPrefix', async () => {
    const prefixed = await exportCoco(dataset.slice(0, 3), { imagePathPrefix: 'images' });
    expect(prefixed.images.every((i) => i.file_name.startsWith('images/'))).toBe(true);
  });

  it('reads the source twice and streams: the first chunk needs only the first image', async () => {
    const source = new RecordingSource(dataset);
    const entries = coco.write(source, {})[Symbol.asyncIterator]();
    const first = (await entries.next()).value;
    expect(source.pulled).toBe(0);
    const chunks = chunksOf(first);
    await chunks.next(); // the header
    await chunks.next(); // the first image
    expect(source.pulledPerPass).toEqual([1]);
    expect(coco.passes()).toBe(2);
  });

  it('refuses a one-shot generator before writing anything', async () => {
    async function* once() {
      yield* dataset;
    }
    const entries = coco.write(once(), {});
    await expect(collectFirst(entries)).rejects.toThrow(/re-iterable/);
  });

  it('fails rather than mismatch ids when the source changes between passes', async () => {
    await expect(singleText(coco, shiftingSource([dataset, dataset.slice(1)]))).rejects.toThrow(/changed between passes/);
    const reordered = [dataset[1], dataset[0], ...dataset.slice(2)];
    await expect(singleText(coco, shiftingSource([dataset, reordered]))).rejects.toThrow(/changed between passes/);
  });
});

async function collectFirst(entries: AsyncIterable<unknown>) {
  for await (const entry of entries) return entry;
}

