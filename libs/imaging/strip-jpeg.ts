import { assemble, malformed, type StripOptions, type StripResult, TRAILING_DATA, truncated } from './strip-types.js';

const SOS = 0xda;
const EOI = 0xd9;

/**
 * Cuts metadata segments out of a JPEG without touching the entropy-coded data. Kept: JFIF APP0,
 * ICC APP2 (colour), Adobe APP14 (tells decoders how to read the colour channels) and all coding
 * segments. Everything after EOI goes too: that is where polyglot payloads and MPF/gain-map
 * images live, and MPF offsets would dangle once APP2 MPF is dropped anyway.
 */
export function stripJpeg(input: Buffer, options: StripOptions = {}): StripResult {
  if (input.length < 4 || input[0] !== 0xff || input[1] !== 0xd8) throw malformed('JPEG', 'no SOI marker');
  const parts: Buffer[] = [input.subarray(0, 2)];
  const removed: string[] = [];
  let pos = 2;
  for (;;) {
    if (pos >= input.length) throw truncated('JPEG');
    if (input[pos] !== 0xff) throw malformed('JPEG', `expected a marker at byte ${pos}`);
    // Fill bytes (repeated 0xFF) before a marker are legal; only the last one is copied.
    while (pos < input.length && input[pos] === 0xff) pos++;
    if (pos >= input.length) throw truncated('JPEG');
    const markerStart = pos - 1;
    const marker = input[pos++];
    if (marker === EOI) {
      parts.push(input.subarray(markerStart, pos));
      if (pos < input.length) removed.push(TRAILING_DATA);
      return assemble(input, parts, removed);
    }
    if (marker === 0x01 || (marker >= 0xd0 && marker <= 0xd7)) {
      parts.push(input.subarray(markerStart, pos));
      continue;
    }
    if (pos + 2 > input.length) throw truncated('JPEG');
    const length = input.readUInt16BE(pos);
    if (length < 2) throw malformed('JPEG', `segment length ${length}`);
    const end = pos + length;
    if (end > input.length) throw truncated('JPEG');
    const label = options.keepMetadata ? undefined : dropLabel(marker, input.subarray(pos + 2, end));
    if (label) removed.push(label);
    else parts.push(input.subarray(markerStart, end));
    pos = end;
    if (marker === SOS) {
      const scanEnd = endOfScan(input, pos);
      parts.push(input.subarray(pos, scanEnd));
      pos = scanEnd;
    }
  }
}

/** The entropy-coded data runs until a marker that is not a stuffed 0xFF00 or a restart marker. */
function endOfScan(input: Buffer, start: number): number {
  let pos = start;
  for (;;) {
    const ff = input.indexOf(0xff, pos);
    if (ff < 0 || ff + 1 >= input.length) throw truncated('JPEG');
    const next = input[ff + 1];
    if (next === 0x00 || (next >= 0xd0 && next <= 0xd7) || next === 0xff) {
      pos = next === 0xff ? ff + 1 : ff + 2;
      continue;
    }
    return ff;
  }
}

function dropLabel(marker: number, payload: Buffer): string | undefined {
  const id = payload.toString('latin1', 0, Math.min(payload.length, 32));
  if (marker === 0xfe) return 'COM';
  if (marker < 0xe0 || marker > 0xef) return undefined;
  const app = `APP${marker - 0xe0}`;
  if (marker === 0xe0 && id.startsWith('JFIF\0')) return undefined;
  if (marker === 0xe2 && id.startsWith('ICC_PROFILE\0')) return undefined;
  if (marker === 0xee && id.startsWith('Adobe')) return undefined;
  if (marker === 0xe1 && id.startsWith('Exif\0')) return `${app} Exif`;
  if (marker === 0xe1 && id.startsWith('http://ns.adobe.com/')) return `${app} XMP`;
  if (marker === 0xed) return `${app} IPTC`;
  if (marker === 0xe2 && id.startsWith('MPF\0')) return `${app} MPF`;
  return app;
}
