import { csv } from './csv.js';
import type { DatasetImage } from './model.js';
import { buildDataset } from './testing/dataset.js';
import { chunksOf, RecordingSource, singleText } from './testing/harness.js';
import { parseCsv } from './testing/parsers.js';

const dataset = buildDataset();
const HEADER = ['image_id', 'file_name', 'width', 'height', 'label', 'probability', 'yes', 'no', 'unsure', 'url'];
const FORMULA = /^[=+\-@\t\r]/;

/** What a reader of the CSV should see for a user-supplied value. */
const shown = (value: string) => (FORMULA.test(value) ? `'${value}` : value);

describe('csv', () => {
  let rows: string[][];
  beforeAll(async () => {
    rows = parseCsv(await singleText(csv, dataset));
  });

  it('has the header and one row per image–label pair (or one row for an image without labels)', () => {
    expect(rows[0]).toEqual(HEADER);
    const expected = dataset.reduce((n, image) => n + Math.max(1, image.labels.length), 0);
    expect(rows).toHaveLength(1 + expected);
    expect(rows.every((r) => r.length === HEADER.length)).toBe(true);
  });

  it('round-trips every value through RFC 4180 quoting, neutralising formulas', () => {
    const body = rows.slice(1);
    let k = 0;
    for (const image of dataset) {
      const labels = image.labels.length > 0 ? image.labels : [undefined];
      for (const label of labels) {
        const [id, , width, height, name, probability, yes, no, unsure, url] = body[k++];
        expect(id).toBe(shown(image.id));
        expect([Number(width), Number(height)]).toEqual([image.width, image.height]);
        expect(url).toBe(shown(image.url ?? ''));
        expect(name).toBe(label ? shown(label.name) : '');
        if (label) {
          expect(Number(probability)).toBe(label.probability);
          expect([yes, no, unsure].map(Number)).toEqual([label.votes!.yes, label.votes!.no, label.votes!.unsure]);
        }
      }
    }
    const names = new Set(body.map((r) => r[4]));
    expect(names).toContain("'=cmd|' /C calc'!A0");
    expect(names).toContain("'@SUM(1+1)");
    expect(names).toContain('tab\there, "q"\r\nline');
  });

  it('leaves no cell that a spreadsheet would run as a formula', () => {
    for (const row of rows) for (const cell of row) expect(FORMULA.test(cell)).toBe(false);
  });

  it('drops labels under minProbability but keeps the image', async () => {
    const image: DatasetImage = {
      id: 'i',
      fileName: 'i.jpg',
      width: 1,
      height: 1,
      labels: [
        { name: 'sure', probability: 0.9, annotations: [] },
        { name: 'doubt', probability: 0.2, annotations: [] },
      ],
    };
    expect(parseCsv(await singleText(csv, [image], { minProbability: 0.8 })).map((r) => r[4])).toEqual(['label', 'sure']);
    expect(parseCsv(await singleText(csv, [image], { minProbability: 0.95 })).slice(1).map((r) => r[4])).toEqual(['']);
  });

  it('streams one image per chunk after the header', async () => {
    const source = new RecordingSource(dataset);
    const [entry] = await first(csv.write(source));
    const chunks = chunksOf(entry);
    await chunks.next();
    expect(source.pulled).toBe(0);
    await chunks.next();
    await chunks.next();
    expect(source.pulled).toBe(2);
  });
});

async function first<T>(items: AsyncIterable<T>): Promise<T[]> {
  for await (const item of items) return [item];
  return [];
}
