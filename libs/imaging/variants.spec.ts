import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { renderVariant, thumbnail, variantBox } from './index.js';
import { animatedGif, phoneJpeg, photo, pngBomb } from './testing/fixtures.js';

describe('variantBox', () => {
  it('fits inside, clamped to the cap and to the source', () => {
    expect(variantBox(1920, 1080, { width: 640, height: 640 })).toEqual({ width: 640, height: 360, fit: 'fill' });
    expect(variantBox(1920, 1080, { width: 4000, height: 4000 })).toEqual({ width: 1920, height: 1080, fit: 'fill' });
    expect(variantBox(8000, 2000, { width: 8000, height: 8000, maxDimension: 4096 })).toEqual({ width: 4096, height: 1024, fit: 'fill' });
  });

  it('treats a single dimension as fit inside, still bounded on the other side', () => {
    expect(variantBox(1000, 50000, { width: 1000 })).toEqual({ width: 82, height: 4096, fit: 'fill' });
    expect(variantBox(1000, 500, { height: 100, fit: 'cover' })).toEqual({ width: 200, height: 100, fit: 'fill' });
  });

  it('bounds outside, whose output can exceed the box', () => {
    expect(variantBox(100, 5000, { width: 100, height: 100, fit: 'outside' })).toEqual({ width: 82, height: 4096, fit: 'fill' });
  });

  it('shrinks a cover/contain box that would enlarge the source, keeping its aspect ratio', () => {
    expect(variantBox(800, 600, { width: 1024, height: 1024, fit: 'cover' })).toEqual({ width: 600, height: 600, fit: 'cover' });
    expect(variantBox(1000, 100, { width: 500, height: 200, fit: 'cover' })).toEqual({ width: 250, height: 100, fit: 'cover' });
    // contain at 500×500 scales this source by 0.5: no enlargement, so the box stands.
    expect(variantBox(100, 1000, { width: 500, height: 500, fit: 'contain' })).toEqual({ width: 500, height: 500, fit: 'contain' });
    expect(variantBox(100, 100, { width: 400, height: 200, fit: 'contain' })).toEqual({ width: 200, height: 100, fit: 'contain' });
    expect(variantBox(300, 200, { width: 600, height: 100, fit: 'fill' })).toEqual({ width: 300, height: 100, fit: 'fill' });
  });

  it('rejects sizes that are not positive integers', () => {
    expect(() => variantBox(10, 10, { width: 0 })).toThrow(RangeError);
    expect(() => variantBox(10, 10, { width: 1.5 })).toThrow(RangeError);
    expect(() => variantBox(10, 10, { maxDimension: -1 })).toThrow(RangeError);
  });
});

describe('renderVariant', () => {
  let source: Buffer;
  beforeAll(async () => {
    source = await photo(1200, 800, 21);
  });

  it('renders cover crops at the exact size in each format', async () => {
    for (const format of ['webp', 'avif', 'jpeg', 'png'] as const) {
      const out = await renderVariant(source, { width: 200, height: 200, fit: 'cover', format, quality: 60, effort: format === 'avif' ? 1 : undefined });
      const meta = await sharp(out).metadata();
      expect([format, meta.width, meta.height]).toEqual([format, 200, 200]);
      expect(meta.format).toBe(format === 'avif' ? 'heif' : format);
    }
  });

  it('never enlarges and honours the caller cap', async () => {
    const same = await sharp(await renderVariant(source, { width: 5000, height: 5000 })).metadata();
    expect([same.width, same.height]).toEqual([1200, 800]);
    const capped = await sharp(await renderVariant(source, { width: 1000, maxDimension: 300 })).metadata();
    expect([capped.width, capped.height]).toEqual([300, 200]);
  });

  it('is upright and free of metadata', async () => {
    const out = await renderVariant(await phoneJpeg(64, 32, 6), { width: 16, format: 'jpeg' });
    const meta = await sharp(out).metadata();
    expect([meta.width, meta.height]).toEqual([16, 32]);
    expect(meta.exif).toBeUndefined();
    expect(meta.icc).toBeUndefined();
  });

  it('uses the first frame unless animated WebP is asked for', async () => {
    const gif = await animatedGif();
    const still = await sharp(await renderVariant(gif, { width: 20, format: 'webp' })).metadata();
    expect(still.pages ?? 1).toBe(1);
    const moving = await sharp(await renderVariant(gif, { width: 20, format: 'webp', animated: true })).metadata();
    expect([moving.pages, moving.width, moving.height]).toEqual([3, 20, 15]);
    const png = await sharp(await renderVariant(gif, { width: 20, format: 'png', animated: true })).metadata();
    expect(png.pages ?? 1).toBe(1);
  });

  it('puts transparency on a matte for JPEG and letterboxes contain', async () => {
    const rgba = await sharp({ create: { width: 100, height: 50, channels: 4, background: { r: 0, g: 0, b: 255, alpha: 0 } } }).png().toBuffer();
    const jpeg = await sharp(await renderVariant(rgba, { width: 50, format: 'jpeg' })).raw().toBuffer();
    expect([...jpeg.subarray(0, 3)].every((v) => v > 250)).toBe(true);
    const boxed = await sharp(await renderVariant(source, { width: 100, height: 100, fit: 'contain', format: 'png' })).ensureAlpha().raw().toBuffer();
    expect(boxed[3]).toBe(0);
    expect(boxed[(50 * 100 + 50) * 4 + 3]).toBe(255);
  });

  it('reads a file path and refuses bombs and non-images', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'imaging-'));
    try {
      const file = join(dir, 'stored');
      await writeFile(file, await sharp(source).jpeg().toBuffer());
      expect((await sharp(await thumbnail(file, 128)).metadata()).width).toBe(128);
      await writeFile(file, pngBomb(30000, 30000));
      await expect(renderVariant(file, { width: 100 })).rejects.toMatchObject({ code: 'too_many_pixels' });
      await writeFile(file, '<svg/>');
      await expect(renderVariant(file, { width: 100 })).rejects.toMatchObject({ code: 'unsupported_type' });
    } finally {
      await rm(dir, { recursive: true });
    }
  });

  it('makes bounded WebP thumbnails', async () => {
    const meta = await sharp(await thumbnail(source)).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['webp', 512, 341]);
  });
});
