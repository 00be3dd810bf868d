export type SniffedType =
  | 'jpeg'
  | 'png'
  | 'gif'
  | 'webp'
  | 'avif'
  | 'tiff'
  | 'heic'
  | 'svg'
  | 'html'
  | 'xml'
  | 'pdf'
  | 'unknown';

/** Raster types sharp can decode in this build; HEIC needs an HEVC decoder that the prebuilt libvips lacks. */
export type RasterFormat = 'jpeg' | 'png' | 'gif' | 'webp' | 'avif' | 'tiff';
export const RASTER_FORMATS: readonly RasterFormat[] = ['jpeg', 'png', 'gif', 'webp', 'avif', 'tiff'];

export function isRasterFormat(type: string): type is RasterFormat {
  return (RASTER_FORMATS as readonly string[]).includes(type);
}

const AVIF_BRANDS = new Set(['avif', 'avis']);
const HEIC_BRANDS = new Set(['heic', 'heix', 'hevc', 'hevx', 'heim', 'heis', 'hevm', 'hevs', 'mif1', 'msf1']);

/**
 * The type from the first bytes (pass at least SNIFF_BYTES). Markup is detected even after a BOM,
 * whitespace, an XML declaration, comments or a doctype, so the app can refuse anything a browser
 * might run as a document.
 */
export function sniffType(head: Buffer): SniffedType {
  if (startsWith(head, [0xff, 0xd8, 0xff])) return 'jpeg';
  if (startsWith(head, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return 'png';
  if (ascii(head, 0, 6) === 'GIF87a' || ascii(head, 0, 6) === 'GIF89a') return 'gif';
  if (ascii(head, 0, 4) === 'RIFF' && ascii(head, 8, 12) === 'WEBP') return 'webp';
  if (ascii(head, 4, 8) === 'ftyp') return isoBrand(head);
  if (['II*\0', 'MM\0*', 'II+\0', 'MM\0+'].includes(ascii(head, 0, 4))) return 'tiff';
  // Readers accept %PDF- anywhere in the first KiB, so a "PDF" with a prefix is still a PDF to them.
  if (head.subarray(0, 1024).includes('%PDF-')) return 'pdf';
  return sniffMarkup(head);
}

function isoBrand(head: Buffer): SniffedType {
  const boxSize = head.length >= 4 ? head.readUInt32BE(0) : 0;
  const end = Math.min(boxSize >= 16 ? boxSize : 16, head.length);
  const brands = [ascii(head, 8, 12)];
  for (let offset = 16; offset + 4 <= end; offset += 4) brands.push(ascii(head, offset, offset + 4));
  // mif1 is the generic HEIF brand that AVIF files list too, so an AVIF brand anywhere wins.
  if (brands.some((brand) => AVIF_BRANDS.has(brand))) return 'avif';
  if (brands.some((brand) => HEIC_BRANDS.has(brand))) return 'heic';
  return 'unknown';
}

/** WHATWG MIME sniffing's HTML tags, each followed by a space or '>'. */
const HTML_TAGS = ['html', 'head', 'body', 'script', 'iframe', 'h1', 'div', 'font', 'table', 'a', 'style', 'title', 'b', 'br', 'p'];

function sniffMarkup(head: Buffer): SniffedType {
  let text = decodeText(head);
  if (text === undefined) return 'unknown';
  let sawXmlDeclaration = false;
  for (;;) {
    text = text.trimStart();
    if (text.startsWith('<?')) {
      if (/^<\?xml[\s?]/i.test(text)) sawXmlDeclaration = true;
      const end = text.indexOf('?>');
      if (end < 0) return sawXmlDeclaration ? 'xml' : 'unknown';
      text = text.slice(end + 2);
    } else if (text.startsWith('<!--')) {
      const end = text.indexOf('-->');
      // A comment that runs past the sniffed bytes: browsers sniff a leading comment as HTML.
      if (end < 0) return sawXmlDeclaration ? 'xml' : 'html';
      text = text.slice(end + 3);
    } else if (/^<!doctype\s/i.test(text)) {
      const root = /^<!doctype\s+([a-z0-9:_-]+)/i.exec(text)?.[1]?.toLowerCase();
      if (root === 'svg') return 'svg';
      if (root === 'html') return 'html';
      const end = text.indexOf('>');
      if (end < 0) return 'xml';
      text = text.slice(end + 1);
    } else {
      break;
    }
  }
  const tag = /^<([a-z][a-z0-9]*)(?::([a-z][a-z0-9]*))?([\s/>]|$)/i.exec(text);
  if (!tag) return sawXmlDeclaration ? 'xml' : 'unknown';
  const name = (tag[2] ?? tag[1]).toLowerCase();
  if (name === 'svg') return 'svg';
  if (!tag[2] && HTML_TAGS.includes(name) && tag[3] !== '/') return 'html';
  return 'xml';
}

/** Text only if it decodes without control bytes that never occur in markup; binary formats stay 'unknown'. */
function decodeText(head: Buffer): string | undefined {
  let text: string;
  if (startsWith(head, [0xef, 0xbb, 0xbf])) text = head.subarray(3).toString('utf8');
  else if (startsWith(head, [0xff, 0xfe])) text = head.subarray(2).toString('utf16le');
  else if (startsWith(head, [0xfe, 0xff])) text = swapBytes(head.subarray(2)).toString('utf16le');
  else text = head.toString('latin1');
  const start = text.trimStart();
  if (!start.startsWith('<')) return undefined;
  // Only the first few hundred characters need to be clean; later bytes may be a cut-off multi-byte char.
  return /[\u0000-\u0008\u000e-\u001f]/.test(start.slice(0, 512)) ? undefined : start;
}

function swapBytes(buffer: Buffer): Buffer {
  const copy = Buffer.from(buffer.subarray(0, buffer.length & ~1));
  return copy.swap16();
}

function startsWith(buffer: Buffer, bytes: number[]): boolean {
  return buffer.length >= bytes.length && bytes.every((byte, i) => buffer[i] === byte);
}

function ascii(buffer: Buffer, start: number, end: number): string {
  return buffer.length >= end ? buffer.toString('latin1', start, end) : '';
}
