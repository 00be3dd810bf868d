import type { DatasetFormat } from './model.js';
import { resolveExportOptions, type ResolvedExportOptions } from './options.js';
import { Preparer } from './prepare.js';
import { PassReader } from './source.js';
import { csvNumber, csvText } from './text.js';

const HEADER = ['image_id', 'file_name', 'width', 'height', 'label', 'probability', 'yes', 'no', 'unsure', 'url'];

/**
 * One row per image–label pair, for spreadsheets and pandas. RFC 4180 (CRLF, quoted fields) with every
 * user-supplied cell formula-neutralised, since these files get opened in Excel.
 */
export const csv: DatasetFormat = {
  name: 'csv',
  mediaType: 'text/csv; charset=utf-8; header=present',
  extension: 'csv',
  description: 'CSV, one row per image and label, with probabilities and vote counts',
  layout: 'single',
  passes: () => 1,
  async *write(images, options) {
    const resolved = resolveExportOptions(options);
    yield { path: 'labels.csv', content: csvContent(new PassReader(images, 'csv', 1), resolved) };
  },
};

async function* csvContent(reader: PassReader, options: ResolvedExportOptions): AsyncGenerator<string> {
  const preparer = new Preparer(options, false);
  yield `${HEADER.join(',')}\r\n`;
  for await (const image of reader.pass()) {
    const { name, labels } = preparer.prepare(image);
    const common = [csvText(image.id), csvText(options.imagePathPrefix + name.file), csvNumber(image.width), csvNumber(image.height)];
    const url = csvText(image.url ?? '');
    // An image left without labels still gets a row, so the CSV lists every exported image.
    const rows =
      labels.length === 0
        ? [[...common, '', '', '', '', '', url]]
        : labels.map(({ label }) => [
            ...common,
            csvText(label.name),
            csvNumber(label.probability),
            csvNumber(label.votes?.yes),
            csvNumber(label.votes?.no),
            csvNumber(label.votes?.unsure),
            url,
          ]);
    yield rows.map((row) => `${row.join(',')}\r\n`).join('');
  }
}
