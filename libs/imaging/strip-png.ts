import { assemble, malformed, type StripOptions, type StripResult, TRAILING_DATA, truncated } from './strip-types.js';

const SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/**
 * Ancillary chunks that change how pixels look (transparency, colour, gamma, aspect, animation)
 * are kept; every other ancillary chunk goes — eXIf, tEXt, zTXt, iTXt, tIME, and private ones
 * such as Apple's iDOT or C2PA's caBX, which can carry arbitrary bytes.
 */
const RENDERING_CHUNKS = new Set([
  'tRNS', 'gAMA', 'cHRM', 'sRGB', 'iCCP', 'cICP', 'mDCV', 'cLLI', 'sBIT', 'bKGD', 'pHYs', 'sPLT', 'hIST',
  'acTL', 'fcTL', 'fdAT',
]);

/** Chunks are copied verbatim (CRCs stay valid); libpng checks the CRCs when the pixels are decoded. */
export function stripPng(input: Buffer, options: StripOptions = {}): StripResult {
  if (input.length < 8 || !input.subarray(0, 8).equals(SIGNATURE)) throw malformed('PNG', 'no signature');
  const parts: Buffer[] = [input.subarray(0, 8)];
  const removed: string[] = [];
  let pos = 8;
  for (;;) {
    if (pos + 8 > input.length) throw truncated('PNG');
    const length = input.readUInt32BE(pos);
    const type = input.toString('latin1', pos + 4, pos + 8);
    if (!/^[A-Za-z]{4}$/.test(type)) throw malformed('PNG', `bad chunk type at byte ${pos}`);
    const end = pos + 12 + length;
    if (end > input.length) throw truncated('PNG');
    if (keep(type, options)) parts.push(input.subarray(pos, end));
    else removed.push(type);
    pos = end;
    if (type === 'IEND') {
      if (pos < input.length) removed.push(TRAILING_DATA);
      return assemble(input, parts, removed);
    }
  }
}

function keep(type: string, options: StripOptions): boolean {
  const critical = type.charCodeAt(0) < 0x61;
  return critical || options.keepMetadata === true || RENDERING_CHUNKS.has(type);
}
