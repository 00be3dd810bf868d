import { isImageEntry, type DatasetFormat, type DatasetImage, type ExportEntry } from '../model.js';
import type { ExportOptions } from '../options.js';
import { readText } from '../stream.js';

/**
 * A re-iterable source that records what the writer pulled: the number of passes and, per pass, how many
 * images. Streaming tests use it to prove writers read only as far as their output requires.
 */
export class RecordingSource implements AsyncIterable<DatasetImage> {
  readonly pulledPerPass: number[] = [];

  constructor(private readonly images: readonly DatasetImage[]) {}

  get passes(): number {
    return this.pulledPerPass.length;
  }

  get pulled(): number {
    return this.pulledPerPass.reduce((a, b) => a + b, 0);
  }

  [Symbol.asyncIterator](): AsyncIterator<DatasetImage> {
    const pass = this.pulledPerPass.push(0) - 1;
    let i = 0;
    return {
      next: async () => {
        if (i >= this.images.length) return { done: true, value: undefined };
        this.pulledPerPass[pass]++;
        return { done: false, value: this.images[i++] };
      },
    };
  }
}

/** A re-iterable source whose later passes see different images, as a source read outside one snapshot would. */
export function shiftingSource(passes: ReadonlyArray<readonly DatasetImage[]>): AsyncIterable<DatasetImage> {
  let pass = 0;
  return {
    [Symbol.asyncIterator]: () => {
      const images = passes[Math.min(pass++, passes.length - 1)];
      return (async function* () {
        yield* images;
      })();
    },
  };
}

export interface Collected {
  texts: Map<string, string>;
  images: Map<string, DatasetImage>;
  /** Every path in write order, to catch duplicates. */
  paths: string[];
}

/** Runs a writer to the end, reading every text entry whole. */
export async function collect(
  format: DatasetFormat,
  images: readonly DatasetImage[] | AsyncIterable<DatasetImage>,
  options?: ExportOptions,
): Promise<Collected> {
  const source = Array.isArray(images) ? new RecordingSource(images) : (images as AsyncIterable<DatasetImage>);
  const out: Collected = { texts: new Map(), images: new Map(), paths: [] };
  for await (const entry of format.write(source, options)) {
    out.paths.push(entry.path);
    if (isImageEntry(entry)) out.images.set(entry.path, entry.image);
    else out.texts.set(entry.path, await readText(entry.content));
  }
  return out;
}

export async function singleText(
  format: DatasetFormat,
  images: readonly DatasetImage[] | AsyncIterable<DatasetImage>,
  options?: ExportOptions,
): Promise<string> {
  const { texts, paths } = await collect(format, images, options);
  if (paths.length !== 1 || texts.size !== 1) throw new Error(`expected one text entry, got ${paths.join(', ')}`);
  return [...texts.values()][0];
}

/** A path segment is safe when it cannot climb, hide, or name a device, and has no separators or control characters. */
export function isSafeSegment(segment: string): boolean {
  return (
    segment.length > 0 &&
    Buffer.byteLength(segment) <= 110 &&
    !segment.startsWith('.') &&
    !/[\s.]$/.test(segment) &&
    !/[/\\:*?"<>|\p{Cc}\p{Cf}]/u.test(segment) &&
    !/^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i.test(segment)
  );
}

/** Steps through a text entry's lazy content chunk by chunk; fails for image entries and whole strings. */
export function chunksOf(entry: ExportEntry | undefined): AsyncIterator<string> {
  if (!entry || isImageEntry(entry) || typeof entry.content === 'string') throw new Error('expected a streamed text entry');
  return entry.content[Symbol.asyncIterator]();
}
