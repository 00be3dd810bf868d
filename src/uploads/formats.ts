/** The raster formats Imagehive stores and serves; nothing that can carry script (no SVG, no HTML). */
export const FORMAT_INFO = {
  jpeg: { mimeType: 'image/jpeg', extension: 'jpg' },
  png: { mimeType: 'image/png', extension: 'png' },
  gif: { mimeType: 'image/gif', extension: 'gif' },
  webp: { mimeType: 'image/webp', extension: 'webp' },
  avif: { mimeType: 'image/avif', extension: 'avif' },
  tiff: { mimeType: 'image/tiff', extension: 'tif' },
} as const;

export type StoredFormat = keyof typeof FORMAT_INFO;

export function isStoredFormat(format: string): format is StoredFormat {
  return Object.hasOwn(FORMAT_INFO, format);
}
