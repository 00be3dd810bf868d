import type { DatasetImage, ExportEntry } from './model.js';
import { ImageNamer } from './names.js';

/** The folder a single-file format's references point into when the images travel with it. */
export const IMAGE_FOLDER = 'images/';

/**
 * The image entries to put beside a single-file format (COCO, CSV, JSON Lines) written with
 * `imagePathPrefix: IMAGE_FOLDER`: the same names its `file_name` references hold (the default `id` naming).
 */
export async function* imageFiles(images: AsyncIterable<DatasetImage>): AsyncGenerator<ExportEntry> {
  const namer = new ImageNamer('id');
  for await (const image of images) yield { path: `${IMAGE_FOLDER}${namer.name(image).file}`, image };
}
