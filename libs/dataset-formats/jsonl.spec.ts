import { jsonLines } from './jsonl.js';
import { buildDataset } from './testing/dataset.js';
import { chunksOf, RecordingSource, singleText } from './testing/harness.js';

const dataset = buildDataset();

describe('jsonl', () => {
  it('writes one valid JSON object per line, one line per image, in order', async () => {
    const text = await singleText(jsonLines, dataset);
    expect(text.endsWith('\n')).toBe(true);
    const lines = text.slice(0, -1).split('\n');
    expect(lines).toHaveLength(dataset.length);
    lines.forEach((line, i) => {
      const record = JSON.parse(line);
      expect(record.id).toBe(dataset[i].id);
      expect(record.source_file_name).toBe(dataset[i].fileName);
      expect(record.labels.map((l: { name: string }) => l.name)).toEqual(dataset[i].labels.map((l) => l.name));
    });
  });

  it('keeps shapes as stored but only validated annotations by default', async () => {
    const records = (await singleText(jsonLines, dataset)).trimEnd().split('\n').map((l) => JSON.parse(l));
    const all = (await singleText(jsonLines, dataset, { includeUnvalidatedAnnotations: true })).trimEnd().split('\n').map((l) => JSON.parse(l));
    let validated = 0;
    let total = 0;
    records.forEach((record, i) => {
      record.labels.forEach((label: { annotations: Array<{ validated: boolean; id: string; shapes: unknown }> }, j: number) => {
        const source = dataset[i].labels[j].annotations;
        expect(label.annotations.map((a) => a.id)).toEqual(source.filter((a) => a.validated).map((a) => a.id));
        for (const a of label.annotations) expect(a.shapes).toEqual(source.find((s) => s.id === a.id)!.shapes);
        validated += label.annotations.length;
        total += all[i].labels[j].annotations.length;
      });
    });
    expect(validated).toBeGreaterThan(0);
    expect(total).toBeGreaterThan(validated);
  });

  it('streams one image per line', async () => {
    const source = new RecordingSource(dataset);
    for await (const entry of jsonLines.write(source)) {
      const lines = chunksOf(entry);
      await lines.next();
      expect(source.pulled).toBe(1);
      break;
    }
  });
});
