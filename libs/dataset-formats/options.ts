import { z } from 'zod';

const SAFE_SEGMENT = /^[A-Za-z0-9_][A-Za-z0-9_.-]*$/;

/** A relative folder path made of plain segments, so it cannot escape or surprise whoever resolves it. */
const pathPrefix = z
  .string()
  .max(200)
  .refine((value) => value === '' || value.replace(/\/$/, '').split('/').every((s) => SAFE_SEGMENT.test(s) && !s.includes('..')), {
    message: 'must be a relative folder path of letters, digits, "_", "-" and "." (no "..", no leading "/")',
  })
  .transform((value) => (value === '' || value.endsWith('/') ? value : `${value}/`));

export const exportOptionsSchema = z
  .object({
    /** Annotations the crowd has not (yet) accepted are left out unless this is set. */
    includeUnvalidatedAnnotations: z.boolean().default(false),
    /**
     * Labels below this probability are dropped from each image (with their annotations). The app selects
     * images by its own threshold; passing the same value here also drops weaker labels on those images.
     */
    minProbability: z.number().min(0).max(1).default(0),
    /** Fixed category order (ids follow it) and a whitelist: labels not listed are dropped. */
    categories: z
      .array(z.string().min(1).max(500))
      .max(100_000)
      .refine((names) => new Set(names).size === names.length, { message: 'category names must be unique' })
      .optional(),
    /** Folder prepended to image references inside generated files (COCO `file_name`, CSV, JSON Lines). */
    imagePathPrefix: pathPrefix.default(''),
    /**
     * `id`: file names are an injective encoding of the image id (no memory per image, no collisions).
     * `fileName`: readable names from `fileName`, de-duplicated; remembers every name, so for small exports.
     */
    imageNames: z.enum(['id', 'fileName']).default('id'),
    /**
     * Pascal VOC `ImageSets/Main` lists, each one more pass over the source: `main` writes `trainval.txt`
     * (what detection loaders read); `per-class` also writes `<label>_trainval.txt` per category and needs
     * `categories`, so the number of passes is known before the export starts.
     */
    vocImageSets: z.enum(['none', 'main', 'per-class']).default('none'),
    /**
     * The parts of a split export, each written by its own `write` into a folder of that name beside the
     * others: YOLO's `data.yaml` then points at the parts' images (`../train/images`) instead of its own.
     */
    splitParts: z
      .array(z.string().regex(SAFE_SEGMENT).max(100))
      .min(1)
      .max(100)
      .optional(),
    /** Names the dataset in COCO `info` and VOC `folder`/`source`. */
    datasetName: z.string().min(1).max(200).default('imagehive'),
    version: z.string().max(100).default('1.0'),
    contributor: z.string().max(500).default(''),
    url: z.string().max(2000).default(''),
    /** ISO timestamp for COCO `info.date_created`; defaults to the time `write` is called. */
    createdAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
  .refine((o) => o.vocImageSets !== 'per-class' || o.categories !== undefined, {
    message: 'vocImageSets "per-class" needs a fixed categories list',
    path: ['vocImageSets'],
  });

/** What callers pass: every field optional. */
export type ExportOptions = z.input<typeof exportOptionsSchema>;
/** What writers use: defaults filled in. */
export type ResolvedExportOptions = z.output<typeof exportOptionsSchema>;

/** Validates and fills defaults; throws a ZodError naming the bad field (the app turns it into a 400). */
export function resolveExportOptions(options: ExportOptions = {}): ResolvedExportOptions {
  return exportOptionsSchema.parse(options);
}
