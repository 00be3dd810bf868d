import sharp from 'sharp';
import { gifBomb, insertJpegSegments, photo, pngBomb, pngFromRows } from '../../libs/imaging/testing/fixtures.js';

/**
 * Hostile files, built at run time (no blobs in the repository). `refused` ones must get a 4xx with a
 * message and leave nothing behind; `sanitized` ones are real images carrying a payload: they may be
 * stored, but only re-encoded, so `marker` never comes back from the server.
 */
export interface BadFile {
  name: string;
  data: Buffer;
  filename: string;
  expect: 'refused' | 'sanitized';
  marker?: Buffer;
}

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** An RGB PNG claiming width×height with only four rows of data: bytes, not gigabytes, to build. */
export const claimedPng = (width: number, height: number) => pngFromRows(width, height, 8, 2, Buffer.alloc((1 + width * 3) * 4));

/** A real JPEG whose frame header (SOF0) claims another size: the decoder believes it. */
function resizedJpegHeader(jpeg: Buffer, width: number, height: number): Buffer {
  const out = Buffer.from(jpeg);
  const sof = out.indexOf(Buffer.from([0xff, 0xc0]));
  if (sof < 0) throw new Error('no baseline SOF0 in the JPEG');
  out.writeUInt16BE(height, sof + 5);
  out.writeUInt16BE(width, sof + 7);
  return out;
}

/** A stored (uncompressed) one-entry ZIP archive, enough for unzip and for magic sniffers. */
export function zipArchive(name: string, content: Buffer): Buffer {
  const fileName = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0);
  local.writeUInt16LE(10, 4);
  local.writeUInt32LE(content.length, 18);
  local.writeUInt32LE(content.length, 22);
  local.writeUInt16LE(fileName.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0);
  central.writeUInt16LE(10, 4);
  central.writeUInt16LE(10, 6);
  central.writeUInt32LE(content.length, 20);
  central.writeUInt32LE(content.length, 24);
  central.writeUInt16LE(fileName.length, 28);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(1, 8);
  end.writeUInt16LE(1, 10);
  end.writeUInt32LE(46 + fileName.length, 12);
  end.writeUInt32LE(30 + fileName.length + content.length, 16);
  return Buffer.concat([local, fileName, content, central, fileName, end]);
}

const HTML = Buffer.from('<!doctype html><html><body><script>alert(document.domain)</script></body></html>');
const SCRIPT_MARKER = Buffer.from('<script>');
const ZIP_MARKER = Buffer.from('PK\x03\x04');
const EXIF_MARKER = Buffer.from('HUGE-EXIF-PAYLOAD');

