// Test images made here with sharp, deterministic per seed, close to the peers' test files
// (photo.jpg 1280×853 ≈ 212 KB; screenshot.png 1920×1080 ≈ 1.23 MB) so the figures compare.
import { createCipheriv } from 'node:crypto';
import sharp from 'sharp';

/** mulberry32: deterministic layout. */
function prng(seed) {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Seeded RGB noise from an AES-CTR keystream: native speed for megapixels. */
function noise(width, height, seed) {
  const key = Buffer.alloc(16);
  key.writeUInt32BE(seed >>> 0, 0);
  return createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(width * height * 3));
}

const raw = (width, height, seed) => sharp(noise(width, height, seed), { raw: { width, height, channels: 3 } });

/** Smooth colour gradients, a few flat shapes and blurred grain: compresses like a photo. PNG bytes. */
async function photoPng(width, height, seed, grainBlur) {
  const random = prng(seed * 7919);
  const coarse = await raw(8, 6, seed).resize(width, height, { kernel: 'cubic' }).png().toBuffer();
  const shapes = Array.from({ length: 6 }, () => {
    const w = Math.floor(width * (0.1 + random() * 0.3));
    const h = Math.floor(height * (0.1 + random() * 0.3));
    const background = { r: Math.floor(random() * 256), g: Math.floor(random() * 256), b: Math.floor(random() * 256) };
    return { input: { create: { width: w, height: h, channels: 3, background } }, left: Math.floor(random() * (width - w)), top: Math.floor(random() * (height - h)) };
  });
  const grain = await raw(width, height, seed + 1).blur(grainBlur).png().toBuffer();
  return sharp(coarse).composite([...shapes, { input: grain, blend: 'soft-light' }]).png().toBuffer();
}

/** The ~211 KB JPEG photo (1280×853, q83) that the serving cases fetch. */
export async function photoJpeg(seed = 7) {
  return sharp(await photoPng(1280, 853, seed, 1.1)).jpeg({ quality: 83 }).toBuffer();
}

/** A 1920×1080 "screenshot" PNG: flat UI panels, rows of glyph-like strokes, one noisy photo pane. */
export async function screenshotPng(seed = 1) {
  const random = prng(seed);
  const panel = (left, top, width, height, background) => ({ input: { create: { width, height, channels: 3, background } }, left, top });
  const layers = [panel(0, 0, 1920, 48, '#2b2d31'), panel(0, 48, 280, 1032, '#f2f3f5'), panel(300, 70, 1000, 900, '#ffffff'), panel(1320, 70, 580, 300, '#e3e5e8')];
  // Text-like lines: short dark bars of varying width, the high-contrast edges that text makes.
  for (let line = 0; line < 40; line++) {
    const y = 90 + line * 22;
    for (let x = 320; x < 1260; ) {
      const glyph = 2 + Math.floor(random() * 9);
      const tall = random() < 0.3 ? 14 : 9;
      layers.push(panel(x, y + (14 - tall), glyph, tall, '#1e1f22'));
      x += glyph + 2 + (random() < 0.15 ? 8 : 0);
    }
  }
  for (let item = 0; item < 30; item++) layers.push(panel(20, 70 + item * 32, 120 + Math.floor(random() * 120), 10, '#4e5058'));
  layers.push({ input: await photoPng(560, 600, seed + 5, 0.8), left: 1330, top: 400 });
  return sharp({ create: { width: 1920, height: 1080, channels: 3, background: '#dbdee1' } }).composite(layers).png().toBuffer();
}
