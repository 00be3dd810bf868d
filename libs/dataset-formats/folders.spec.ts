import { imageFolders } from './folders.js';
import type { DatasetImage, ExportEntry } from './model.js';
import { buildDataset, HOSTILE_LABELS } from './testing/dataset.js';
import { chunksOf, collect, isSafeSegment, RecordingSource } from './testing/harness.js';

const dataset = buildDataset();

describe('imagefolder', () => {
  it('puts each image in the folder of every label it carries, under safe distinct folder names', async () => {
    const out = await collect(imageFolders, dataset);
    expect(new Set(out.paths).size).toBe(out.paths.length);
    const index = JSON.parse(out.texts.get('labels.json')!) as Array<{ folder: string; label: string; images: number }>;
    expect(new Set(index.map((e) => e.label))).toEqual(new Set(HOSTILE_LABELS));
    expect(new Set(index.map((e) => e.folder.toLowerCase())).size).toBe(index.length);
    const folderOf = new Map(index.map((e) => [e.label, e.folder]));
    for (const entry of index) expect(isSafeSegment(entry.folder)).toBe(true);
    const expected = dataset.flatMap((image) => image.labels.map((l) => ({ folder: folderOf.get(l.name)!, image })));
    expect(out.images.size).toBe(expected.length);
    for (const { folder, image } of expected) {
      const matches = [...out.images].filter(([path, img]) => img === image && path.startsWith(`${folder}/`));
      expect(matches).toHaveLength(1);
      expect(matches[0][0].split('/')).toHaveLength(2);
    }
    for (const entry of index) expect(entry.images).toBe(expected.filter((e) => e.folder === entry.folder).length);
  });

  it('lists every file once in metadata.jsonl, as Hugging Face reads it: file_name relative to the root', async () => {
    const out = await collect(imageFolders, dataset);
    const rows = out.texts
      .get('metadata.jsonl')!
      .trimEnd()
      .split('\n')
      .map((line) => JSON.parse(line) as { file_name: string; label: string; probability: number; image_id: string; labels: string[] });
    expect(rows.map((r) => r.file_name).sort()).toEqual([...out.images.keys()].sort());
    for (const row of rows) {
      const image = out.images.get(row.file_name)!;
      expect(row.image_id).toBe(image.id);
      const label = image.labels.find((l) => l.name === row.label)!;
      expect(row.probability).toBe(label.probability);
      expect(new Set(row.labels)).toEqual(new Set(image.labels.map((l) => l.name)));
    }
  });

  it('keeps case twins and the index file apart', async () => {
    const image = (id: string, names: string[]): DatasetImage => ({ id, fileName: 'x.jpg', width: 1, height: 1, labels: names.map((name) => ({ name, probability: 1, annotations: [] })) });
    const out2 = await collect(imageFolders, [image('1', ['dog', 'Dog', 'labels.json', 'metadata.jsonl'])]);
    expect(out2.paths).toEqual(['metadata.jsonl', 'dog/1.jpg', 'Dog-2/1.jpg', 'labels.json-2/1.jpg', 'metadata.jsonl-2/1.jpg', 'labels.json']);
  });

  it('only files confident labels and follows a fixed category list', async () => {
    const image: DatasetImage = {
      id: 'i',
      fileName: 'i.png',
      width: 1,
      height: 1,
      labels: [
        { name: 'b', probability: 0.9, annotations: [] },
        { name: 'a', probability: 0.85, annotations: [] },
        { name: 'c', probability: 0.1, annotations: [] },
      ],
    };
    const out = await collect(imageFolders, [image], { minProbability: 0.8, categories: ['a', 'b', 'c', 'd'] });
    expect(out.paths).toEqual(['metadata.jsonl', 'b/i.png', 'a/i.png', 'labels.json']);
    expect(JSON.parse(out.texts.get('labels.json')!).map((e: { folder: string }) => e.folder)).toEqual(['a', 'b', 'c', 'd']);
  });

  it("streams: the metadata's first row needs only the first labelled image, the first file likewise", async () => {
    const source = new RecordingSource(dataset);
    const firstLabelled = dataset.findIndex((i) => i.labels.length > 0);
    const entries = imageFolders.write(source)[Symbol.asyncIterator]();
    const metadata = (await entries.next()).value as ExportEntry;
    expect(metadata.path).toBe('metadata.jsonl');
    expect(source.pulled).toBe(0);
    const chunks = chunksOf(metadata);
    await chunks.next();
    expect(source.pulled).toBe(firstLabelled + 1);
    while (!(await chunks.next()).done);
    await entries.next();
    expect(source.pulledPerPass).toEqual([dataset.length, firstLabelled + 1]);
  });
});
