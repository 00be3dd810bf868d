import { join } from 'node:path';
import { Readable } from 'node:stream';
import { isUUID } from 'class-validator';
import { BadRequestException, Injectable, Logger } from '@nestjs/common';
import type archiver from 'archiver';
import type { Writable } from 'node:stream';
import { type DatasetImage, type ExportEntry, type ExportOptions, IMAGE_FOLDER, imageFiles, isImageEntry } from '../../libs/dataset-formats/index.js';
import { AnnotationsService } from '../annotations/annotations.service.js';
import { ConfigService } from '../config/config.service.js';
import type { ExportFormat } from '../plugins/plugin-types.js';
import { ExportFormatRegistry } from '../plugins/registries.js';
import { StorageService } from '../storage/storage.service.js';
import { DEFAULT_MIN_VOTES } from '../search/dataset-query.js';
import type { StoredFormat } from '../uploads/formats.js';
import { imageLinks } from '../uploads/links.js';
import type { BrowsePageDto, ExportQueryDto, SelectionQueryDto } from './export.dto.js';
import { ExportRepository, type ImageRow, type Selection } from './export.repository.js';
import { ExportSpool, type SpooledImage } from './export-spool.js';
import { duplicateGroups, parseSplit, type SplitPart, splitOf } from './split.js';

const ALIASES: Record<string, string> = { 'image-folders': 'imagefolder', 'image-folder': 'imagefolder', pascal: 'voc', jsonlines: 'jsonl' };

interface Plan {
  selection: Selection;
  format: ExportFormat;
  images: boolean;
  split?: SplitPart[];
  seed: number;
}

/** Streams an export: pages through the database, hands images to the format's writer, zips as it goes. */
@Injectable()
export class ExportService {
  private readonly logger = new Logger('Export');

  constructor(
    private readonly repo: ExportRepository,
    private readonly formats: ExportFormatRegistry,
    private readonly storage: StorageService,
    private readonly config: ConfigService,
    private readonly annotations: AnnotationsService,
  ) {}

  selection(dto: SelectionQueryDto): Selection {
    return { query: dto.query, minProbability: dto.minProbability ?? this.config.values.validation.confirmedThreshold, minVotes: dto.minVotes ?? DEFAULT_MIN_VOTES };
  }

  /** Everything that can be wrong with the request is found here, before the first byte goes out. */
  plan(dto: ExportQueryDto): Plan {
    const name = ALIASES[dto.format.toLowerCase()] ?? dto.format.toLowerCase();
    if (!this.formats.has(name)) throw new BadRequestException(`Unknown format "${dto.format}"; available: ${this.formats.names().join(', ')}`);
    const selection = this.selection(dto);
    this.repo.where(selection, 0); // compiles the query: a syntax error is a 400 now, not a broken download later
    return { selection, format: this.formats.get(name), images: dto.images ?? false, split: dto.split ? parseSplit(dto.split) : undefined, seed: dto.seed ?? 0 };
  }

  async count(dto: SelectionQueryDto): Promise<number> {
    return this.repo.count(this.selection(dto));
  }

  async browse(dto: { cursor?: string; limit?: number } & SelectionQueryDto, base: string): Promise<BrowsePageDto> {
    const selection = this.selection(dto);
    if (dto.cursor && !isUUID(dto.cursor)) throw new BadRequestException('cursor is not a cursor this server handed out');
    const limit = dto.limit ?? 50;
    const rows = await this.repo.page(selection, dto.cursor ?? null, limit + 1);
    const page = rows.slice(0, limit);
    const labels = await this.labelsOf(page, selection);
    const thumb = this.config.values.variants.thumbnailSize;
    return {
      items: page.map((row) => {
        const links = imageLinks(base, row.slug, row.format as StoredFormat, thumb);
        const found = (labels.get(row.id) ?? []).map(({ pairId: _pair, ...label }) => label);
        return { id: row.id, url: links.rawUrl, thumbnailUrl: links.thumbnailUrl, width: row.width, height: row.height, labels: found };
      }),
      nextCursor: rows.length > limit ? page[page.length - 1].id : null,
    };
  }

