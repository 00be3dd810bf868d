import type { Point } from './geometry.js';
import type { DatasetFormat, DatasetImage, DatasetLicense } from './model.js';
import { resolveExportOptions, type ResolvedExportOptions } from './options.js';
import { Preparer, type PreparedImage, type PreparedObject } from './prepare.js';
import { PassReader } from './source.js';
import { round2 } from './text.js';

/**
 * COCO "instances" JSON. Its `images` and `annotations` arrays describe the same images, so writing both
 * in one pass means holding one of them whole; instead the source is read twice (images, then annotations)
 * and only categories and licenses are kept, written last because they are complete only then.
 */
export const coco: DatasetFormat = {
  name: 'coco',
  mediaType: 'application/json',
  extension: 'json',
  description: 'COCO instances JSON (detection and segmentation); images with only image-level labels are kept without annotations',
  layout: 'single',
  passes: () => 2,
  async *write(images, options) {
    const resolved = resolveExportOptions(options);
    const reader = new PassReader(images, 'coco', 2);
    yield { path: 'instances.json', content: cocoContent(reader, resolved) };
  },
};

async function* cocoContent(reader: PassReader, options: ResolvedExportOptions): AsyncGenerator<string> {
  const preparer = new Preparer(options, true);
  const licenses = new LicenseIndex();
  yield `{"info":${JSON.stringify(info(options))},"images":[`;
  let imageId = 0;
  for await (const image of reader.pass()) {
    imageId++;
    const entry = imageEntry(preparer.prepare(image), imageId, licenses.idOf(image.license), options);
    yield (imageId > 1 ? ',' : '') + JSON.stringify(entry);
  }
  yield '],"annotations":[';
  // Integer ids by position: the reader guarantees this pass sees the images in the first pass's order.
  imageId = 0;
  let annotationId = 0;
  for await (const image of reader.pass()) {
    imageId++;
    const parts: string[] = [];
    for (const label of preparer.prepare(image).labels) {
      for (const object of label.objects) {
        const annotation = annotationEntry(object, image, imageId, label.category + 1);
        if (!annotation) continue;
        annotationId++;
        parts.push(JSON.stringify({ id: annotationId, ...annotation }));
      }
    }
    if (parts.length > 0) yield (annotationId > parts.length ? ',' : '') + parts.join(',');
  }
  const categories = preparer.categories.names.map((name, i) => ({ id: i + 1, name, supercategory: '' }));
  yield `],"licenses":${JSON.stringify(licenses.list)},"categories":${JSON.stringify(categories)}}`;
}

function info(options: ResolvedExportOptions) {
  const created = options.createdAt ?? new Date().toISOString();
  return {
    description: options.datasetName,
    version: options.version,
    year: new Date(created).getUTCFullYear(),
    contributor: options.contributor,
    url: options.url,
    date_created: created,
  };
}

/**
 * Image-level labels are not turned into whole-image boxes (that would teach a detector the whole frame is
 * the object). They are kept in `imagehive_labels`, and categories labelled here without any exported box
 * go into LVIS's `not_exhaustive_category_ids`, so LVIS-aware loaders do not count the image as a negative.
 */
function imageEntry(prepared: PreparedImage, id: number, license: number | undefined, options: ResolvedExportOptions) {
  const { image, name, labels } = prepared;
  return {
    id,
    file_name: options.imagePathPrefix + name.file,
    width: image.width,
    height: image.height,
    ...(license !== undefined && { license }),
    ...(image.url !== undefined && { coco_url: image.url }),
    not_exhaustive_category_ids: unique(labels.filter((l) => l.objects.length === 0).map((l) => l.category + 1)),
    imagehive_id: image.id,
    ...(image.collection !== undefined && { imagehive_collection: image.collection }),
    imagehive_labels: labels.map((l) => ({ category_id: l.category + 1, probability: l.label.probability })),
  };
}

function annotationEntry(object: PreparedObject, image: DatasetImage, imageId: number, categoryId: number) {
  const segmentation = flatten(object.projected.polygon, image.width, image.height);
  if (segmentation.length < 6) return null;
  const { x0, y0, x1, y1 } = object.projected.box;
  // Rounded outwards, so the box still contains the shape and its (unrounded) area.
  const left = Math.floor(x0 * 100) / 100;
  const top = Math.floor(y0 * 100) / 100;
  const right = Math.min(image.width, Math.ceil(x1 * 100) / 100);
  const bottom = Math.min(image.height, Math.ceil(y1 * 100) / 100);
  return {
    image_id: imageId,
    category_id: categoryId,
    segmentation: [segmentation],
    area: object.projected.area,
    bbox: [left, top, round2(right - left), round2(bottom - top)],
    iscrowd: 0,
    imagehive_annotation_id: object.annotation.id,
    imagehive_validated: object.annotation.validated,
  };
}

/** `[x1, y1, x2, y2, …]` rounded, without the repeats rounding can create. */
function flatten(polygon: readonly Point[], width: number, height: number): number[] {
  const out: number[] = [];
  for (const [x, y] of polygon) {
    const rx = Math.min(width, round2(x));
    const ry = Math.min(height, round2(y));
    const n = out.length;
    if (n >= 2 && out[n - 2] === rx && out[n - 1] === ry) continue;
    out.push(rx, ry);
  }
  while (out.length >= 4 && out[0] === out[out.length - 2] && out[1] === out[out.length - 1]) out.length -= 2;
  return out;
}

function unique(values: number[]): number[] {
  return [...new Set(values)];
}

/** COCO wants licenses as a table referenced by id; there are few, so they are kept and written last. */
class LicenseIndex {
  readonly list: Array<{ id: number; name: string; url: string }> = [];
  private readonly ids = new Map<string, number>();

  idOf(license: DatasetLicense | undefined): number | undefined {
    if (!license) return undefined;
    const key = `${license.name}\n${license.url ?? ''}`;
    let id = this.ids.get(key);
    if (id === undefined) {
      id = this.list.length + 1;
      this.ids.set(key, id);
      this.list.push({ id, name: license.name, url: license.url ?? '' });
    }
    return id;
  }
}
