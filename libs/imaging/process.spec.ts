import sharp from 'sharp';
import { ImagingError, processImage, webpIsLossless } from './index.js';
import { animatedGif, GPS, gifBomb, insertPngChunks, phoneJpeg, photo, pngBomb, pngChunk, raw, screenshot } from './testing/fixtures.js';

const POLYGLOT_TAIL = Buffer.from('<html><body><script>fetch("/api/tokens").then(r => r.text()).then(alert)</script></body></html>');

describe('processImage', () => {
  let shot: Buffer;
  beforeAll(async () => {
    shot = await screenshot();
  });

  it.each([true, false])('rotates a phone JPEG upright and strips EXIF/GPS (compress: %s)', async (compress) => {
    const input = await phoneJpeg(64, 32, 6);
    const result = await processImage(input, { compress });
    expect(result.source).toMatchObject({ orientation: 6, hasGps: true });
    expect(result).toMatchObject({ format: 'jpeg', width: 32, height: 64, strippedMetadata: true, keptOriginalEncoding: false });
    const meta = await sharp(result.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.orientation ?? 1).toBe(1);
    expect([meta.width, meta.height]).toEqual([32, 64]);
  });

  it('keeps EXIF (GPS included) when asked, but still applies the orientation', async () => {
    const result = await processImage(await phoneJpeg(64, 32, 6), { keepMetadata: true, quality: 70 });
    const meta = await sharp(result.data).metadata();
    expect(meta.exif?.length).toBeGreaterThan(0);
    expect(meta.orientation ?? 1).toBe(1);
    expect([meta.width, meta.height]).toEqual([32, 64]);
    expect(result.strippedMetadata).toBe(false);
  });

  it.each(['webp', 'jpeg', 'avif'] as const)('compresses a 1920×1080 PNG screenshot to %s at quality 80', async (format) => {
    const result = await processImage(shot, { format, quality: 80, allowLossyFromLossless: true, effort: format === 'avif' ? 0 : undefined });
    expect(result).toMatchObject({ format, width: 1920, height: 1080, compressed: true, keptOriginalEncoding: false });
    expect(result.bytes).toBeLessThan(shot.length);
    expect((await sharp(result.data).metadata()).format).toBe(format === 'avif' ? 'heif' : format);
  });

  it('does not make a lossless source lossy unless allowed', async () => {
    const webp = await processImage(shot, { format: 'webp', quality: 80 });
    expect(webp.format).toBe('webp');
    expect(webpIsLossless(webp.data)).toBe(true);
    expect((await raw(webp.data)).equals(await raw(shot))).toBe(true);
    const jpeg = await processImage(shot, { format: 'jpeg', quality: 80 });
    expect(jpeg.format).toBe('png');
    expect((await raw(jpeg.data)).equals(await raw(shot))).toBe(true);
  });

  it('keeps every pixel of a lossless source whatever format is asked for, unless lossy is allowed', async () => {
    const source = await sharp(await photo(160, 120, 12)).png().toBuffer();
    for (const format of ['keep', 'webp', 'avif', 'jpeg', 'png'] as const) {
      const result = await processImage(source, { format, quality: 50 });
      expect([format, (await raw(result.data)).equals(await raw(source))]).toEqual([format, true]);
    }
    const lossy = await processImage(source, { format: 'webp', quality: 50, allowLossyFromLossless: true });
    expect(webpIsLossless(lossy.data)).toBe(false);
  });

  it('uses 4:4:4 chroma from quality 90 and 4:2:0 below', async () => {
    const source = await sharp(await photo(160, 120, 12)).jpeg({ quality: 100, chromaSubsampling: '4:4:4' }).toBuffer();
    for (const [quality, expected] of [[95, '4:4:4'], [90, '4:4:4'], [80, '4:2:0']] as const) {
      const result = await processImage(source, { format: 'jpeg', quality });
      expect(result.compressed).toBe(true);
      expect((await sharp(result.data).metadata()).chromaSubsampling).toBe(expected);
    }
  });

  it('turns TIFF into PNG (and leaves it alone with compress: false only when metadata is to be kept)', async () => {
    const tiff = await sharp(await photo(80, 60, 3)).tiff({ compression: 'none' }).toBuffer();
    const result = await processImage(tiff);
    expect(result.format).toBe('png');
    expect((await raw(result.data)).equals(await raw(tiff))).toBe(true);
    expect((await processImage(tiff, { compress: false, keepMetadata: true })).data).toBe(tiff);
  });

  it('never stores a TIFF as is unless asked to keep metadata: its own tags (Artist, GPS) are not EXIF to sharp', async () => {
    const tiff = tiffWithArtist('Jane Secret');
    expect((await sharp(tiff).metadata()).exif).toBeUndefined();
    for (const options of [{ compress: false }, { compress: true, quality: 100 }]) {
      const result = await processImage(tiff, options);
      expect(result.data.includes('Jane Secret')).toBe(false);
      expect((await raw(result.data)).equals(await raw(tiff))).toBe(true);
    }
  });

  it('converts CMYK to sRGB rather than attaching a CMYK profile to RGB output', async () => {
    const cmyk = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#d03020' } })
      .toColourspace('cmyk')
      .jpeg({ quality: 95 })
      .toBuffer();
    expect((await sharp(cmyk).metadata()).space).toBe('cmyk');
    const result = await processImage(cmyk, { format: 'webp' });
    const meta = await sharp(result.data).metadata();
    expect(meta.space).toBe('srgb');
    expect(meta.icc).toBeUndefined();
    const { dominant } = await sharp(result.data).stats();
    expect(dominant.r).toBeGreaterThan(150);
    expect(dominant.g).toBeLessThan(100);
  });

  it('keeps a 3-frame GIF animated when converting it to WebP', async () => {
    const gif = await animatedGif();
    const result = await processImage(gif, { format: 'webp' });
    expect(result).toMatchObject({ format: 'webp', width: 40, height: 30 });
    const meta = await sharp(result.data).metadata();
    expect(meta.format).toBe('webp');
    expect(meta.pages).toBe(3);
    expect(meta.delay).toEqual([100, 100, 100]);
    expect((await raw(result.data, true)).equals(await raw(gif, true))).toBe(true);
  });

  it('keeps animation over the requested format when that format cannot animate', async () => {
    for (const format of ['jpeg', 'avif', 'png'] as const) {
      const result = await processImage(await animatedGif(), { format, allowLossyFromLossless: true });
      expect([format, result.format]).toEqual([format, 'gif']);
      expect((await sharp(result.data).metadata()).pages).toBe(3);
    }
  });

  it('never writes RGBA as JPEG: a transparent PNG stays PNG with its alpha', async () => {
    const rgba = await sharp({ create: { width: 64, height: 64, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0 } } })
      .composite([{ input: { create: { width: 32, height: 32, channels: 4, background: { r: 255, g: 0, b: 0, alpha: 1 } } } }])
      .png()
      .toBuffer();
    for (const allowLossyFromLossless of [false, true]) {
      const result = await processImage(rgba, { format: 'jpeg', allowLossyFromLossless });
      expect(result.format).toBe('png');
      expect(result.formatNote).toMatch(/transparency/);
      const meta = await sharp(result.data).metadata();
      expect(meta.format).toBe('png');
      expect(meta.hasAlpha).toBe(true);
      const pixels = await sharp(result.data).ensureAlpha().raw().toBuffer();
      // The opaque square is composited in the centre; the corners stay transparent.
      expect(pixels[3]).toBe(0);
      expect(pixels[(32 * 64 + 32) * 4 + 3]).toBe(255);
    }
  });

  it('drops an alpha channel nobody uses, so such a PNG may become JPEG when lossy is allowed', async () => {
    const opaque = await sharp(await photo(200, 120, 3)).ensureAlpha(1).png().toBuffer();
    const result = await processImage(opaque, { format: 'jpeg', allowLossyFromLossless: true });
    expect(result.format).toBe('jpeg');
    expect((await sharp(result.data).metadata()).channels).toBe(3);
  });

  it('tells opaque from transparent on the way to WebP without a separate decode', async () => {
    const opaque = await sharp(await photo(120, 80, 5)).ensureAlpha(1).png().toBuffer();
    const holed = await sharp(opaque).composite([{ input: { create: { width: 1, height: 1, channels: 4, background: '#000' } }, left: 119, top: 79, blend: 'dest-out' }]).png().toBuffer();
    for (const [input, isOpaque] of [[opaque, true], [holed, false]] as const) {
      const result = await processImage(input, { format: 'webp', allowLossyFromLossless: true });
      expect({ isOpaque, format: result.format, opaque: result.source.opaque, hasAlpha: result.source.hasAlpha }).toEqual({ isOpaque, format: 'webp', opaque: isOpaque, hasAlpha: true });
      expect((await sharp(result.data).metadata()).hasAlpha).toBe(!isOpaque);
    }
  });

  it('downscales to fit maxWidth/maxHeight and never upscales', async () => {
    const big = await processImage(shot, { format: 'webp', maxWidth: 960, maxHeight: 960, allowLossyFromLossless: true });
    expect([big.width, big.height]).toEqual([960, 540]);
    const small = await processImage(await phoneJpeg(64, 32, 6), { maxWidth: 1000 });
    expect([small.width, small.height]).toEqual([32, 64]);
  });

  it('keeps the input encoding when re-encoding does not make it smaller', async () => {
    const tiny = await sharp(await photo(300, 200, 4)).jpeg({ quality: 30, mozjpeg: true }).toBuffer();
    const result = await processImage(tiny, { quality: 100 });
    expect(result).toMatchObject({ compressed: false, keptOriginalEncoding: true, format: 'jpeg' });
    expect(result.data).toBe(tiny);
  });

  it('strips metadata losslessly when it keeps the input encoding', async () => {
    const tagged = await sharp(await photo(300, 200, 4)).jpeg({ quality: 30 }).withExif({ IFD3: GPS }).toBuffer();
    const result = await processImage(tagged, { quality: 100 });
    expect(result).toMatchObject({ keptOriginalEncoding: true, strippedMetadata: true });
    expect((await sharp(result.data).metadata()).exif).toBeUndefined();
    expect((await raw(result.data)).equals(await raw(tagged))).toBe(true);
  });

  it('with compress: false returns the original bytes when there is nothing to strip', async () => {
    for (const input of [await sharp(await photo(80, 60, 1)).jpeg().toBuffer(), shot, await animatedGif()]) {
      const result = await processImage(input, { compress: false });
      expect(result).toMatchObject({ compressed: false, keptOriginalEncoding: true, strippedMetadata: false });
      expect(result.data).toBe(input);
    }
  });

  it('with compress: false only strips, byte-level, and ignores the size cap', async () => {
    const png = await sharp(await photo(120, 80, 6)).png().withExif({ IFD3: GPS }).toBuffer();
    const input = insertPngChunks(png, [pngChunk('tEXt', Buffer.from('Comment\0hello', 'latin1'))]);
    const result = await processImage(input, { compress: false, maxWidth: 10, format: 'webp' });
    expect(result).toMatchObject({ format: 'png', width: 120, keptOriginalEncoding: true, strippedMetadata: true, compressed: false });
    const meta = await sharp(result.data).metadata();
    expect(meta.exif).toBeUndefined();
    expect(meta.comments ?? []).toEqual([]);
    expect((await raw(result.data)).equals(await raw(input))).toBe(true);
  });

  it.each([true, false])('removes the HTML tail of a JPEG/HTML polyglot (compress: %s)', async (compress) => {
    const jpeg = await sharp(await photo(100, 100, 2)).jpeg({ quality: 80 }).toBuffer();
    const polyglot = Buffer.concat([jpeg, POLYGLOT_TAIL]);
    const result = await processImage(polyglot, { compress, quality: 95 });
    expect(result.format).toBe('jpeg');
    expect(result.data.includes('<script')).toBe(false);
    expect(result.data.includes('<html')).toBe(false);
  });

  it('turns bad input into ImagingErrors and never into a file', async () => {
    const jpeg = await sharp(await photo(300, 200, 1)).jpeg().toBuffer();
    const png = await sharp(await photo(300, 200, 1)).png().toBuffer();
    const rgba = await sharp(await photo(300, 200, 1)).ensureAlpha(0.5).png().toBuffer();
    const cases: [Buffer, string][] = [
      [jpeg.subarray(0, jpeg.length >> 1), 'truncated'],
      [png.subarray(0, png.length >> 1), 'truncated'],
      [rgba.subarray(0, rgba.length >> 1), 'truncated'],
      [pngBomb(30000, 30000), 'too_many_pixels'],
      [gifBomb(5000, 5000, 20), 'too_many_pixels'],
      [Buffer.from('<svg onload="alert(1)"/>'), 'unsupported_type'],
      [Buffer.from('<!DOCTYPE html><script>alert(1)</script>'), 'unsupported_type'],
    ];
    // Every route through: a decode pass first, or straight to the encoder (which must catch the same things).
    const routes = [{}, { format: 'webp' as const, allowLossyFromLossless: true }, { format: 'png' as const }, { compress: false }, { maxWidth: 60 }];
    for (const options of routes) {
      for (const [input, code] of cases) {
        const error = await processImage(input, options).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(ImagingError);
        expect([options, code, (error as ImagingError).code]).toEqual([options, code, code]);
      }
    }
  });

  it('rejects nonsense options as programming errors', async () => {
    await expect(processImage(shot, { quality: 0 })).rejects.toThrow(RangeError);
    await expect(processImage(shot, { quality: 80.5 })).rejects.toThrow(RangeError);
    await expect(processImage(shot, { maxWidth: -1 })).rejects.toThrow(RangeError);
  });
});

