import { assemble, malformed, type StripOptions, type StripResult, TRAILING_DATA, truncated } from './strip-types.js';

/** Application extensions that affect playback (loop count) or colour; XMP and others are dropped. */
const KEPT_APPLICATIONS = ['NETSCAPE2.0', 'ANIMEXTS1.0', 'ICCRGBG1012'];

/** Drops comment and unknown application extensions and anything after the trailer; frames are copied as is. */
export function stripGif(input: Buffer, options: StripOptions = {}): StripResult {
  const signature = input.toString('latin1', 0, 6);
  if (signature !== 'GIF87a' && signature !== 'GIF89a') throw malformed('GIF', 'no GIF signature');
  if (input.length < 13) throw truncated('GIF');
  const headerEnd = 13 + colourTableSize(input[10]);
  if (headerEnd > input.length) throw truncated('GIF');
  const parts: Buffer[] = [input.subarray(0, headerEnd)];
  const removed: string[] = [];
  let pos = headerEnd;
  for (;;) {
    if (pos >= input.length) throw truncated('GIF');
    const block = input[pos];
    if (block === 0x3b) {
      parts.push(input.subarray(pos, pos + 1));
      if (pos + 1 < input.length) removed.push(TRAILING_DATA);
      return assemble(input, parts, removed);
    }
    const start = pos;
    if (block === 0x21) {
      if (pos + 2 > input.length) throw truncated('GIF');
      const label = input[pos + 1];
      const end = skipSubBlocks(input, pos + 2);
      const drop = options.keepMetadata ? undefined : dropLabel(label, input.subarray(pos + 2, end));
      if (drop) removed.push(drop);
      else parts.push(input.subarray(start, end));
      pos = end;
    } else if (block === 0x2c) {
      if (pos + 10 > input.length) throw truncated('GIF');
      // Descriptor (10 bytes), optional local colour table, LZW minimum code size, then data sub-blocks.
      const dataStart = pos + 10 + colourTableSize(input[pos + 9]) + 1;
      if (dataStart > input.length) throw truncated('GIF');
      pos = skipSubBlocks(input, dataStart);
      parts.push(input.subarray(start, pos));
    } else {
      throw malformed('GIF', `unknown block 0x${block.toString(16)} at byte ${pos}`);
    }
  }
}

function colourTableSize(packed: number): number {
  return packed & 0x80 ? 3 * 2 ** ((packed & 0x07) + 1) : 0;
}

/** Returns the offset after the zero-length terminator. */
function skipSubBlocks(input: Buffer, start: number): number {
  let pos = start;
  for (;;) {
    if (pos >= input.length) throw truncated('GIF');
    const size = input[pos];
    pos += 1 + size;
    if (size === 0) return pos;
  }
}

function dropLabel(label: number, body: Buffer): string | undefined {
  if (label === 0xfe) return 'comment';
  if (label !== 0xff) return undefined;
  // The first sub-block of an application extension is the 8-byte identifier plus 3-byte code.
  const id = body[0] === 11 ? body.toString('latin1', 1, 12) : '';
  if (KEPT_APPLICATIONS.includes(id)) return undefined;
  return id.startsWith('XMP Data') ? 'XMP' : `application ${JSON.stringify(id)}`;
}
