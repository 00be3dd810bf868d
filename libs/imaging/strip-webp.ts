import { assemble, malformed, type StripOptions, type StripResult, TRAILING_DATA, truncated } from './strip-types.js';

/** Chunks a decoder needs; EXIF, XMP and unknown chunks (decoders must ignore them) are dropped. */
const IMAGE_CHUNKS = new Set(['VP8 ', 'VP8L', 'VP8X', 'ALPH', 'ANIM', 'ANMF', 'ICCP']);
const VP8X_EXIF = 0x08;
const VP8X_XMP = 0x04;

interface Chunk {
  fourcc: string;
  start: number;
  /** End including the pad byte. */
  end: number;
  payload: Buffer;
}

function riffChunks(input: Buffer): { chunks: Chunk[]; riffEnd: number } {
  if (input.length < 12 || input.toString('latin1', 0, 4) !== 'RIFF' || input.toString('latin1', 8, 12) !== 'WEBP') {
    throw malformed('WebP', 'no RIFF/WEBP header');
  }
  const riffEnd = 8 + input.readUInt32LE(4);
  if (riffEnd > input.length) throw truncated('WebP');
  return { chunks: readChunks(input, 12, riffEnd), riffEnd };
}

function readChunks(input: Buffer, start: number, end: number): Chunk[] {
  const chunks: Chunk[] = [];
  let pos = start;
  while (pos < end) {
    if (pos + 8 > end) throw truncated('WebP');
    const size = input.readUInt32LE(pos + 4);
    const payloadEnd = pos + 8 + size;
    if (payloadEnd > end) throw truncated('WebP');
    const padded = Math.min(payloadEnd + (size & 1), end);
    chunks.push({ fourcc: input.toString('latin1', pos, pos + 4), start: pos, end: padded, payload: input.subarray(pos + 8, payloadEnd) });
    pos = padded;
  }
  return chunks;
}

/** Rewrites the RIFF size and clears the VP8X EXIF/XMP flags so the header matches what is left. */
export function stripWebp(input: Buffer, options: StripOptions = {}): StripResult {
  const { chunks, riffEnd } = riffChunks(input);
  const removed: string[] = [];
  const kept = chunks.filter((chunk) => {
    const keep = options.keepMetadata || IMAGE_CHUNKS.has(chunk.fourcc);
    if (!keep) removed.push(chunk.fourcc.trim());
    return keep;
  });
  if (riffEnd < input.length) removed.push(TRAILING_DATA);
  if (removed.length === 0) return { data: input, removed };
  const body = kept.map((chunk) => {
    if (chunk.fourcc !== 'VP8X' || chunk.payload.length < 1) return input.subarray(chunk.start, chunk.end);
    const copy = Buffer.from(input.subarray(chunk.start, chunk.end));
    const present = new Set(kept.map((c) => c.fourcc));
    let flags = copy[8];
    if (!present.has('EXIF')) flags &= ~VP8X_EXIF;
    if (!present.has('XMP ')) flags &= ~VP8X_XMP;
    copy[8] = flags;
    return copy;
  });
  const header = Buffer.from('RIFF\0\0\0\0WEBP', 'latin1');
  header.writeUInt32LE(4 + body.reduce((sum, part) => sum + part.length, 0), 4);
  return assemble(input, [header, ...body], removed);
}

const VP8X_ALPHA = 0x10;
const VP8L_SIGNATURE = 0x2f;

/**
 * Whether a decoder gives the image an alpha channel, as libwebp's WebPGetFeatures decides: the VP8X flag or
 * an ALPH chunk, the alpha bit of a plain VP8L header, never for a plain lossy VP8 image. Reading it here spares
 * a sharp pipeline per upload.
 */
export function webpHasAlpha(input: Buffer): boolean {
  const [first, ...rest] = riffChunks(input).chunks;
  if (first?.fourcc === 'VP8X') return first.payload.length > 0 && ((first.payload[0]! & VP8X_ALPHA) !== 0 || rest.some((c) => c.fourcc === 'ALPH'));
  if (first?.fourcc === 'VP8L') {
    if (first.payload.length < 5 || first.payload[0] !== VP8L_SIGNATURE) throw malformed('WebP', 'bad VP8L header');
    // 14 bits width - 1, 14 bits height - 1, then the alpha_is_used bit (little-endian bit order).
    return ((first.payload.readUInt32LE(1) >>> 28) & 1) === 1;
  }
  if (first?.fourcc === 'VP8 ') return false;
  throw malformed('WebP', 'no image chunk');
}

/** Lossy if any frame is VP8; lossless when every frame is VP8L. Animated frames nest inside ANMF. */
export function webpIsLossless(input: Buffer): boolean {
  const { chunks } = riffChunks(input);
  const frames: string[] = [];
  for (const chunk of chunks) {
    if (chunk.fourcc === 'ANMF') {
      // 16 bytes of frame geometry and timing precede the frame's own chunks.
      const inner = readChunks(input, chunk.start + 8 + 16, chunk.start + 8 + chunk.payload.length);
      frames.push(...inner.map((c) => c.fourcc));
    } else {
      frames.push(chunk.fourcc);
    }
  }
  return frames.includes('VP8L') && !frames.includes('VP8 ');
}
