import { coco } from './coco.js';
import { csv } from './csv.js';
import { imageFolders } from './folders.js';
import { jsonLines } from './jsonl.js';
import type { DatasetFormat } from './model.js';
import { pascalVoc } from './voc.js';
import { yoloDetection, yoloSegmentation } from './yolo.js';

/** The built-in formats, for the app to register in its export-format registry. */
export const datasetFormats: readonly DatasetFormat[] = [coco, yoloDetection, yoloSegmentation, pascalVoc, csv, jsonLines, imageFolders];

export function findDatasetFormat(name: string): DatasetFormat | undefined {
  return datasetFormats.find((format) => format.name === name);
}
