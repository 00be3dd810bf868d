import type { Shape } from '../geometry/index.js';
import type { ExportOptions } from './options.js';

/**
 * The neutral input every writer reads. The app builds these from its own entities, already filtered by the
 * export query and probability threshold, so the writers never see the database.
 */
export interface DatasetImage {
  /** Unique within one export; the default file names are derived from it. */
  id: string;
  /** The stored name; only its extension is used unless `imageNames: 'fileName'`. */
  fileName: string;
  /** Pixels; shapes outside `[0,width]×[0,height]` are clipped. */
  width: number;
  height: number;
  url?: string;
  license?: DatasetLicense;
  collection?: string;
  labels: DatasetLabel[];
}

export interface DatasetLicense {
  name: string;
  url?: string;
}

export interface DatasetLabel {
  name: string;
  /** Crowd confidence in [0,1] that the label applies to the image. */
  probability: number;
  votes?: Votes;
  annotations: DatasetAnnotation[];
}

export interface Votes {
  yes: number;
  no: number;
  unsure: number;
}

export interface DatasetAnnotation {
  id: string;
  /** Each shape is one object instance (as in ImageMonkey, where one annotation row held all boxes of a label). */
  shapes: Shape[];
  /** The app's verdict that the crowd accepted this annotation; unvalidated ones are left out by default. */
  validated: boolean;
  probability?: number;
}

// One shape vocabulary for the app: annotations are stored, validated and exported in libs/geometry's types.
export type { EllipseShape, PolygonShape, RectShape, Shape } from '../geometry/index.js';

/** A generated text file. `content` may be a lazy stream that reads the source as it is consumed. */
export interface TextEntry {
  path: string;
  content: AsyncIterable<string> | string;
}

/** Asks the app to copy this image's bytes to `path`; the writers never touch image data. */
export interface ImageEntry {
  path: string;
  image: DatasetImage;
}

export type ExportEntry = TextEntry | ImageEntry;

export function isImageEntry(entry: ExportEntry): entry is ImageEntry {
  return 'image' in entry;
}

/**
 * One export format. Structurally an `ExportFormat` of the plugin registry, plus the writer.
 *
 * Consumers must finish one entry's `content` before pulling the next entry, because both read the same source.
 */
export interface DatasetFormat {
  readonly name: string;
  readonly mediaType: string;
  readonly extension: string;
  readonly description: string;
  /** `single`: exactly one entry, served as is. `archive`: many entries, packed by the app (zip, tar). */
  readonly layout: 'single' | 'archive';
  /**
   * How many times `write` iterates `images` with these options. Above 1 the source must be re-iterable
   * (each `[Symbol.asyncIterator]()` call starts a fresh, identically ordered read, e.g. a new query).
   */
  passes(options?: ExportOptions): number;
  write(images: AsyncIterable<DatasetImage>, options?: ExportOptions): AsyncIterable<ExportEntry>;
}

export class DatasetFormatError extends Error {
  override name = 'DatasetFormatError';
}
