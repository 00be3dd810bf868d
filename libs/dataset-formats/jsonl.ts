import type { DatasetFormat, DatasetImage } from './model.js';
import { resolveExportOptions, type ResolvedExportOptions } from './options.js';
import { Preparer, type PreparedImage } from './prepare.js';
import { PassReader } from './source.js';

/**
 * JSON Lines: one self-contained object per image, shapes as stored (unclipped, unconverted), so nothing
 * is lost and any other format can be derived from it later. Filters (threshold, validation) still apply.
 */
export const jsonLines: DatasetFormat = {
  name: 'jsonl',
  mediaType: 'application/jsonl',
  extension: 'jsonl',
  description: 'JSON Lines, one object per image with labels, votes, annotations and shapes',
  layout: 'single',
  passes: () => 1,
  async *write(images, options) {
    const resolved = resolveExportOptions(options);
    yield { path: 'dataset.jsonl', content: jsonlContent(new PassReader(images, 'jsonl', 1), resolved) };
  },
};

async function* jsonlContent(reader: PassReader, options: ResolvedExportOptions): AsyncGenerator<string> {
  const preparer = new Preparer(options, false);
  for await (const image of reader.pass()) yield `${JSON.stringify(record(preparer.prepare(image), image, options))}\n`;
}

function record({ name, labels }: PreparedImage, image: DatasetImage, options: ResolvedExportOptions) {
  return {
    id: image.id,
    file_name: options.imagePathPrefix + name.file,
    source_file_name: image.fileName,
    width: image.width,
    height: image.height,
    url: image.url ?? null,
    license: image.license ?? null,
    collection: image.collection ?? null,
    labels: labels.map(({ label, annotations }) => ({
      name: label.name,
      probability: label.probability,
      votes: label.votes ?? null,
      annotations: annotations.map((a) => ({ id: a.id, validated: a.validated, probability: a.probability ?? null, shapes: a.shapes })),
    })),
  };
}
