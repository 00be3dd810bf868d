import sharp from 'sharp';
import { fromSharpError } from './errors.js';
import { type ImageInput, readHead } from './input.js';
import { checkHeader, DEFAULT_PIXEL_LIMIT, FAIL_ON } from './probe.js';
import { sniffType } from './sniff.js';

const BLOCK = 10;

/**
 * Difference hash: greyscale 9×8, one bit per horizontal neighbour pair (left brighter than right),
 * as 16 hex digits. Survives re-encoding, resizing and small brightness changes; not crops or rotations.
 * The 9×8 cells are exact float means of a 90×80 resize rather than a direct 9×8 resize: the
 * latter's 8-bit rounding and resampling make near-equal neighbours (flat UI areas) flip between
 * copies, which in tests doubled the distance between a screenshot and its re-encodes.
 */
export async function dHash(input: ImageInput, { limitInputPixels = DEFAULT_PIXEL_LIMIT } = {}): Promise<string> {
  await checkHeader(input, sniffType(await readHead(input)), limitInputPixels, false);
  const width = 9 * BLOCK;
  const pixels = await sharp(input, { failOn: FAIL_ON, limitInputPixels })
    .autoOrient()
    // Transparent areas hash as white, as they are usually shown on a light page.
    .flatten({ background: '#ffffff' })
    .greyscale()
    .resize(width, 8 * BLOCK, { fit: 'fill' })
    .extractChannel(0)
    .raw()
    .toBuffer()
    .catch((error: unknown) => {
      throw fromSharpError(error);
    });
  const cells = new Float64Array(72);
  for (let i = 0; i < pixels.length; i++) {
    const x = i % width;
    const y = (i - x) / width;
    cells[Math.floor(y / BLOCK) * 9 + Math.floor(x / BLOCK)] += pixels[i];
  }
  let hash = 0n;
  for (let y = 0; y < 8; y++) {
    for (let x = 0; x < 8; x++) {
      hash = (hash << 1n) | (cells[y * 9 + x] > cells[y * 9 + x + 1] ? 1n : 0n);
    }
  }
  return hash.toString(16).padStart(16, '0');
}

const HASH = /^[0-9a-f]{16}$/i;

export function hammingDistance(a: string, b: string): number {
  if (!HASH.test(a) || !HASH.test(b)) throw new RangeError('hashes must be 16 hex digits');
  let diff = BigInt(`0x${a}`) ^ BigInt(`0x${b}`);
  let count = 0;
  while (diff) {
    diff &= diff - 1n;
    count++;
  }
  return count;
}