/** A 2×1 grey TIFF with an Artist tag, written by hand: sharp writes no such tags itself. */
function tiffWithArtist(artist: string): Buffer {
  const text = Buffer.from(`${artist}\0`, 'latin1');
  const entries: Array<[tag: number, type: number, count: number, value: number]> = [];
  const ifdSize = 2 + 10 * 12 + 4;
  const textAt = 8 + ifdSize;
  const pixelsAt = textAt + text.length;
  entries.push([256, 3, 1, 2], [257, 3, 1, 1], [258, 3, 1, 8], [259, 3, 1, 1], [262, 3, 1, 1]);
  entries.push([273, 4, 1, pixelsAt], [277, 3, 1, 1], [278, 3, 1, 1], [279, 4, 1, 2], [315, 2, text.length, textAt]);
  const out = Buffer.alloc(pixelsAt + 2);
  out.write('II', 0, 'latin1');
  out.writeUInt16LE(42, 2);
  out.writeUInt32LE(8, 4);
  out.writeUInt16LE(entries.length, 8);
  entries.forEach(([tag, type, count, value], i) => {
    const at = 10 + i * 12;
    out.writeUInt16LE(tag, at);
    out.writeUInt16LE(type, at + 2);
    out.writeUInt32LE(count, at + 4);
    if (type === 3 && count === 1) out.writeUInt16LE(value, at + 8);
    else out.writeUInt32LE(value, at + 8);
  });
  out.writeUInt32LE(0, 10 + entries.length * 12);
  text.copy(out, textAt);
  out[pixelsAt] = 40;
  out[pixelsAt + 1] = 200;
  return out;
}
