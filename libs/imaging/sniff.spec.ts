import sharp from 'sharp';
import { sniffType } from './index.js';

const ftyp = (major: string, ...compatible: string[]) => {
  const box = Buffer.alloc(16 + 4 * compatible.length);
  box.writeUInt32BE(box.length, 0);
  box.write(`ftyp${major}`, 4, 'latin1');
  compatible.forEach((brand, i) => box.write(brand, 16 + 4 * i, 'latin1'));
  return Buffer.concat([box, Buffer.alloc(64)]);
};

describe('sniffType', () => {
  it('recognises what sharp writes by magic number', async () => {
    const image = sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } });
    for (const format of ['jpeg', 'png', 'gif', 'webp', 'avif', 'tiff'] as const) {
      const bytes = await image.clone().toFormat(format).toBuffer();
      expect(sniffType(bytes)).toBe(format);
    }
  });

  it('tells AVIF from HEIC by the ftyp brands, not the major brand alone', () => {
    expect(sniffType(ftyp('avif', 'mif1', 'miaf'))).toBe('avif');
    expect(sniffType(ftyp('mif1', 'miaf', 'avif'))).toBe('avif');
    expect(sniffType(ftyp('avis', 'msf1'))).toBe('avif');
    expect(sniffType(ftyp('heic', 'mif1'))).toBe('heic');
    expect(sniffType(ftyp('mif1', 'heic'))).toBe('heic');
    expect(sniffType(ftyp('isom', 'mp41'))).toBe('unknown');
  });

  it('finds SVG behind a BOM, whitespace, an XML declaration, comments and a doctype', () => {
    const svgs = [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '\uFEFF  \n<?xml version="1.0" encoding="UTF-8"?>\n<!-- licence: MIT -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "x">\n<svg onload="alert(1)"/>',
      '<?xml version="1.0"?><!-- a --><!-- b --><svg:svg xmlns:svg="http://www.w3.org/2000/svg"/>',
      '\r\n\t<SVG>',
    ];
    for (const svg of svgs) expect(sniffType(Buffer.from(svg, 'utf8'))).toBe('svg');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('<?xml version="1.0"?><svg/>', 'utf16le')]);
    expect(sniffType(utf16)).toBe('svg');
    const utf16be = Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('<svg/>', 'utf16le').swap16()]);
    expect(sniffType(utf16be)).toBe('svg');
  });

  it('finds HTML the way browsers sniff it', () => {
    for (const html of [
      '<!DOCTYPE html><html><body><script>alert(1)</script>',
      '  <html lang="en">',
      '<!-- saved from url --><script>alert(1)</script>',
      '<!-- a comment longer than the sniffed head',
      '<IFRAME src=x>',
      '<a href="javascript:alert(1)">x</a>',
      '<p>hi',
    ]) {
      expect(sniffType(Buffer.from(html))).toBe('html');
    }
  });

  it('calls other markup xml and refuses to guess for plain text or binary', () => {
    expect(sniffType(Buffer.from('<?xml version="1.0"?><rss version="2.0"></rss>'))).toBe('xml');
    expect(sniffType(Buffer.from('<?xml version="1.0"?>'))).toBe('xml');
    expect(sniffType(Buffer.from('<foo/>'))).toBe('xml');
    expect(sniffType(Buffer.from('hello <svg>'))).toBe('unknown');
    expect(sniffType(Buffer.from([0x00, 0x01, 0x02, 0x03, 0x3c]))).toBe('unknown');
    expect(sniffType(Buffer.from('<\u0001svg>'))).toBe('unknown');
    expect(sniffType(Buffer.alloc(0))).toBe('unknown');
    expect(sniffType(Buffer.from([0xff, 0xd8]))).toBe('unknown');
  });

  it('treats a %PDF- header within the first KiB as PDF', () => {
    expect(sniffType(Buffer.from('%PDF-1.7\n%âãÏÓ\n1 0 obj'))).toBe('pdf');
    expect(sniffType(Buffer.concat([Buffer.alloc(200, 0x20), Buffer.from('%PDF-1.4')]))).toBe('pdf');
  });

  it('calls a JPEG/HTML polyglot a JPEG (the tail is removed later)', async () => {
    const jpeg = await sharp({ create: { width: 8, height: 8, channels: 3, background: '#fff' } }).jpeg().toBuffer();
    expect(sniffType(Buffer.concat([jpeg, Buffer.from('<html><script>alert(1)</script></html>')]))).toBe('jpeg');
  });
});
