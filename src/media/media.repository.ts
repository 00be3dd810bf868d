import { Injectable } from '@nestjs/common';
import {
  dHash,
  type ImageProbe,
  type ProcessOptions,
  type ProcessResult,
  probeImage,
  processImage,
  renderVariant,
  sniffType,
  type VariantOptions,
} from '../../libs/imaging/index.js';

/** sharp behind one seam: every decode and encode in the server goes through here. */
@Injectable()
export class MediaRepository {
  sniff(head: Buffer) {
    return sniffType(head);
  }

  probe(input: string | Buffer, limitInputPixels: number): Promise<ImageProbe> {
    return probeImage(input, { limitInputPixels });
  }

  process(input: string | Buffer, options: ProcessOptions): Promise<ProcessResult> {
    return processImage(input, options);
  }

  variant(input: string | Buffer, options: VariantOptions): Promise<Buffer> {
    return renderVariant(input, options);
  }

  /** 64-bit difference hash as 16 hex characters: close hashes, similar pictures. */
  perceptualHash(input: string | Buffer): Promise<string> {
    return dHash(input);
  }
}
