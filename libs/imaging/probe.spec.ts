import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { ImagingError, probeImage } from './index.js';
import { animatedGif, animatedWebp, gifBomb, phoneJpeg, photo, pngBomb } from './testing/fixtures.js';

async function rejection(promise: Promise<unknown>): Promise<ImagingError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ImagingError);
  return error as ImagingError;
}

describe('probeImage', () => {
  it('reports the display size after EXIF orientation and what metadata is present', async () => {
    const jpeg = await phoneJpeg(64, 32, 6);
    const probe = await probeImage(jpeg);
    expect(probe).toMatchObject({
      format: 'jpeg',
      width: 32,
      height: 64,
      orientation: 6,
      pages: 1,
      animated: false,
      hasAlpha: false,
      lossless: false,
      hasExif: true,
      hasGps: true,
      hasXmp: false,
      hasIptc: false,
      bytes: jpeg.length,
    });
  });

  it('reads from a file path as well as a buffer', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imaging-'));
    try {
      const file = join(dir, 'upload.bin');
      await writeFile(file, await sharp(await photo(30, 20, 1)).png().toBuffer());
      expect(await probeImage(file)).toMatchObject({ format: 'png', width: 30, height: 20, lossless: true, hasExif: false, hasGps: false });
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('counts frames of animations and tells real transparency from an unused alpha channel', async () => {
    expect(await probeImage(await animatedGif())).toMatchObject({ format: 'gif', width: 40, height: 30, pages: 3, animated: true, lossless: true });
    const transparent = await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 0, g: 0, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const opaque = await sharp({ create: { width: 20, height: 20, channels: 4, background: { r: 9, g: 9, b: 9, alpha: 1 } } }).png().toBuffer();
    expect(await probeImage(transparent)).toMatchObject({ hasAlpha: true, opaque: false });
    expect(await probeImage(opaque)).toMatchObject({ hasAlpha: true, opaque: true });
  });

  it('finds one transparent pixel whatever the alpha layout: 16-bit, grey, palette, a later frame', async () => {
    // One pixel in the far corner punched out (dest-out) or painted over opaque.
    const rgba = (hole: boolean) => sharp({ create: { width: 300, height: 200, channels: 4, background: { r: 40, g: 90, b: 200, alpha: 1 } } })
      .composite([{ input: { create: { width: 1, height: 1, channels: 4, background: '#000' } }, left: 299, top: 199, blend: hole ? 'dest-out' : 'over' }]);
    const cases: Array<[string, (hole: boolean) => Promise<Buffer>]> = [
      ['8-bit RGBA', (hole) => rgba(hole).png().toBuffer()],
      ['16-bit RGBA', async (hole) => sharp(await rgba(hole).png().toBuffer()).toColourspace('rgb16').png().toBuffer()],
      ['grey + alpha', async (hole) => sharp(await rgba(hole).png().toBuffer()).toColourspace('b-w').png().toBuffer()],
      ['palette with tRNS', (hole) => rgba(hole).png({ palette: true }).toBuffer()],
      ['WebP', (hole) => rgba(hole).webp({ lossless: true }).toBuffer()],
    ];
    for (const [name, make] of cases) {
      const seeThrough = await probeImage(await make(true));
      expect({ name, hasAlpha: seeThrough.hasAlpha, opaque: seeThrough.opaque }).toEqual({ name, hasAlpha: true, opaque: false });
      expect({ name, opaque: (await probeImage(await make(false))).opaque }).toEqual({ name, opaque: true });
    }
    // Three opaque frames but for one pixel of the last: every frame is looked at.
    const strip = Buffer.alloc(20 * 30 * 4, 255);
    for (let pixel = 0; pixel < 20 * 30; pixel++) strip[pixel * 4] = Math.floor(pixel / 200) * 80; // frames differ, so none is merged
    strip[strip.length - 1] = 0;
    const animation = await sharp(strip, { raw: { width: 20, height: 30, channels: 4, pageHeight: 10 } }).webp({ lossless: true, loop: 0 }).toBuffer();
    expect(await probeImage(animation)).toMatchObject({ animated: true, pages: 3, hasAlpha: true, opaque: false });
  });

  it('knows lossless from lossy WebP', async () => {
    const source = await photo(30, 30, 4);
    expect((await probeImage(await sharp(source).webp({ lossless: true }).toBuffer())).lossless).toBe(true);
    expect((await probeImage(await sharp(source).webp({ quality: 80 }).toBuffer())).lossless).toBe(false);
  });

  it('refuses markup, PDF, HEIC and unknown bytes as unsupported_type', async () => {
    const inputs = [
      '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
      '<!doctype html><script>alert(1)</script>',
      '%PDF-1.7',
      'just text',
    ].map((text) => Buffer.from(text));
    const heic = Buffer.concat([Buffer.from([0, 0, 0, 24]), Buffer.from('ftypheic\0\0\0\0mif1heic'), Buffer.alloc(100)]);
    for (const input of [...inputs, heic]) {
      const error = await rejection(probeImage(input));
      expect(error.code).toBe('unsupported_type');
    }
    expect((await rejection(probeImage(inputs[0]))).message).toMatch(/SVG/);
    expect((await rejection(probeImage(heic))).message).toMatch(/HEIC/);
  });

  it('decodes the pixels, so cut-off JPEG and PNG files are caught even though their headers are fine', async () => {
    const source = await photo(400, 300, 9);
    for (const format of ['jpeg', 'png', 'webp', 'gif'] as const) {
      const full = await sharp(source).toFormat(format).toBuffer();
      const cut = full.subarray(0, Math.floor(full.length * 0.6));
      const error = await rejection(probeImage(cut));
      if (format === 'jpeg' || format === 'png') {
        await expect(sharp(cut).metadata()).resolves.toBeDefined();
        expect([format, error.code]).toEqual([format, 'truncated']);
      } else {
        expect([format, error.code]).toEqual([format, expect.stringMatching(/^(truncated|undecodable)$/)]);
      }
    }
  });

  it('calls corrupt but complete data undecodable', async () => {
    const png = await sharp(await photo(100, 100, 2)).png().toBuffer();
    const corrupt = Buffer.from(png);
    const idat = corrupt.indexOf('IDAT');
    corrupt.fill(0x55, idat + 20, idat + 200);
    expect((await rejection(probeImage(corrupt))).code).toBe('undecodable');
    const headerOnly = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 4, 0, 0, 0xff, 0xd9]);
    expect((await rejection(probeImage(headerOnly))).code).toMatch(/undecodable|truncated/);
  });

  it('stops a PNG decompression bomb from its header, without allocating the pixels', async () => {
    const bomb = pngBomb(30000, 30000);
    expect(bomb.length).toBeLessThan(1_000_000);
    const rss = process.memoryUsage().rss;
    const error = await rejection(probeImage(bomb));
    expect(error.code).toBe('too_many_pixels');
    expect(error.message).toBe('image is 30000×30000 = 900 megapixels, over the 100 megapixel limit');
    expect(process.memoryUsage().rss - rss).toBeLessThan(300 * 1024 * 1024);
  });

  it('counts every frame of an animation against the limit', async () => {
    // 5000×5000 = 25 MP per frame is within the limit; 20 frames composited on that canvas are not.
    const bomb = gifBomb(5000, 5000, 20);
    expect(bomb.length).toBeLessThan(1000);
    const error = await rejection(probeImage(bomb));
    expect(error.code).toBe('too_many_pixels');
    expect(error.message).toBe('image is 5000×5000 × 20 frames = 500 megapixels, over the 100 megapixel limit');

    const webp = await animatedWebp(10, 200, 200);
    await expect(probeImage(webp, { limitInputPixels: 300_000 })).rejects.toMatchObject({ code: 'too_many_pixels' });
    await expect(probeImage(webp, { limitInputPixels: 400_000 })).resolves.toMatchObject({ pages: 10, animated: true });
  });
});
