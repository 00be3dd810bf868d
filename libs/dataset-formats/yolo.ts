import { stringify } from 'yaml';
import type { Point } from './geometry.js';
import type { DatasetFormat, ExportEntry } from './model.js';
import { resolveExportOptions } from './options.js';
import { Preparer, type PreparedObject } from './prepare.js';
import { PassReader } from './source.js';

type Variant = 'detect' | 'segment';

/**
 * Ultralytics YOLO: `images/<file>`, `labels/<stem>.txt` and `data.yaml`. Class ids are fixed at first
 * sight, so label files can be written as images arrive and the names list goes last.
 */
function yoloFormat(variant: Variant): DatasetFormat {
  const name = variant === 'detect' ? 'yolo' : 'yolo-seg';
  return {
    name,
    mediaType: 'application/zip',
    extension: 'zip',
    description:
      variant === 'detect'
        ? 'Ultralytics YOLO detection: images/, labels/ with "class cx cy w h" (normalised), data.yaml'
        : 'Ultralytics YOLO segmentation: images/, labels/ with "class x1 y1 x2 y2 …" polygons (normalised), data.yaml',
    layout: 'archive',
    passes: () => 1,
    async *write(images, options): AsyncGenerator<ExportEntry> {
      const resolved = resolveExportOptions(options);
      const preparer = new Preparer(resolved, true);
      for await (const image of new PassReader(images, name, 1).pass()) {
        const prepared = preparer.prepare(image);
        const lines: string[] = [];
        for (const label of prepared.labels) {
          for (const object of label.objects) lines.push(yoloLine(variant, label.category, object, image.width, image.height));
        }
        yield { path: `images/${prepared.name.file}`, image };
        yield { path: `labels/${prepared.name.stem}.txt`, content: lines.map((line) => `${line}\n`).join('') };
      }
      yield { path: 'data.yaml', content: dataYaml(preparer.categories.names, resolved.splitParts) };
    },
  };
}

export const yoloDetection = yoloFormat('detect');
export const yoloSegmentation = yoloFormat('segment');

function yoloLine(variant: Variant, category: number, object: PreparedObject, width: number, height: number): string {
  const unit = (value: number) => Math.min(1, Math.max(0, value)).toFixed(6);
  if (variant === 'segment') {
    const coords = object.projected.polygon.flatMap(([x, y]: Point) => [unit(x / width), unit(y / height)]);
    return `${category} ${coords.join(' ')}`;
  }
  const { x0, y0, x1, y1 } = object.projected.box;
  return `${category} ${unit((x0 + x1) / 2 / width)} ${unit((y0 + y1) / 2 / height)} ${unit((x1 - x0) / width)} ${unit((y1 - y0) / height)}`;
}

/**
 * No `path` key, so Ultralytics resolves the folders next to this file. Without a split, `val` repeats `train`
 * because Ultralytics insists on one. In a split export every part's copy names all the parts (`../train/images`):
 * `train`, then `val` (or `valid`, `validation`; else `train` again) and `test` when there is one. Names are
 * double-quoted: Ultralytics reads YAML 1.1, where a plain `yes`, `no`, `on` or `null` label would turn into a
 * boolean or nothing.
 */
function dataYaml(names: readonly string[], parts?: readonly string[]): string {
  const header = '# Written by Imagehive. Class ids are the positions in `names`.\n';
  const folders: Record<string, string> = { train: 'images', val: 'images' };
  if (parts) {
    const images = (part: string) => `../${part}/images`;
    const train = parts.find((p) => p === 'train') ?? parts[0];
    const val = parts.find((p) => ['val', 'valid', 'validation'].includes(p)) ?? train;
    const test = parts.find((p) => p === 'test');
    Object.assign(folders, { train: images(train), val: images(val) }, test ? { test: images(test) } : {});
  }
  return header + stringify({ ...folders, nc: names.length, names: [...names] }, { defaultStringType: 'QUOTE_DOUBLE', defaultKeyType: 'PLAIN' });
}