/** Every hostile file, for each file-taking endpoint. */
export async function badFiles(): Promise<BadFile[]> {
  const png = await sharp(await photo(120, 80, 41)).png().toBuffer();
  const jpeg = await sharp(await photo(120, 80, 42)).jpeg().toBuffer();
  const svg = Buffer.from('<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(document.cookie)</script></svg>');
  // 64 KiB is the most one APP1 segment holds; twenty of them make 1.3 MB of "EXIF" before the image.
  const exifSegment = Buffer.concat([Buffer.from('Exif\0\0'), EXIF_MARKER, Buffer.alloc(65_000, 0x41)]);
  const hugeExif = insertJpegSegments(jpeg, Array.from({ length: 20 }, () => ({ marker: 0xe1, payload: exifSegment })));
  const refused = (name: string, data: Buffer, filename: string): BadFile => ({ name, data, filename, expect: 'refused' });
  const sanitized = (name: string, data: Buffer, filename: string, marker: Buffer): BadFile => ({ name, data, filename, expect: 'sanitized', marker });
  return [
    refused('empty file', Buffer.alloc(0), 'empty.png'),
    refused('truncated JPEG', jpeg.subarray(0, Math.floor(jpeg.length / 2)), 'cut.jpg'),
    refused('truncated PNG', png.subarray(0, Math.floor(png.length / 2)), 'cut.png'),
    refused('PNG signature only', PNG_SIGNATURE, 'sig.png'),
    refused('wrong magic under .png (text)', Buffer.from('definitely not an image, just text'), 'cat.png'),
    refused('wrong magic under .jpg (PNG body, broken signature)', Buffer.concat([Buffer.from('GARBAGE!'), png.subarray(8)]), 'cat.jpg'),
    refused('HTML under .gif', HTML, 'cat.gif'),
    refused('HTML/JPEG polyglot (HTML first)', Buffer.concat([HTML, jpeg]), 'poly.jpg'),
    refused('ZIP/PNG polyglot (ZIP first)', Buffer.concat([zipArchive('x.html', HTML), png]), 'poly.png'),
    refused('SVG with script', svg, 'vector.svg'),
    refused('SVG with script under .png', svg, 'vector.png'),
    refused('50000×50000 PNG (tiny crafted IHDR+IDAT)', claimedPng(50_000, 50_000), 'huge.png'),
    refused('30000×30000 1-bit PNG bomb', pngBomb(30_000, 30_000), 'bomb.png'),
    refused('JPEG header claiming 65000×65000', resizedJpegHeader(jpeg, 65_000, 65_000), 'huge.jpg'),
    refused('GIF, one 65535×65535 frame', gifBomb(65_535, 65_535, 1), 'huge.gif'),
    refused('GIF with 3000 full 1000×1000 frames', gifBomb(1_000, 1_000, 3_000), 'frames.gif'),
    sanitized('JPEG/HTML polyglot (JPEG first)', Buffer.concat([jpeg, HTML]), 'poly.html', SCRIPT_MARKER),
    sanitized('PNG/ZIP polyglot (PNG first)', Buffer.concat([png, zipArchive('x.html', HTML)]), 'poly.zip', ZIP_MARKER),
    sanitized('JPEG with 1.3 MB of EXIF', hugeExif, 'exif.jpg', EXIF_MARKER),
    sanitized('path traversal file name', png, '../../../../../../tmp/imagehive-traversal.png', Buffer.from('imagehive-traversal')),
    sanitized('Windows path traversal file name', png, '..\\..\\..\\windows\\evil.png', Buffer.from('..\\')),
    // Raw control characters make the part header malformed (busboy refuses it), image or not.
    refused('control characters in the file name', png, 'a\u0001b\u001b[31mc\u007f.png'),
    refused('path traversal name on a bad file', Buffer.from('not an image'), '../../../../etc/passwd'),
  ];
}

/** Query-language strings that must be refused with a 400 that points at the problem. */
export const BAD_QUERIES = [
  '(',
  ')',
  'dog &',
  '& dog',
  'dog | | cat',
  '~',
  '"unterminated',
  'dog.has(',
  'dog.color=',
  'width>',
  'width>>3',
  'width>abc',
  'coverage>2x',
  '('.repeat(60) + 'dog' + ')'.repeat(60),
  '~'.repeat(200) + 'dog',
  Array.from({ length: 300 }, (_, i) => `l${i}`).join(' | '),
  'dog '.repeat(600),
  '\u0000',
  'dog\u0000cat',
  '((((((((((',
  'dog & (cat | )',
];

/** Query strings sent as they are: broken percent-encoding and invalid UTF-8. */
export const RAW_BAD_QUERIES = ['%', '%zz', '%ff%fe', '%ED%A0%80', 'dog%00'];

/** Bodies that are not JSON, or not the JSON an endpoint can read, sent as application/json. */
export const MALFORMED_JSON: Array<{ name: string; body: string | Buffer }> = [
  { name: 'cut off object', body: '{"name":' },
  { name: 'cut off array', body: '[1,2' },
  { name: 'trailing garbage', body: '{"a":1}garbage' },
  { name: 'single quotes', body: "{'a':1}" },
  { name: 'NaN literal', body: '{"a":NaN}' },
  { name: 'bare word', body: 'undefined' },
  { name: 'invalid UTF-8', body: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
  { name: 'nested 100,000 deep', body: '['.repeat(100_000) + ']'.repeat(100_000) },
  { name: 'nested 40 deep', body: '{"a":'.repeat(40) + '1' + '}'.repeat(40) },
];
