import { CategoryIndex } from './categories.js';
import { projectShape, type ProjectedShape } from './geometry.js';
import { DatasetFormatError, type DatasetAnnotation, type DatasetImage, type DatasetLabel, type Shape } from './model.js';
import { ImageNamer, type ImageName } from './names.js';
import type { ResolvedExportOptions } from './options.js';

/** One shape of one annotation, clipped to the image: one object instance in the detection formats. */
export interface PreparedObject {
  annotation: DatasetAnnotation;
  shape: Shape;
  projected: ProjectedShape;
}

export interface PreparedLabel {
  label: DatasetLabel;
  /** 0-based category index. */
  category: number;
  /** The annotations that pass the validation filter, as given. */
  annotations: DatasetAnnotation[];
  /** Their usable shapes, clipped; empty unless the preparer was asked for geometry. */
  objects: PreparedObject[];
}

export interface PreparedImage {
  image: DatasetImage;
  name: ImageName;
  labels: PreparedLabel[];
}

/**
 * Applies the options every format shares to one image at a time: the label threshold, the category list,
 * the validation filter, naming and clipping. Its only state is the categories and (in `fileName` mode) names.
 */
export class Preparer {
  readonly categories: CategoryIndex;
  readonly namer: ImageNamer;

  constructor(
    readonly options: ResolvedExportOptions,
    private readonly geometry: boolean,
  ) {
    this.categories = new CategoryIndex(options.categories);
    this.namer = new ImageNamer(options.imageNames);
  }

  prepare(image: DatasetImage): PreparedImage {
    if (!(image.width > 0 && image.height > 0 && Number.isFinite(image.width) && Number.isFinite(image.height))) {
      throw new DatasetFormatError(`image ${JSON.stringify(image.id)} has no usable size (${image.width}×${image.height})`);
    }
    const labels: PreparedLabel[] = [];
    for (const label of image.labels) {
      if (!(label.probability >= this.options.minProbability)) continue;
      const category = this.categories.indexOf(label.name);
      if (category === undefined) continue;
      const annotations = label.annotations.filter((a) => a.validated || this.options.includeUnvalidatedAnnotations);
      labels.push({ label, category, annotations, objects: this.geometry ? this.objectsOf(image, annotations) : [] });
    }
    return { image, name: this.namer.name(image), labels };
  }

  private objectsOf(image: DatasetImage, annotations: DatasetAnnotation[]): PreparedObject[] {
    const objects: PreparedObject[] = [];
    for (const annotation of annotations) {
      for (const shape of annotation.shapes) {
        const projected = projectShape(shape, image.width, image.height);
        if (projected) objects.push({ annotation, shape, projected });
      }
    }
    return objects;
  }
}
