import { createHash, type Hash } from 'node:crypto';
import { DatasetFormatError, type DatasetImage } from './model.js';

/**
 * Reads the source once per pass. Formats that need several passes (COCO's two arrays, VOC's lists) would
 * otherwise have to hold the whole dataset; instead they re-read it, and this checks that every pass saw
 * the same ids in the same order, because the files of one pass refer to positions counted in another.
 */
export class PassReader {
  private firstIterator?: AsyncIterator<DatasetImage>;
  private firstPass?: { digest: string; count: number };

  constructor(
    private readonly source: AsyncIterable<DatasetImage>,
    private readonly format: string,
    private readonly passes: number,
  ) {
    // An iterator that is its own iterable (a generator object) can only be read once: say so before writing anything.
    if (passes > 1 && typeof (source as Partial<AsyncIterator<DatasetImage>>).next === 'function') {
      throw new DatasetFormatError(
        `${format} reads the images ${passes} times; pass a re-iterable source ({ [Symbol.asyncIterator]: () => freshQuery() }), not a generator object`,
      );
    }
  }

  async *pass(): AsyncGenerator<DatasetImage> {
    const iterator = this.source[Symbol.asyncIterator]();
    const first = this.firstIterator === undefined;
    if (first) this.firstIterator = iterator;
    else if (iterator === this.firstIterator) throw new DatasetFormatError(`${this.format}: the image source cannot be read twice`);
    const hash: Hash | undefined = this.passes > 1 ? createHash('sha256') : undefined;
    let count = 0;
    for await (const image of { [Symbol.asyncIterator]: () => iterator }) {
      hash?.update(`${image.id.length}:${image.id};`);
      count++;
      yield image;
    }
    const digest = hash?.digest('hex') ?? '';
    if (first) this.firstPass = { digest, count };
    else if (this.firstPass && (this.firstPass.digest !== digest || this.firstPass.count !== count)) {
      throw new DatasetFormatError(
        `${this.format}: the image source changed between passes (${this.firstPass.count} then ${count} images); read it from one snapshot in a fixed order`,
      );
    }
  }
}
