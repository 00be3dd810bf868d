import type { DatasetFormat, DatasetImage, ExportEntry } from './model.js';
import { UniqueNames } from './names.js';
import { resolveExportOptions, type ResolvedExportOptions } from './options.js';
import { Preparer, type PreparedImage } from './prepare.js';
import { PassReader } from './source.js';

const METADATA = 'metadata.jsonl';
const INDEX = 'labels.json';

/**
 * Classification folders, the layout torchvision's `ImageFolder`, Keras' `image_dataset_from_directory` and
 * Hugging Face's `imagefolder` loader read: `<label>/<file>` for every label that passes the threshold, so an
 * image with two labels lands in both folders. `metadata.jsonl` (one row per file, Hugging Face's format)
 * and `labels.json` (folder → label) sit at the root, where the folder loaders ignore them.
 *
 * Two passes so memory stays flat: the metadata is streamed from the first, the image files from the second.
 * Folder and file names are a pure function of arrival order, so both passes name everything alike.
 */
export const imageFolders: DatasetFormat = {
  name: 'imagefolder',
  mediaType: 'application/zip',
  extension: 'zip',
  description: 'Classification folders: <label>/<image>, one copy per label, plus metadata.jsonl and labels.json',
  layout: 'archive',
  passes: () => 2,
  async *write(images, options): AsyncGenerator<ExportEntry> {
    const resolved = resolveExportOptions(options);
    const reader = new PassReader(images, 'imagefolder', 2);
    yield { path: METADATA, content: metadataContent(reader, resolved) };
    const layout = new FolderLayout(resolved);
    const counts: number[] = [];
    for await (const { image, files } of layout.read(reader)) {
      for (const { path, category } of files) {
        counts[category] = (counts[category] ?? 0) + 1;
        yield { path, image };
      }
    }
    const index = layout.preparer.categories.names.map((label, i) => ({ folder: layout.folderOf(i), label, images: counts[i] ?? 0 }));
    yield { path: INDEX, content: `${JSON.stringify(index, null, 2)}\n` };
  },
};

async function* metadataContent(reader: PassReader, options: ResolvedExportOptions): AsyncGenerator<string> {
  const layout = new FolderLayout(options);
  for await (const { image, prepared, files } of layout.read(reader)) {
    const labels = prepared.labels.map((l) => l.label.name);
    for (const { path, label } of files) {
      const row = { file_name: path, label: label.name, probability: label.probability, votes: label.votes ?? null, image_id: image.id, labels };
      yield `${JSON.stringify(row)}\n`;
    }
  }
}

interface FolderFile {
  path: string;
  category: number;
  label: PreparedImage['labels'][number]['label'];
}

/** Assigns folders (in category order, so a fixed category list gives fixed folder names) and file paths. */
class FolderLayout {
  readonly preparer: Preparer;
  private readonly names = new UniqueNames();
  private readonly folders: string[] = [];

  constructor(options: ResolvedExportOptions) {
    this.preparer = new Preparer(options, false);
    // Root files are taken first so a label called that cannot become a folder clashing with them.
    this.names.take(METADATA);
    this.names.take(INDEX);
  }

  folderOf(category: number): string {
    while (this.folders.length <= category) this.folders.push(this.names.take(this.preparer.categories.names[this.folders.length]));
    return this.folders[category];
  }

  async *read(reader: PassReader): AsyncGenerator<{ image: DatasetImage; prepared: PreparedImage; files: FolderFile[] }> {
    for await (const image of reader.pass()) {
      const prepared = this.preparer.prepare(image);
      const seen = new Set<number>();
      const files: FolderFile[] = [];
      for (const { category, label } of prepared.labels) {
        if (seen.has(category)) continue;
        seen.add(category);
        files.push({ path: `${this.folderOf(category)}/${prepared.name.file}`, category, label });
      }
      yield { image, prepared, files };
    }
  }
}
