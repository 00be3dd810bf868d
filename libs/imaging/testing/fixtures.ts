import { createCipheriv } from 'node:crypto';
import { crc32, deflateSync } from 'node:zlib';
import sharp, { type OverlayOptions } from 'sharp';

import { mulberry32 as prng } from '../../prng/index.js';

export { prng };

/** Seeded noise from an AES-CTR keystream: deterministic like the PRNG, but native-speed for megapixels. */
export function noise(width: number, height: number, seed: number, channels: 3 | 4 = 3): Buffer {
  const key = Buffer.alloc(16);
  key.writeUInt32BE(seed >>> 0, 0);
  const data = createCipheriv('aes-128-ctr', key, Buffer.alloc(16)).update(Buffer.alloc(width * height * channels));
  if (channels === 4) for (let i = 3; i < data.length; i += 4) data[i] = 255;
  return data;
}

/** Blurred noise plus a few shapes: photo-like, and different per seed at every scale. */
export async function photo(width: number, height: number, seed: number): Promise<Buffer> {
  const random = prng(seed * 7919);
  const coarse = await sharp(noise(8, 6, seed), { raw: { width: 8, height: 6, channels: 3 } })
    .resize(width, height, { kernel: 'cubic' })
    .png()
    .toBuffer();
  const shapes: OverlayOptions[] = Array.from({ length: 6 }, () => {
    const w = Math.floor(width * (0.1 + random() * 0.3));
    const h = Math.floor(height * (0.1 + random() * 0.3));
    const colour = { r: Math.floor(random() * 256), g: Math.floor(random() * 256), b: Math.floor(random() * 256) };
    return {
      input: { create: { width: w, height: h, channels: 3, background: colour } },
      left: Math.floor(random() * (width - w)),
      top: Math.floor(random() * (height - h)),
    };
  });
  const grain = await sharp(noise(width, height, seed + 1), { raw: { width, height, channels: 3 } })
    .blur(1.2)
    .png()
    .toBuffer();
  return sharp(coarse)
    .composite([...shapes, { input: grain, blend: 'soft-light' }])
    .png()
    .toBuffer();
}

/** A 1920×1080 "screenshot": flat UI panels, text-like strokes, one noisy photo area. */
export async function screenshot(seed = 1): Promise<Buffer> {
  const width = 1920;
  const height = 1080;
  const random = prng(seed);
  const canvas = Buffer.alloc(width * height * 3);
  // Drawn with native fills: compositing thousands of tiny sharp layers takes seconds.
  const rect = (left: number, top: number, w: number, h: number, hex: string) => {
    const colour = Buffer.from(hex.slice(1), 'hex');
    for (let y = top; y < top + h; y++) canvas.fill(colour, (y * width + left) * 3, (y * width + left + w) * 3);
  };
  rect(0, 0, width, height, '#dbdee1');
  rect(0, 0, width, 48, '#2b2d31');
  rect(0, 48, 280, 1032, '#f2f3f5');
  rect(300, 70, 1000, 900, '#ffffff');
  rect(1320, 70, 580, 300, '#e3e5e8');
  // Glyph-like strokes: short dark bars in lines, the high-contrast edges that text makes.
  for (let line = 0; line < 40; line++) {
    let x = 320;
    const y = 90 + line * 22;
    while (x < 1260) {
      const glyph = 2 + Math.floor(random() * 9);
      const tall = random() < 0.3 ? 14 : 9;
      rect(x, y + (14 - tall), glyph, tall, '#1e1f22');
      x += glyph + 2 + (random() < 0.15 ? 8 : 0);
    }
  }
  for (let item = 0; item < 30; item++) rect(20, 70 + item * 32, 120 + Math.floor(random() * 120), 10, '#4e5058');
  return sharp(canvas, { raw: { width, height, channels: 3 } })
    .composite([{ input: await photo(540, 360, seed + 5), left: 1340, top: 640 }])
    .png()
    .toBuffer();
}

export const GPS = { GPSLatitudeRef: 'N', GPSLatitude: '52/1 31/1 12/1', GPSLongitudeRef: 'E', GPSLongitude: '13/1 24/1 36/1' };

