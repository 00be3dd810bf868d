export type {
  DatasetAnnotation,
  DatasetFormat,
  DatasetImage,
  DatasetLabel,
  DatasetLicense,
  EllipseShape,
  ExportEntry,
  ImageEntry,
  PolygonShape,
  RectShape,
  Shape,
  TextEntry,
  Votes,
} from './model.js';
export { DatasetFormatError, isImageEntry } from './model.js';
export { exportOptionsSchema, resolveExportOptions, type ExportOptions, type ResolvedExportOptions } from './options.js';
export { datasetFormats, findDatasetFormat } from './formats.js';
export { coco } from './coco.js';
export { yoloDetection, yoloSegmentation } from './yolo.js';
export { pascalVoc } from './voc.js';
export { csv } from './csv.js';
export { jsonLines } from './jsonl.js';
export { imageFolders } from './folders.js';
export { coalesce, contentChunks, readText } from './stream.js';
export {
  clampBox,
  clipPolygonToRect,
  ellipseToPolygon,
  ellipseVertexCount,
  polygonArea,
  polygonBounds,
  projectShape,
  rectToPolygon,
  shapeArea,
  shapeToPolygon,
  type Box,
  type Point,
  type ProjectedShape,
} from './geometry.js';
export { encodeId, fileExtension, sanitizeName, UniqueNames, MAX_NAME_BYTES } from './names.js';
export { IMAGE_FOLDER, imageFiles } from './image-files.js';
