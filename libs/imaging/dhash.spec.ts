import sharp from 'sharp';
import { configureSharp, dHash, hammingDistance, sharpStatus } from './index.js';
import { photo, screenshot } from './testing/fixtures.js';

describe('hammingDistance', () => {
  it('counts differing bits of two 64-bit hex hashes', () => {
    expect(hammingDistance('0000000000000000', '0000000000000000')).toBe(0);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('8000000000000001', '0000000000000000')).toBe(2);
    expect(hammingDistance('ABCDEF0123456789', 'abcdef0123456789')).toBe(0);
  });

  it('refuses anything but 16 hex digits', () => {
    expect(() => hammingDistance('abc', '0000000000000000')).toThrow(RangeError);
    expect(() => hammingDistance('000000000000000g', '0000000000000000')).toThrow(RangeError);
  });
});

describe('dHash', () => {
  const images: Buffer[] = [];
  beforeAll(async () => {
    for (let seed = 1; seed <= 8; seed++) images.push(await photo(400, 300, seed));
    for (let seed = 3; seed <= 4; seed++) images.push(await screenshot(seed));
  });

  it('is 16 hex digits and deterministic', async () => {
    const hash = await dHash(images[0]);
    expect(hash).toMatch(/^[0-9a-f]{16}$/);
    expect(await dHash(images[0])).toBe(hash);
  });

  it('stays close for the same picture re-encoded, resized or slightly brightened', async () => {
    for (const image of images) {
      const original = await dHash(image);
      const copies = await Promise.all([
        sharp(image).jpeg({ quality: 50 }).toBuffer(),
        sharp(image).webp({ quality: 40 }).toBuffer(),
        sharp(image).resize({ width: 300 }).png().toBuffer(),
        sharp(image).resize({ width: 1000 }).jpeg({ quality: 85 }).toBuffer(),
        sharp(image).modulate({ brightness: 1.08 }).png().toBuffer(),
        sharp(image).linear(1, 12).jpeg({ quality: 80 }).toBuffer(),
      ]);
      for (const copy of copies) expect(hammingDistance(original, await dHash(copy))).toBeLessThanOrEqual(6);
    }
  });

  it('is far apart for different pictures', async () => {
    const hashes = await Promise.all(images.map((image) => dHash(image)));
    const distances: number[] = [];
    for (let i = 0; i < hashes.length; i++) {
      for (let j = i + 1; j < hashes.length; j++) distances.push(hammingDistance(hashes[i], hashes[j]));
    }
    const mean = distances.reduce((sum, d) => sum + d, 0) / distances.length;
    expect(mean).toBeGreaterThanOrEqual(20);
    expect(Math.min(...distances)).toBeGreaterThan(6);
  });

  it('ignores EXIF orientation tricks: a rotated copy hashes like the upright original', async () => {
    const upright = await sharp(images[1]).rotate(90).jpeg({ quality: 90 }).toBuffer();
    const tagged = await sharp(images[1]).jpeg({ quality: 90 }).withMetadata({ orientation: 6 }).toBuffer();
    expect(hammingDistance(await dHash(upright), await dHash(tagged))).toBeLessThanOrEqual(6);
  });
});

describe('configureSharp', () => {
  it('sets libvips concurrency, turns the cache off by default and reports the pool', () => {
    const before = sharpStatus().concurrency;
    try {
      const status = configureSharp({ concurrency: 2 });
      expect(status).toMatchObject({ concurrency: 2, cacheMemoryMb: 0, queued: 0, running: 0 });
      expect(sharp.cache().memory.max).toBe(0);
      expect(configureSharp({ cacheMemoryMb: 16 }).cacheMemoryMb).toBe(16);
      expect(sharp.cache().memory.max).toBe(16);
      expect(status.threadpoolSize).toBe(Number(process.env.UV_THREADPOOL_SIZE) || 4);
      expect(() => configureSharp({ concurrency: 0 })).toThrow(RangeError);
    } finally {
      configureSharp({ concurrency: before });
    }
  });
});