  /** Writes the export to `out` (an HTTP response or a file); `headers` learns the type and file name first. */
  async stream(plan: Plan, out: Writable, headers: (values: Record<string, string>) => void, base: string): Promise<void> {
    const storageKeys = new WeakMap<DatasetImage, string>();
    const single = plan.format.layout === 'single' && !plan.images && !plan.split;
    // A single-file format writes no image entries: with images=true they go in images/, where its references point.
    const besideFile = plan.images && plan.format.layout === 'single';
    const options: ExportOptions = besideFile ? { imagePathPrefix: IMAGE_FOLDER } : {};
    const rereads = !!plan.split || besideFile || plan.format.passes(options) > 1;
    const spool = rereads ? await ExportSpool.open(join(this.config.dataDir, 'tmp', 'exports')) : null;
    try {
      const source = await this.source(plan, base, storageKeys, spool);
      const stamp = new Date().toISOString().slice(0, 10);
      headers({ 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
      if (single) {
        headers({ 'Content-Type': plan.format.mediaType, 'Content-Disposition': `attachment; filename="imagehive-${stamp}.${plan.format.extension}"` });
        for await (const entry of plan.format.write(source(undefined), options)) {
          if (!isImageEntry(entry)) await this.pipeText(entry.content, out);
        }
        await new Promise<void>((resolve) => out.end(resolve));
        return;
      }
      headers({ 'Content-Type': 'application/zip', 'Content-Disposition': `attachment; filename="imagehive-${stamp}-${plan.format.name}.zip"` });
      // Each part is written on its own; one class list for all of them, or `dog` is class 1 in train and 0 in val.
      if (plan.split) Object.assign(options, { categories: await categoryNames(source(undefined)), splitParts: plan.split.map((p) => p.name) });
      await this.zip(out, async (add) => {
        for (const part of plan.split ? plan.split.map((p) => p.name) : [undefined]) {
          const prefix = part ? `${part}/` : '';
          for await (const entry of plan.format.write(source(part), options)) await add(entry, prefix, plan.images);
          if (besideFile) for await (const entry of imageFiles(source(part))) await add(entry, prefix, true);
        }
      }, storageKeys);
    } finally {
      await spool?.close();
    }
  }

  private async zip(out: Writable, fill: (add: (entry: ExportEntry, prefix: string, images: boolean) => Promise<void>) => Promise<void>, keys: WeakMap<DatasetImage, string>): Promise<void> {
    // Imported here, not at start-up: archiver and its streams are ~170 modules every start would load.
    const { default: createArchive } = await import('archiver');
    const zip = createArchive('zip', { zlib: { level: 6 } });
    zip.on('warning', (error) => this.logger.warn({ err: error }, 'zip warning'));
    const finished = new Promise<void>((resolve, reject) => {
      out.once('finish', resolve);
      out.once('error', reject);
    });
    zip.pipe(out);
    await fill((entry, prefix, images) => this.add(zip, entry, prefix, images, keys));
    await zip.finalize();
    await finished;
  }

  /**
   * A re-iterable source, optionally one split part only. With a spool, the first full read from the database
   * is copied into it and every later read (another pass, another part) comes from that copy.
   */
  private async source(plan: Plan, base: string, keys: WeakMap<DatasetImage, string>, spool: ExportSpool | null) {
    const groupOf = plan.split ? duplicateGroups(await this.repo.duplicates(await this.allIds(plan.selection))) : undefined;
    const inPart = (id: string, part: string | undefined) => !part || splitOf(groupOf!(id), plan.split!, plan.seed) === part;
    let spooled = false;
    const read = async function* (this: ExportService, part: string | undefined): AsyncGenerator<DatasetImage> {
      if (spool && spooled) {
        for await (const { image, storageKey } of spool.read()) {
          if (!inPart(image.id, part)) continue;
          keys.set(image, storageKey);
          yield image;
        }
        return;
      }
      await spool?.reset();
      for await (const { image, storageKey } of this.fromDatabase(plan.selection, base)) {
        await spool?.append({ image, storageKey });
        if (!inPart(image.id, part)) continue;
        keys.set(image, storageKey);
        yield image;
      }
      spooled = true;
    }.bind(this);
    return (part: string | undefined): AsyncIterable<DatasetImage> => ({ [Symbol.asyncIterator]: () => read(part) });
  }

  private async *fromDatabase(selection: Selection, base: string): AsyncGenerator<SpooledImage> {
    const thumb = this.config.values.variants.thumbnailSize;
    let after: string | null = null;
    for (;;) {
      const rows = await this.repo.page(selection, after);
      if (rows.length === 0) return;
      const labels = await this.labelsOf(rows, selection);
      // Every drawing goes to the writer with its `validated` flag; the formats leave unvalidated ones out.
      const drawings = await this.annotations.annotationsFor(rows.map((r) => r.id), { validatedOnly: false });
      for (const row of rows) {
        const links = imageLinks(base, row.slug, row.format as StoredFormat, thumb);
        const image: DatasetImage = {
          id: row.id,
          fileName: links.rawUrl.split('/').pop()!,
          width: row.width,
          height: row.height,
          url: links.rawUrl,
          license: { name: 'CC0-1.0', url: 'https://creativecommons.org/publicdomain/zero/1.0/' },
          labels: (labels.get(row.id) ?? []).map((l) => ({
            name: l.name,
            probability: l.probability,
            votes: { yes: l.yes, no: l.no, unsure: l.unsure },
            annotations: drawings.get(row.id)?.get(l.pairId) ?? [],
          })),
        };
        yield { image, storageKey: row.storageKey };
      }
      after = rows[rows.length - 1].id;
    }
  }

  private async allIds(selection: Selection): Promise<string[]> {
    const ids: string[] = [];
    let after: string | null = null;
    for (;;) {
      const rows = await this.repo.page(selection, after, 5000);
      if (!rows.length) return ids;
      ids.push(...rows.map((r) => r.id));
      after = rows[rows.length - 1].id;
    }
  }

  private async labelsOf(rows: ImageRow[], selection: Selection) {
    const map = new Map<string, Array<{ pairId: string; name: string; probability: number; yes: number; no: number; unsure: number }>>();
    for (const p of await this.repo.pairs(rows.map((r) => r.id), selection)) {
      if (!map.has(p.imageId)) map.set(p.imageId, []);
      map.get(p.imageId)!.push({ pairId: p.pairId, name: p.name, probability: p.probability, yes: p.yes, no: p.no, unsure: p.unsure });
    }
    return map;
  }

  /** One entry into the zip, waiting until it is written, so only one entry is ever in memory. */
  private async add(zip: archiver.Archiver, entry: ExportEntry, prefix: string, images: boolean, keys: WeakMap<DatasetImage, string>): Promise<void> {
    let data: Readable;
    if (isImageEntry(entry)) {
      if (!images) return;
      data = await this.storage.get().read(keys.get(entry.image)!);
    } else {
      data = typeof entry.content === 'string' ? Readable.from([entry.content]) : Readable.from(entry.content);
    }
    const written = new Promise<void>((resolve, reject) => {
      zip.once('entry', () => resolve());
      zip.once('error', reject);
    });
    zip.append(data, { name: `${prefix}${entry.path}` });
    await written;
  }

  private async pipeText(content: string | AsyncIterable<string>, out: Writable): Promise<void> {
    const chunks = typeof content === 'string' ? [content] : content;
    for await (const chunk of chunks) {
      if (!out.write(chunk)) await new Promise((resolve) => out.once('drain', resolve));
    }
  }
}

/** Every label of the images, in the order an export without a split meets them. */
async function categoryNames(images: AsyncIterable<DatasetImage>): Promise<string[]> {
  const names = new Set<string>();
  for await (const image of images) for (const label of image.labels) names.add(label.name);
  return [...names];
}
