import type { DatasetFormat, ExportEntry } from './model.js';
import { UniqueNames } from './names.js';
import { resolveExportOptions } from './options.js';
import { Preparer } from './prepare.js';
import { PassReader } from './source.js';

/**
 * Classification folders (torchvision ImageFolder, Keras image_dataset_from_directory): `<label>/<file>`
 * for every label that passes the threshold, so an image with two labels lands in both folders. Folder
 * names are sanitised label names; `labels.json` at the root maps them back (both loaders ignore root files).
 */
export const imageFolders: DatasetFormat = {
  name: 'image-folders',
  mediaType: 'application/zip',
  extension: 'zip',
  description: 'Classification folders: <label>/<image>, one copy per label, plus labels.json',
  layout: 'archive',
  passes: () => 1,
  async *write(images, options): AsyncGenerator<ExportEntry> {
    const preparer = new Preparer(resolveExportOptions(options), false);
    const names = new UniqueNames();
    names.take('labels.json'); // so a label called that cannot become a folder clashing with the index file
    // Category index → folder, assigned in category order so a fixed list gives fixed folder names.
    const folders: string[] = [];
    const folderOf = (category: number): string => {
      while (folders.length <= category) folders.push(names.take(preparer.categories.names[folders.length]));
      return folders[category];
    };
    const counts: number[] = [];
    for await (const image of new PassReader(images, 'image-folders', 1).pass()) {
      const prepared = preparer.prepare(image);
      for (const category of new Set(prepared.labels.map((l) => l.category))) {
        counts[category] = (counts[category] ?? 0) + 1;
        yield { path: `${folderOf(category)}/${prepared.name.file}`, image };
      }
    }
    const index = preparer.categories.names.map((label, i) => ({ folder: folderOf(i), label, images: counts[i] ?? 0 }));
    yield { path: 'labels.json', content: `${JSON.stringify(index, null, 2)}\n` };
  },
};
