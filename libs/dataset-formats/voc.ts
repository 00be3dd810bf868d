import type { DatasetFormat, ExportEntry } from './model.js';
import { UniqueNames } from './names.js';
import { resolveExportOptions, type ResolvedExportOptions } from './options.js';
import { Preparer, type PreparedImage, type PreparedObject } from './prepare.js';
import { PassReader } from './source.js';
import { escapeXml } from './text.js';

function passes(options: ResolvedExportOptions): number {
  if (options.vocImageSets === 'none') return 1;
  return options.vocImageSets === 'main' ? 2 : 2 + (options.categories?.length ?? 0);
}

/**
 * Pascal VOC: `Annotations/<stem>.xml` and `JPEGImages/<file>` per image as it arrives. The optional
 * `ImageSets/Main` lists name every image, and archive entries are written one after another, so each list
 * is one more pass over the source rather than a buffer of the whole dataset.
 */
export const pascalVoc: DatasetFormat = {
  name: 'voc',
  mediaType: 'application/zip',
  extension: 'zip',
  description: 'Pascal VOC: Annotations/*.xml with integer boxes, JPEGImages/, optional ImageSets/Main lists',
  layout: 'archive',
  passes: (options) => passes(resolveExportOptions(options)),
  async *write(images, options): AsyncGenerator<ExportEntry> {
    const resolved = resolveExportOptions(options);
    const reader = new PassReader(images, 'voc', passes(resolved));
    const preparer = new Preparer(resolved, true);
    for await (const image of reader.pass()) {
      const prepared = preparer.prepare(image);
      yield { path: `JPEGImages/${prepared.name.file}`, image };
      yield { path: `Annotations/${prepared.name.stem}.xml`, content: annotationXml(prepared, resolved) };
    }
    if (resolved.vocImageSets === 'none') return;
    yield { path: 'ImageSets/Main/trainval.txt', content: imageSet(reader, preparer) };
    if (resolved.vocImageSets !== 'per-class') return;
    const files = new UniqueNames();
    for (const [category, name] of preparer.categories.names.entries()) {
      yield { path: `ImageSets/Main/${files.take(name)}_trainval.txt`, content: imageSet(reader, preparer, category) };
    }
  },
};

/** All stems, or VOC's per-class form `<stem>  1` / `<stem> -1` (we never mark objects difficult, so never 0). */
async function* imageSet(reader: PassReader, preparer: Preparer, category?: number): AsyncGenerator<string> {
  for await (const image of reader.pass()) {
    const { name, labels } = preparer.prepare(image);
    if (category === undefined) yield `${name.stem}\n`;
    else yield `${name.stem} ${labels.some((l) => l.category === category) ? ' 1' : '-1'}\n`;
  }
}

function annotationXml({ image, name, labels }: PreparedImage, options: ResolvedExportOptions): string {
  const width = Math.round(image.width);
  const height = Math.round(image.height);
  const objects = labels.flatMap((label) => label.objects.map((object) => objectXml(label.label.name, object, width, height)));
  return [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<annotation>',
    `  <folder>${escapeXml(options.datasetName)}</folder>`,
    `  <filename>${escapeXml(name.file)}</filename>`,
    `  <source><database>${escapeXml(options.datasetName)}</database></source>`,
    `  <size><width>${width}</width><height>${height}</height><depth>3</depth></size>`,
    '  <segmented>0</segmented>',
    ...objects,
    '</annotation>',
    '',
  ].join('\n');
}

/**
 * VOC boxes are 1-based inclusive pixel indices: a box over pixels 0–9 is xmin 1, xmax 10. Rounded
 * outwards so the object stays inside its box, and clamped to the image.
 */
function objectXml(labelName: string, object: PreparedObject, width: number, height: number): string {
  const { x0, y0, x1, y1 } = object.projected.box;
  const xmin = clamp(Math.floor(x0) + 1, 1, width);
  const ymin = clamp(Math.floor(y0) + 1, 1, height);
  const xmax = clamp(Math.ceil(x1), xmin, width);
  const ymax = clamp(Math.ceil(y1), ymin, height);
  return [
    '  <object>',
    `    <name>${escapeXml(labelName)}</name>`,
    '    <pose>Unspecified</pose>',
    `    <truncated>${object.projected.truncated ? 1 : 0}</truncated>`,
    '    <difficult>0</difficult>',
    `    <bndbox><xmin>${xmin}</xmin><ymin>${ymin}</ymin><xmax>${xmax}</xmax><ymax>${ymax}</ymax></bndbox>`,
    '  </object>',
  ].join('\n');
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
