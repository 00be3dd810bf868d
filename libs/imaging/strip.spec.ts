import { deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { exifHasGps, ImagingError, stripGif, stripJpeg, stripMetadata, stripPng, stripWebp, webpHasAlpha, webpIsLossless } from './index.js';
import { animatedGif, GPS, insertJpegSegments, insertPngChunks, photo, pngChunk, raw } from './testing/fixtures.js';

const XMP = '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/></x:xmpmeta>';
const TAIL = Buffer.from('<html><script>alert(document.cookie)</script></html>');

async function taggedJpeg(progressive = false): Promise<Buffer> {
  const jpeg = await sharp(await photo(120, 80, 11))
    .jpeg({ quality: 85, progressive })
    .withIccProfile('p3')
    .withExif({ IFD0: { Copyright: 'me' }, IFD3: GPS })
    .withXmp(XMP)
    .toBuffer();
  return insertJpegSegments(jpeg, [
    // mozjpeg writes no JFIF header; add one as most cameras and editors do.
    { marker: 0xe0, payload: Buffer.from([...Buffer.from('JFIF\0'), 1, 1, 0, 0, 1, 0, 1, 0, 0]) },
    { marker: 0xfe, payload: Buffer.from('comment <script>') },
    { marker: 0xed, payload: Buffer.from('Photoshop 3.0\u00008BIM\u0004\u0004\u0000\u0000\u0000\u0000\u0000\u0004\u001c\u0002\u0000\u0002', 'latin1') },
  ]);
}

async function expectSamePixels(a: Buffer, b: Buffer, animated = false) {
  expect((await raw(a, animated)).equals(await raw(b, animated))).toBe(true);
}

describe('stripJpeg', () => {
  it.each([false, true])('drops Exif/XMP/IPTC/COM, keeps JFIF, ICC and pixels (progressive: %s)', async (progressive) => {
    const input = await taggedJpeg(progressive);
    const before = await sharp(input).metadata();
    expect(before.exif && exifHasGps(before.exif)).toBe(true);
    expect(before.xmp).toBeDefined();
    expect(before.iptc).toBeDefined();

    const { data, removed } = stripJpeg(input);
    expect(removed).toEqual(expect.arrayContaining(['COM', 'APP13 IPTC', 'APP1 Exif', 'APP1 XMP']));
    expect(data.length).toBeLessThan(input.length);
    const after = await sharp(data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.iptc).toBeUndefined();
    expect(after.icc?.equals(before.icc!)).toBe(true);
    expect(data.includes('JFIF\0')).toBe(true);
    expect(data.includes('<script')).toBe(false);
    await expectSamePixels(input, data);
  });

  it('cuts everything after EOI, even when keeping metadata', async () => {
    const input = Buffer.concat([await taggedJpeg(), TAIL]);
    const kept = stripJpeg(input, { keepMetadata: true });
    expect(kept.removed).toEqual(['trailing data']);
    expect(kept.data.equals(input.subarray(0, input.length - TAIL.length))).toBe(true);
    expect(stripJpeg(input).data.includes('<script')).toBe(false);
  });

  it('returns the very same buffer when there is nothing to remove', async () => {
    const clean = await sharp(await photo(40, 40, 2)).jpeg().toBuffer();
    const result = stripJpeg(clean);
    expect(result.removed).toEqual([]);
    expect(result.data).toBe(clean);
  });

  it('keeps an Adobe APP14 segment, which tells decoders how to read the channels', async () => {
    const jpeg = await sharp(await photo(40, 40, 2)).jpeg().toBuffer();
    const adobe = Buffer.from([0x41, 0x64, 0x6f, 0x62, 0x65, 0, 100, 0, 0, 0, 0, 1]);
    const input = insertJpegSegments(jpeg, [{ marker: 0xee, payload: adobe }, { marker: 0xe5, payload: Buffer.from('private') }]);
    const { data, removed } = stripJpeg(input);
    expect(removed).toEqual(['APP5']);
    expect(data.includes(adobe)).toBe(true);
  });

  it('reports cut-off and malformed data as ImagingErrors', async () => {
    const input = await taggedJpeg();
    for (const cut of [input.length - 2, Math.floor(input.length / 2), 300, 5]) {
      expect(() => stripJpeg(input.subarray(0, cut))).toThrow(expect.objectContaining({ code: 'truncated' }));
    }
    expect(() => stripJpeg(Buffer.from('not a jpeg'))).toThrow(ImagingError);
    const broken = Buffer.from(input);
    broken[2] = 0x00;
    expect(() => stripJpeg(broken)).toThrow(expect.objectContaining({ code: 'undecodable' }));
  });
});

function pngChunkTypes(png: Buffer): string[] {
  const types: string[] = [];
  for (let pos = 8; pos < png.length; pos += 12 + png.readUInt32BE(pos)) types.push(png.toString('latin1', pos + 4, pos + 8));
  return types;
}

describe('stripPng', () => {
  async function taggedPng(): Promise<Buffer> {
    const png = await sharp(await photo(60, 40, 5)).png().withIccProfile('p3').withExif({ IFD3: GPS }).toBuffer();
    return insertPngChunks(png, [
      pngChunk('tEXt', Buffer.from('Comment\0<script>alert(1)</script>', 'latin1')),
      pngChunk('zTXt', Buffer.concat([Buffer.from('Author\0\0', 'latin1'), deflateSync('someone')])),
      pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${XMP}`, 'latin1')),
      pngChunk('tIME', Buffer.from([0x07, 0xe8, 1, 2, 3, 4, 5])),
      pngChunk('caBX', Buffer.from('private provenance blob')),
    ]);
  }

  it('drops eXIf and text/time/private chunks, keeps iCCP, pHYs and pixels', async () => {
    const input = await taggedPng();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.comments?.length).toBeGreaterThan(0);

    const { data, removed } = stripPng(input);
    expect(removed.sort()).toEqual(['caBX', 'eXIf', 'iTXt', 'tEXt', 'tIME', 'zTXt']);
    const after = await sharp(data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.comments ?? []).toEqual([]);
    expect(after.icc?.equals(before.icc!)).toBe(true);
    expect(pngChunkTypes(input)).toContain('pHYs');
    expect(pngChunkTypes(data)).toEqual(pngChunkTypes(input).filter((type) => !removed.includes(type)));
    expect(data.includes('<script')).toBe(false);
    await expectSamePixels(input, data);
  });

  it('cuts data after IEND and refuses a PNG without one', async () => {
    const png = await sharp(await photo(20, 20, 1)).png().toBuffer();
    const { data, removed } = stripPng(Buffer.concat([png, TAIL]));
    expect(removed).toEqual(['trailing data']);
    expect(data.equals(png)).toBe(true);
    expect(stripPng(png).data).toBe(png);
    expect(() => stripPng(png.subarray(0, png.length - 12))).toThrow(expect.objectContaining({ code: 'truncated' }));
    expect(() => stripPng(png.subarray(0, 40))).toThrow(expect.objectContaining({ code: 'truncated' }));
  });
});

describe('stripWebp', () => {
  it.each([true, false])('drops EXIF/XMP chunks, clears the VP8X flags and fixes the RIFF size (lossless: %s)', async (lossless) => {
    const input = await sharp(await photo(50, 30, 8))
      .webp({ lossless, quality: 70 })
      .withIccProfile('p3')
      .withExif({ IFD3: GPS })
      .withXmp(XMP)
      .toBuffer();
    const before = await sharp(input).metadata();
    expect(before.exif).toBeDefined();
    expect(before.xmp).toBeDefined();
    expect(webpIsLossless(input)).toBe(lossless);

    const { data, removed } = stripWebp(Buffer.concat([input, TAIL]));
    expect(removed.sort()).toEqual(['EXIF', 'XMP', 'trailing data']);
    expect(data.readUInt32LE(4)).toBe(data.length - 8);
    const vp8x = data.indexOf('VP8X');
    expect(data[vp8x + 8] & 0x0c).toBe(0);
    expect(data[vp8x + 8] & 0x20).toBe(0x20);
    const after = await sharp(data).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.icc?.equals(before.icc!)).toBe(true);
    await expectSamePixels(input, data);
  });

  it('handles animated WebP and rejects a short RIFF', async () => {
    const animated = await sharp(await animatedGif(), { animated: true }).webp({ lossless: true }).withExif({ IFD0: { Copyright: 'x' } }).toBuffer();
    const { data, removed } = stripWebp(animated);
    expect(removed).toEqual(['EXIF']);
    expect((await sharp(data).metadata()).pages).toBe(3);
    expect(webpIsLossless(data)).toBe(true);
    await expectSamePixels(animated, data, true);
    expect(() => stripWebp(animated.subarray(0, animated.length - 10))).toThrow(expect.objectContaining({ code: 'truncated' }));
  });
});

describe('webpHasAlpha', () => {
  const rgba = (alpha: number) =>
    sharp({ create: { width: 40, height: 24, channels: 4, background: { r: 200, g: 90, b: 30, alpha } } }).png().toBuffer();

  // Each encoding libwebp writes: plain VP8, VP8X + ALPH + VP8, plain VP8L with and without the alpha bit, VP8X.
  const cases: Array<[string, number, { quality?: number; lossless?: boolean }, boolean]> = [
    ['lossy, opaque', 1, { quality: 80 }, false],
    ['lossy, translucent', 0.5, { quality: 80 }, false],
    ['lossless, opaque', 1, { lossless: true }, false],
    ['lossless, translucent', 0.5, { lossless: true }, false],
    ['lossy, opaque, with an ICC profile (VP8X)', 1, { quality: 80 }, true],
    ['lossy, translucent, with an ICC profile', 0.5, { quality: 80 }, true],
    ['lossless, translucent, with an ICC profile', 0.5, { lossless: true }, true],
  ];
  it.each(cases)('agrees with sharp’s decoder: %s', async (_name, alpha, options, icc) => {
    let pipeline = sharp(await rgba(alpha)).webp(options);
    if (icc) pipeline = pipeline.withIccProfile('p3');
    const data = await pipeline.toBuffer();
    const decoded = (await sharp(data).metadata()).hasAlpha;
    expect(decoded).toBe(alpha < 1); // libwebp drops an alpha channel that is fully opaque
    expect(webpHasAlpha(data)).toBe(decoded);
  });

  it('refuses what is not a WebP image', async () => {
    expect(() => webpHasAlpha(Buffer.from('RIFF\x04\0\0\0WEBP', 'latin1'))).toThrow(ImagingError);
    const png = await rgba(1);
    expect(() => webpHasAlpha(png)).toThrow(ImagingError);
  });
});

describe('stripGif', () => {
  it('drops comments and XMP application blocks, keeps the loop and every frame', async () => {
    const gif = await animatedGif();
    const headerEnd = 13 + 3 * 2 ** ((gif[10] & 7) + 1);
    const comment = Buffer.from([0x21, 0xfe, 8, ...Buffer.from('<script>'), 0]);
    const xmpBody = Buffer.from(XMP);
    const xmp = Buffer.from([0x21, 0xff, 11, ...Buffer.from('XMP DataXMP'), xmpBody.length, ...xmpBody, 0]);
    const input = Buffer.concat([gif.subarray(0, headerEnd), comment, xmp, gif.subarray(headerEnd), TAIL]);
    const before = await sharp(input).metadata();
    expect(before.pages).toBe(3);

    const { data, removed } = stripGif(input);
    expect(removed).toEqual(['comment', 'XMP', 'trailing data']);
    expect(data.equals(gif)).toBe(true);
    expect((await sharp(data).metadata()).loop).toBe(before.loop);
    await expectSamePixels(input, data, true);
    expect(() => stripGif(gif.subarray(0, gif.length - 1))).toThrow(expect.objectContaining({ code: 'truncated' }));
  });
});

describe('stripMetadata', () => {
  it('dispatches on magic number and refuses formats it cannot strip losslessly', async () => {
    const png = await sharp(await photo(10, 10, 1)).png().toBuffer();
    expect(stripMetadata(Buffer.concat([png, TAIL])).data.equals(png)).toBe(true);
    const avif = await sharp(await photo(10, 10, 1)).avif().toBuffer();
    expect(() => stripMetadata(avif)).toThrow(expect.objectContaining({ code: 'unsupported_type' }));
  });
});

describe('exifHasGps', () => {
  it('finds the GPS IFD and ignores EXIF without one or garbage', async () => {
    const withGps = await sharp(await photo(10, 10, 1)).jpeg().withExif({ IFD3: GPS }).toBuffer();
    const without = await sharp(await photo(10, 10, 1)).jpeg().withExif({ IFD0: { Copyright: 'x' } }).toBuffer();
    expect(exifHasGps((await sharp(withGps).metadata()).exif)).toBe(true);
    expect(exifHasGps((await sharp(without).metadata()).exif)).toBe(false);
    expect(exifHasGps(Buffer.from('Exif\0\0MM\0*\0\0\0\u00ff'))).toBe(false);
    expect(exifHasGps(undefined)).toBe(false);
  });
});
