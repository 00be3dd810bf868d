import { mkdir, type FileHandle, open, unlink } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { DatasetImage } from '../../libs/dataset-formats/index.js';

export interface SpooledImage {
  image: DatasetImage;
  storageKey: string;
}

const FLUSH_AT = 1024 ** 2;

/**
 * An export's own copy of what it read from the database, as JSON Lines in a temp file. Formats that read
 * the images more than once (COCO, VOC image sets, a split's parts) read this copy after the first pass, so
 * every pass sees the same images with the same labels however the crowd votes meanwhile, and the database
 * is read once. The file is unlinked as soon as it is opened: a crash mid-export leaves nothing behind.
 */
export class ExportSpool {
  private pending: string[] = [];
  private pendingBytes = 0;
  private size = 0;

  private constructor(private readonly file: FileHandle) {}

  static async open(dir: string): Promise<ExportSpool> {
    await mkdir(dir, { recursive: true });
    const path = join(dir, `${randomUUID()}.jsonl`);
    const file = await open(path, 'w+', 0o600);
    await unlink(path);
    return new ExportSpool(file);
  }

  /** Starts the copy again (an earlier first read stopped before the end). */
  async reset(): Promise<void> {
    this.pending = [];
    this.pendingBytes = 0;
    this.size = 0;
    await this.file.truncate(0);
  }

  async append(entry: SpooledImage): Promise<void> {
    const line = `${JSON.stringify(entry)}\n`;
    this.pending.push(line);
    this.pendingBytes += line.length;
    if (this.pendingBytes >= FLUSH_AT) await this.flush();
  }

  async flush(): Promise<void> {
    if (!this.pending.length) return;
    const data = Buffer.from(this.pending.join(''), 'utf8');
    this.pending = [];
    this.pendingBytes = 0;
    await this.file.write(data, 0, data.length, this.size);
    this.size += data.length;
  }

  async *read(): AsyncGenerator<SpooledImage> {
    await this.flush();
    if (this.size === 0) return;
    const stream = this.file.createReadStream({ start: 0, end: this.size - 1, autoClose: false, encoding: 'utf8' });
    for await (const line of createInterface({ input: stream, crlfDelay: Infinity })) {
      if (line) yield JSON.parse(line) as SpooledImage;
    }
  }

  close(): Promise<void> {
    return this.file.close();
  }
}