/** A landscape JPEG tagged to display rotated 90° (orientation 6), with GPS and a copyright EXIF tag. */
export async function phoneJpeg(width = 64, height = 32, orientation = 6): Promise<Buffer> {
  return sharp(await photo(width, height, 3))
    .jpeg({ quality: 90 })
    .withExif({ IFD0: { Copyright: 'someone', Make: 'PhoneCo' }, IFD3: GPS })
    .withMetadata({ orientation })
    .toBuffer();
}

export async function animatedGif(colours = ['#ff0000', '#00ff00', '#0000ff'], width = 40, height = 30): Promise<Buffer> {
  const frames = await Promise.all(
    colours.map((background) => sharp({ create: { width, height, channels: 3, background } }).png().toBuffer()),
  );
  return sharp(frames, { join: { animated: true } })
    .gif({ delay: colours.map(() => 100), loop: 0 })
    .toBuffer();
}

export async function animatedWebp(frames: number, width: number, height: number): Promise<Buffer> {
  const images = await Promise.all(
    Array.from({ length: frames }, (_, i) => sharp(noise(width, height, 50 + i), { raw: { width, height, channels: 3 } }).png().toBuffer()),
  );
  return sharp(images, { join: { animated: true } }).webp({ quality: 60, delay: images.map(() => 80) }).toBuffer();
}

export function pngChunk(type: string, data: Buffer): Buffer {
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const out = Buffer.alloc(12 + data.length);
  out.writeUInt32BE(data.length, 0);
  body.copy(out, 4);
  out.writeUInt32BE(crc32(body), 8 + data.length);
  return out;
}

/** Inserts chunks right after IHDR (8-byte signature + 25-byte IHDR). */
export function insertPngChunks(png: Buffer, chunks: Buffer[]): Buffer {
  return Buffer.concat([png.subarray(0, 33), ...chunks, png.subarray(33)]);
}

/** Inserts JPEG segments right after SOI. */
export function insertJpegSegments(jpeg: Buffer, segments: { marker: number; payload: Buffer }[]): Buffer {
  const encoded = segments.map(({ marker, payload }) => {
    const header = Buffer.from([0xff, marker, 0, 0]);
    header.writeUInt16BE(payload.length + 2, 2);
    return Buffer.concat([header, payload]);
  });
  return Buffer.concat([jpeg.subarray(0, 2), ...encoded, jpeg.subarray(2)]);
}

/** A PNG of width×height whose IDAT holds `rows` (filter bytes included), however few of them there are. */
export function pngFromRows(width: number, height: number, bitDepth: number, colourType: number, rows: Buffer): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = bitDepth;
  ihdr[9] = colourType;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(rows, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A valid 1-bit greyscale PNG of width×height, all black: a few hundred KiB that decodes to gigabytes. */
export function pngBomb(width: number, height: number): Buffer {
  return pngFromRows(width, height, 1, 0, Buffer.alloc((1 + Math.ceil(width / 8)) * height));
}

/**
 * A GIF of many full-canvas frames whose LZW data ends at once: decoders fill each frame in, so
 * the file is bytes and the decode is width×height×frames pixels. (libnsgif already shrinks a
 * huge screen with tiny frames to the frame size, so the frames themselves must claim the size.)
 */
export function gifBomb(width: number, height: number, frames: number): Buffer {
  const header = Buffer.alloc(13 + 6);
  header.write('GIF89a', 0, 'latin1');
  header.writeUInt16LE(width, 6);
  header.writeUInt16LE(height, 8);
  header[10] = 0x80; // global colour table of 2 entries
  header.set([0, 0, 0, 255, 255, 255], 13);
  const loop = Buffer.from([0x21, 0xff, 11, ...Buffer.from('NETSCAPE2.0'), 3, 1, 0, 0, 0]);
  const descriptor = Buffer.from([0x2c, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
  descriptor.writeUInt16LE(width, 5);
  descriptor.writeUInt16LE(height, 7);
  const frame = Buffer.concat([
    Buffer.from([0x21, 0xf9, 4, 0, 10, 0, 0, 0]), // graphic control: 100 ms
    descriptor,
    Buffer.from([2, 2, 0x44, 0x01, 0]), // LZW: clear, index 0, end
  ]);
  return Buffer.concat([header, loop, ...Array.from({ length: frames }, () => frame), Buffer.from([0x3b])]);
}

/** Decoded RGBA pixels, so an opaque image compares equal whether or not it carries an alpha channel. */
export async function raw(image: Buffer, animated = false): Promise<Buffer> {
  return sharp(image, { animated }).ensureAlpha().raw().toBuffer();
}
